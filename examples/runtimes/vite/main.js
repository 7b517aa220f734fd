import { createBpftool, createWorkerBpftool } from 'bpftool-wasm';

// The skeleton of a BPF object, generated in the page and in a Web Worker.
export async function skeletons(bytes, fileName) {
  const onPage = await (await createBpftool()).genSkeleton(bytes, { fileName });
  const worker = await createWorkerBpftool();
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
