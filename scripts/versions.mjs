#!/usr/bin/env node
// Prints versions.json: what the shipped bpftool.wasm is built from. build.sh
// writes it next to the wasm; the bundle step copies both into dist/.
//   node scripts/versions.mjs > build/wasm/versions.json
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const read = (p) => readFileSync(new URL(p, root), 'utf8');

const header = read('third_party/src/linux/tools/lib/bpf/libbpf_version.h');
const libbpfPart = (name) => Number(new RegExp(`#define LIBBPF_${name}_VERSION (\\d+)`).exec(header)?.[1]);
const major = libbpfPart('MAJOR');
const minor = libbpfPart('MINOR');
if (!Number.isInteger(major) || !Number.isInteger(minor)) throw new Error('libbpf_version.h: no version');

// bpftool's version follows libbpf's (main.c: BPFTOOL_MAJOR_VERSION is LIBBPF_MAJOR_VERSION + 6).
const bpftool = `${major + 6}.${minor}.0`;

const emcc = /\b(\d+\.\d+\.\d+)\b/.exec(execFileSync('emcc', ['--version'], { encoding: 'utf8' }).split('\n')[0])?.[1];
if (!emcc) throw new Error('emcc --version: no version');

const linux = /^binary linux-source-\S+ (\S+) /m.exec(read('third_party/upstream.lock'))?.[1];
if (!linux) throw new Error('upstream.lock: no linux-source pin');

const wasm = readFileSync(new URL('build/wasm/bpftool.wasm', root));

const versions = {
  bpftool,
  libbpf: `${major}.${minor}.0`,
  emscripten: emcc,
  linuxSource: linux,
  wasmSha256: createHash('sha256').update(wasm).digest('hex'),
};
process.stdout.write(`${JSON.stringify(versions, null, 2)}\n`);
