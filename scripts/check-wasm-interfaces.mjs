#!/usr/bin/env node
// One glue drives every upstream version's bpftool.wasm, so their imports and
// exports must be the same. build.sh runs this after building each version.
//   node scripts/check-wasm-interfaces.mjs build/wasm/7.1 build/wasm/7.5 …
import { readFileSync } from 'node:fs';

const dirs = process.argv.slice(2);
const iface = (dir) => {
  const m = new WebAssembly.Module(readFileSync(`${dir}/bpftool.wasm`));
  const imports = WebAssembly.Module.imports(m).map((i) => `import ${i.module}.${i.name} (${i.kind})`);
  const exports = WebAssembly.Module.exports(m).map((e) => `export ${e.name} (${e.kind})`);
  return new Set([...imports, ...exports]);
};
const [first, ...rest] = dirs;
const want = iface(first);
let failed = false;
for (const dir of rest) {
  const have = iface(dir);
  const only = (a, b) => [...a].filter((x) => !b.has(x));
  const differences = [...only(want, have).map((x) => `${first} only: ${x}`), ...only(have, want).map((x) => `${dir} only: ${x}`)];
  if (differences.length) {
    failed = true;
    console.error(`[build] ${dir}/bpftool.wasm and ${first}/bpftool.wasm need different glue:\n  ${differences.join('\n  ')}`);
  }
}
if (failed) process.exit(1);
