// Generate, load, attach, read a counter: the README's Linux example.
//   node examples/native-counter.mjs build/examples/minimal.bpf.o   (as root)
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { genSkeleton } from 'bpftool-wasm';
import { openObject } from 'bpftool-wasm/native';

const bytes = readFileSync(process.argv[2] ?? 'minimal.bpf.o');

// 1. Generate the C skeleton (byte for byte what native bpftool prints).
writeFileSync('minimal.skel.h', await genSkeleton(bytes, { name: 'minimal', fileName: 'minimal.bpf.o' }));

// 2. Load and attach the same object from JavaScript.
const obj = await openObject(bytes, { name: 'minimal' });
try {
  obj.globals.rodata.set('report_every', 1000n); // .rodata: writable until load()
  await obj.load();
  obj.attach(); // tracepoint/syscalls/sys_enter_getpid

  // 3. Make something call getpid(): a shell does when it starts.
  const child = spawnSync('sh', ['-c', 'true']);

  // 4. Read the counters: a hash map keyed by pid, and a global in .bss.
  const value = obj.map('calls').lookup(new Uint8Array(new Uint32Array([child.pid]).buffer));
  const calls = value ? new DataView(value.buffer).getBigUint64(0, true) : 0n;
  console.log(`sh (pid ${child.pid}) called getpid() ${calls} time(s)`);
  console.log(`all processes: ${obj.globals.bss.get('total_calls')} call(s) since attach`);
} finally {
  obj.close(); // detaches, and releases every program and map
}
