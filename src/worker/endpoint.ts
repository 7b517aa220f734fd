/**
 * Comlink speaks to an endpoint with postMessage and message events. Web
 * Workers (browsers, Deno) are such endpoints already; Node's worker_threads
 * deliver messages through an EventEmitter instead, so they are adapted here.
 */
import type { Endpoint } from 'comlink';

/** The part of a worker_threads Worker or MessagePort that Comlink needs. */
export interface NodeMessagePort {
  postMessage(value: unknown, transferList?: readonly unknown[]): void;
  on(event: 'message', listener: (value: unknown) => void): unknown;
  off(event: 'message', listener: (value: unknown) => void): unknown;
  start?: () => void;
}

type Listener = EventListenerOrEventListenerObject;

export function nodeEndpoint(port: NodeMessagePort): Endpoint {
  const attached = new Map<Listener, (value: unknown) => void>();
  return {
    postMessage: (message: unknown, transfer?: Transferable[]) => port.postMessage(message, transfer),
    addEventListener(_type: string, listener: Listener) {
      const onMessage = (data: unknown) => {
        const event = { data } as MessageEvent;
        if (typeof listener === 'function') listener(event);
        else listener.handleEvent(event);
      };
      attached.set(listener, onMessage);
      port.on('message', onMessage);
    },
    removeEventListener(_type: string, listener: Listener) {
      const onMessage = attached.get(listener);
      if (!onMessage) return;
      port.off('message', onMessage);
      attached.delete(listener);
    },
    ...(port.start ? { start: () => port.start!() } : {}),
  };
}

/** True in Node.js (Deno also defines `process`, but it has Web Workers). */
export function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string' && !('Deno' in globalThis);
}
