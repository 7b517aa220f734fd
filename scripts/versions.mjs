#!/usr/bin/env node
// Prints versions.json: every shipped upstream version, what its .wasm is
// built from, and the wasm's sha256. build.sh writes it next to the wasms;
// the bundle step copies it into dist/.
//   node scripts/versions.mjs DEFAULT VERSION… > build/wasm/versions.json
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const read = (p) => readFileSync(new URL(p, root));
const [defaultUpstream, ...upstreams] = process.argv.slice(2);
if (!upstreams.includes(defaultUpstream)) throw new Error(`the default ${defaultUpstream} is not among ${upstreams.join(', ')}`);

const lock = read('third_party/upstream.lock').toString();
const emcc = /\b(\d+\.\d+\.\d+)\b/.exec(execFileSync('emcc', ['--version'], { encoding: 'utf8' }).split('\n')[0])?.[1];
if (!emcc) throw new Error('emcc --version: no version');

function upstream(version) {
  const header = read(`third_party/src/${version}/linux/tools/lib/bpf/libbpf_version.h`).toString();
  const part = (name) => Number(new RegExp(`#define LIBBPF_${name}_VERSION (\\d+)`).exec(header)?.[1]);
  const [major, minor] = [part('MAJOR'), part('MINOR')];
  if (!Number.isInteger(major) || !Number.isInteger(minor)) throw new Error(`${version}: libbpf_version.h: no version`);
  // bpftool's version follows libbpf's (main.c: BPFTOOL_MAJOR_VERSION is LIBBPF_MAJOR_VERSION + 6).
  const bpftool = `${major + 6}.${minor}.0`;
  if (!bpftool.startsWith(`${version}.`)) throw new Error(`the tree of ${version} holds bpftool ${bpftool}`);
  const row = new RegExp(`^${version.replace('.', '\\.')} binary (\\S+) (\\S+) (\\S+) `, 'm').exec(lock);
  if (!row) throw new Error(`upstream.lock: no linux-source pin for ${version}`);
  const wasm = read(`build/wasm/${version}/bpftool.wasm`);
  return {
    bpftool,
    libbpf: `${major}.${minor}.0`,
    sourcePackage: `${row[1]} ${row[2]}`,
    debianSuite: row[3],
    wasm: `bpftool-${version}.wasm`,
    wasmSha256: createHash('sha256').update(wasm).digest('hex'),
  };
}

const versions = {
  default: defaultUpstream,
  emscripten: emcc,
  upstreams: Object.fromEntries(upstreams.map((v) => [v, upstream(v)])),
};
process.stdout.write(`${JSON.stringify(versions, null, 2)}\n`);
