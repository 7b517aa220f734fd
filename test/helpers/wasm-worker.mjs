// A worker thread that runs bpftool-wasm calls, so that the test that sends
// them can stop one that runs too long (terminate) without losing its own
// thread. Plain JavaScript: worker threads load it as it is.
import { parentPort, workerData } from 'node:worker_threads';
import { createBpftool } from '../../dist/index.js';

// The upstream version the pool was made for (workerData), 7.5 by default.
const bpftool = await createBpftool({ upstream: workerData?.upstream });

parentPort.on('message', async ({ id, args, files, kernel }) => {
  try {
    const r = await bpftool.runRaw(args, { files, ...(kernel ? { kernel } : {}) });
    const out = [r.stdout.buffer, r.stderr.buffer, ...Object.values(r.files).map((f) => f.buffer)];
    parentPort.postMessage({ id, result: r }, out);
  } catch (err) {
    const e = /** @type {{ name?: string, message?: string, exitCode?: number, stderr?: string }} */ (err);
    parentPort.postMessage({ id, error: { name: e.name, message: e.message, exitCode: e.exitCode, stderr: e.stderr } });
  }
});
parentPort.postMessage({ ready: true });
