/** What xz-decompress asks of Node's 'stream/web', from the global every runtime has (tsup.config.ts aliases it here). */
export const ReadableStream = globalThis.ReadableStream;
