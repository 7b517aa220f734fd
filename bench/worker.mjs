// A minimal worker_threads worker around the library: it compiles the module
// once and runs each request in a fresh instance, as run() does in the main
// thread. Results go back with their buffers transferred, not copied.
import { parentPort } from 'node:worker_threads';
import { createBpftool } from '../dist/index.js';

const bpftool = await createBpftool();

parentPort.on('message', async ({ id, args, options }) => {
  try {
    const result = await bpftool.runRaw(args, options);
    const buffers = new Set([result.stdout.buffer, result.stderr.buffer, ...Object.values(result.files).map((f) => f.buffer)]);
    parentPort.postMessage({ id, result }, [...buffers]);
  } catch (err) {
    parentPort.postMessage({ id, error: String(err) });
  }
});
parentPort.postMessage({ ready: true });
