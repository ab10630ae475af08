export { nodeSdkAdapter } from './node-sdk-adapter';
export type { NodeSdkAdapter, NodeSdkAdapterOptions, SdkCallOptions } from './node-sdk-adapter';
