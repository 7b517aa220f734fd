/**
 * The conformance cases, built in Node: corpus objects times every command,
 * their inputs written to a folder that every runtime reads, and native
 * bpftool's fingerprints as the reference.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostKernel } from '../helpers/compare.js';
import { corpusNames, corpusObject, corpusSpread } from '../helpers/corpus.js';
import { kernelBtf } from '../helpers/kernel.js';
import { runNative } from '../helpers/native.js';
import { fingerprintOf, type ConformanceCase, type Fingerprint, type Manifest } from './suite.js';

export const COMMANDS = [
  'gen skeleton',
  'gen skeleton -L',
  'gen subskeleton',
  'gen object',
  'gen min_core_btf',
  'btf dump raw',
  'btf dump c',
] as const;

// Always in, for what they exercise (a subskeleton library, global data,
// CO-RE relocations, struct_ops, ring buffers, a map pinned by name, which
// light skeletons take through the BPF file system); the rest is an even
// spread of the corpus.
const NAMED = [
  'test_subskeleton_lib',
  'test_skeleton',
  'test_core_reloc_kernel',
  'bpf_dctcp',
  'test_ringbuf',
  'test_sk_assign_libbpf',
];

export interface BuiltManifest {
  manifest: Manifest;
  objects: string[];
  /** Why some commands were left out, if any were. */
  notes: string[];
}

export async function buildManifest(dir: string, objectCount: number): Promise<BuiltManifest> {
  mkdirSync(join(dir, 'inputs'), { recursive: true });
  const notes: string[] = [];
  const inputs: Record<string, Uint8Array> = {};
  const addInput = (name: string, bytes: Uint8Array) => {
    inputs[name] = bytes;
    writeFileSync(join(dir, 'inputs', name), bytes);
    return name;
  };

  const available = new Set(corpusNames());
  const objects = [...new Set([...NAMED.filter((n) => available.has(n)), ...corpusSpread(objectCount)])].slice(
    0,
    objectCount,
  );

  // Light skeletons read the running kernel: the module is given what native finds by itself.
  const host = hostKernel();
  const hostFiles: Record<string, string> = {};
  for (const [path, bytes] of Object.entries(host.files)) hostFiles[path] = addInput(`host${path.replaceAll('/', '_')}`, bytes);
  const vmlinux = kernelBtf();
  if (vmlinux) addInput('vmlinux', vmlinux);
  else notes.push('gen min_core_btf left out: no /sys/kernel/btf/vmlinux on this machine (kernel built without BTF)');

  const cases: ConformanceCase[] = [];
  for (const name of objects) {
    const { file, bytes } = corpusObject(name);
    addInput(file, bytes);
    const one = { [file]: file };
    const add = (command: string, args: string[], files: Record<string, string> = one, light = false) =>
      cases.push({ id: `${name}: ${command}`, args, files, ...(light ? { kernel: host.kernel } : {}) });
    add('gen skeleton', ['gen', 'skeleton', file]);
    add('gen skeleton -L', ['gen', 'skeleton', '-L', file], { ...one, ...hostFiles }, true);
    add('gen subskeleton', ['gen', 'subskeleton', file]);
    add('gen object', ['gen', 'object', 'linked.bpf.o', file]);
    if (vmlinux) add('gen min_core_btf', ['gen', 'min_core_btf', 'vmlinux', 'min.btf', file], { ...one, vmlinux: 'vmlinux' });
    add('btf dump raw', ['btf', 'dump', 'file', file]);
    add('btf dump c', ['btf', 'dump', 'file', file, 'format', 'c']);
  }

  const native: Record<string, Fingerprint | null> = {};
  for (const c of cases) {
    // Native reads the host's kernel files itself; it is given the relative ones.
    const files: Record<string, Uint8Array> = {};
    for (const [path, input] of Object.entries(c.files)) if (!path.startsWith('/')) files[path] = inputs[input]!;
    const outcome = runNative(c.args, files);
    native[c.id] = outcome.signal ? null : await fingerprintOf(outcome);
  }

  const manifest: Manifest = { cases, native };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return { manifest, objects, notes };
}
