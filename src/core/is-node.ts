/** True in Node.js (Deno also defines `process`, but it has Web Workers). */
export function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string' && !('Deno' in globalThis);
}
