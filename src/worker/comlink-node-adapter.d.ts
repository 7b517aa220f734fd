/**
 * Types for Comlink's Node adapter, which makes a worker_threads Worker or
 * MessagePort (an EventEmitter) a Comlink endpoint. Comlink ships the module
 * as `dist/esm/node-adapter.mjs` with its types in a `.d.ts` beside it, which
 * TypeScript does not pair with an `.mjs` file; this pairs them.
 */
declare module 'comlink/dist/esm/node-adapter.mjs' {
  import type { Endpoint } from 'comlink';
  import type { NodeEndpoint } from 'comlink/dist/esm/node-adapter.js';

  export type { NodeEndpoint };
  export default function nodeEndpoint(nep: NodeEndpoint): Endpoint;
}
