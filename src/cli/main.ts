/* eslint-disable no-console -- the command line prints */
import { DEMO_USAGE, startDemoFromArgs } from './demo-command';
import { DEFAULT_CLIENT_SECRET } from '../emulator';
import { exposureWarning } from '../emulator/http/host-check';
import { EMULATOR_USAGE, startEmulatorFromArgs, UsageError } from './emulator-command';
import { parseUploadArgs, runUpload, UPLOAD_USAGE } from './upload-command';
import { StartError } from './start-checks';

const USAGE = `Usage: mpsync <command> [options]

Commands:
  emulator   run a local mpserverless emulator (mpsync emulator --help)
  demo       run the emulator and serve the offline-first web demo (mpsync demo --help)
  upload     upload files to a space through the OpenAPI (mpsync upload --help)
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help') {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === 'upload') {
    if (rest.includes('-h') || rest.includes('--help')) {
      console.log(UPLOAD_USAGE);
      return 0;
    }
    const io = {
      fetch,
      now: Date.now,
      out: (line: string) => console.log(line),
      sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    };
    return runUpload(parseUploadArgs(rest, process.env), io);
  }
  if (command !== 'emulator' && command !== 'demo') {
    console.error(`mpsync: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  if (rest.includes('-h') || rest.includes('--help')) {
    console.log(command === 'demo' ? DEMO_USAGE : EMULATOR_USAGE);
    return 0;
  }
  const { emulator, demo } = command === 'demo' ? await startDemoFromArgs(rest) : { emulator: await startEmulatorFromArgs(rest), demo: undefined };
  // Listen for the stop signals before announcing the address: a caller may stop it as soon as it reads it.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  console.log(`mpsync emulator listening on ${emulator.endpoint} spaceId=${emulator.spaceId} clientSecret=${emulator.clientSecret}`);
  console.log(emulator.dataDir ? `data in ${emulator.dataDir}` : 'data in memory (gone when the emulator stops)');
  for (const line of emulator.warnings) console.error(line);
  const warning = exposureWarning(emulator.host, emulator.clientSecret, DEFAULT_CLIENT_SECRET);
  if (warning) console.error(warning);
  console.log(`openapi on ${emulator.openApiEndpoint} accessKeyId=${emulator.accessKeyId} accessKeySecret=${emulator.accessKeySecret}`);
  if (demo) {
    console.log(`mpsync demo on ${demo.url}`);
    console.log('open it in two tabs (each tab is a device with its own offline cache); Ctrl+C stops both');
  }
  await stopped;
  await demo?.stop();
  await emulator.stop();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      const usage = { demo: DEMO_USAGE, upload: UPLOAD_USAGE }[process.argv[2] ?? ''] ?? EMULATOR_USAGE;
      console.error(`mpsync: ${error.message}\n\n${usage}`);
      process.exit(2);
    }
    if (error instanceof StartError) {
      console.error(`mpsync: ${error.message}`);
      process.exit(1);
    }
    console.error(`mpsync: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
