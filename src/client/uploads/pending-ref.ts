import type { JsonValue } from '../../core/json';
import { isPlainObject } from '../../core/json';

/** What the SDK's `uploadFile` resolves to, and what an offline upload answers in its place. */
export interface UploadAnswer {
  readonly fileId: string;
  readonly fileUrl: string;
  readonly filePath: string;
}

const PREFIX = 'mpsync-pending:';
// The id is 24 hex digits; the fragment tells which field of the answer the string stood for.
const PENDING = /^mpsync-pending:([0-9a-f]{24})(?:#(fileUrl|filePath))?$/;

/**
 * The answer an offline `uploadFile` gives: the SDK's shape, each field a `mpsync-pending:` string
 * that the client later replaces, wherever a document holds it, by the real field.
 *
 * @example
 * pendingAnswer('0123456789abcdef01234567').fileUrl; // 'mpsync-pending:0123456789abcdef01234567#fileUrl'
 */
export function pendingAnswer(id: string): UploadAnswer {
  return { fileId: `${PREFIX}${id}`, fileUrl: `${PREFIX}${id}#fileUrl`, filePath: `${PREFIX}${id}#filePath` };
}

/** The pending upload id a string stands for, or `undefined` when it is no pending reference. */
export function pendingIdOf(value: unknown): string | undefined {
  return typeof value === 'string' ? PENDING.exec(value)?.[1] : undefined;
}

/** Whether `value` is a field of a pending answer (`pendingAnswer(...).fileId`, `.fileUrl` or `.filePath`). */
export function isPendingRef(value: unknown): boolean {
  return pendingIdOf(value) !== undefined;
}

/** The value that replaces a pending reference: the real answer's field, or `null` when the upload did not happen. */
export function resolvedRef(value: string, answer: UploadAnswer | null): string | null {
  if (!answer) return null;
  const field = PENDING.exec(value)?.[2];
  return field === 'fileUrl' ? answer.fileUrl : field === 'filePath' ? answer.filePath : answer.fileId;
}

/** A place in a document where a pending reference sits: a dotted path (array indexes included). */
export interface RefPlace {
  readonly path: string;
  readonly value: string;
  readonly id: string;
}

/** Every pending reference in `doc`, at any depth (fields and array elements). */
export function pendingRefsIn(doc: JsonValue, prefix = ''): RefPlace[] {
  const out: RefPlace[] = [];
  const visit = (value: JsonValue, path: string): void => {
    if (typeof value === 'string') {
      const id = pendingIdOf(value);
      if (id !== undefined && path !== '') out.push({ path, value, id });
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, path === '' ? String(i) : `${path}.${i}`));
    } else if (isPlainObject(value)) {
      for (const [key, item] of Object.entries(value)) visit(item, path === '' ? key : `${path}.${key}`);
    }
  };
  visit(doc, prefix);
  return out;
}

/**
 * A copy of `doc` with every pending reference replaced by what `answerOf(id)` gives (the real
 * answer, or `null` for an upload that did not happen).
 */
export function replaceRefs(doc: JsonValue, answerOf: (id: string) => UploadAnswer | null): JsonValue {
  if (typeof doc === 'string') {
    const id = pendingIdOf(doc);
    return id === undefined ? doc : resolvedRef(doc, answerOf(id));
  }
  if (Array.isArray(doc)) return doc.map((item) => replaceRefs(item, answerOf));
  if (isPlainObject(doc)) {
    const out: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(doc)) out[key] = replaceRefs(item, answerOf);
    return out;
  }
  return doc;
}
