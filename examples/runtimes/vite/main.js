import { createBpftool, createWorkerBpftool } from 'bpftool-wasm';

// The skeleton of a BPF object, generated in the page and in a Web Worker,
// by the upstream bpftool version asked for ('7.1', '7.5' or '7.8'; default 7.5).
export async function skeletons(bytes, fileName, upstream) {
  const onPage = await (await createBpftool({ upstream })).genSkeleton(bytes, { fileName });
  const worker = await createWorkerBpftool({ upstream });
  try {
    return { onPage, inWorker: await worker.genSkeleton(bytes, { fileName }) };
  } finally {
    await worker.terminate();
  }
}

document.querySelector('#object').addEventListener('change', async (event) => {
  const file = event.target.files[0];
  const { onPage } = await skeletons(new Uint8Array(await file.arrayBuffer()), file.name);
  document.querySelector('#header').textContent = onPage;
});
window.skeletons = skeletons;
