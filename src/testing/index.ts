export { nodeSdkAdapter } from './node-sdk-adapter';
export type { NodeSdkAdapter, NodeSdkAdapterOptions, SdkCallOptions } from './node-sdk-adapter';
export { memoryPlatform } from './memory-platform';
export type { MemoryPlatform, MemoryPlatformOptions } from './memory-platform';
export { memoryStorage } from '../store/memory-backend';
export { manualScheduler } from './manual-scheduler';
export type { ManualScheduler } from './manual-scheduler';
