// node node-worker.mjs a.bpf.o b.bpf.o …   (one worker_threads Worker each, in parallel)
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { createWorkerBpftool } from 'bpftool-wasm';

const paths = process.argv.slice(2);
const headers = await Promise.all(
  paths.map(async (path) => {
    const bpftool = await createWorkerBpftool();
    try {
      return await bpftool.genSkeleton(await readFile(path), { fileName: basename(path) });
    } finally {
      await bpftool.terminate();
    }
  }),
);
process.stdout.write(headers.join(''));
