// node node.cjs prog.bpf.o > prog.skel.h   (CommonJS)
const { readFileSync } = require('node:fs');
const { basename } = require('node:path');
const { createBpftool } = require('bpftool-wasm');

const path = process.argv[2];
createBpftool()
  .then((bpftool) => bpftool.run(['gen', 'skeleton', basename(path)], { files: { [basename(path)]: readFileSync(path) } }))
  .then((r) => {
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    process.exitCode = r.exitCode;
  });
