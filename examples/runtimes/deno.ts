// deno run --allow-read deno.ts prog.bpf.o > prog.skel.h
import { createBpftool, createWorkerBpftool } from 'npm:bpftool-wasm';

const path = Deno.args[0];
const name = path.split('/').pop()!;
const bytes = await Deno.readFile(path);

// On the main thread…
const header = await (await createBpftool()).genSkeleton(bytes, { fileName: name });
// …and in a Web Worker: the same bytes.
const worker = await createWorkerBpftool();
const fromWorker = await worker.genSkeleton(bytes, { fileName: name });
await worker.terminate();
if (fromWorker !== header) throw new Error('worker and main thread differ');
await Deno.stdout.write(new TextEncoder().encode(header));
