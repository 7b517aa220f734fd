/**
 * Test data for BTF reconciliation, made at test time from the running
 * kernel's BTF (nothing committed but sources):
 *
 *  - `module.btf` / `module.o`: split BTF of test/fixtures/btf-module.c as
 *    pahole encodes it over the kernel's BTF, raw and as the object's .BTF.
 *    gcc compiles it, as it compiled the kernel: pahole deduplicates the
 *    module's types against the kernel's only when the base type names match
 *    (clang says `unsigned long` where gcc says `long unsigned int`).
 *  - `module-clang.btf`: the same source through clang-19, whose DWARF names
 *    differ, so the split BTF carries its own copy of most kernel types.
 *  - `api.btf`: split BTF built with libbpf's btf__add_*() calls.
 *  - `shifted.btf`: "another kernel's" base: every type id moved, unrelated
 *    types added.
 *  - `missing.btf`, `grown.btf`, `kind.btf`: bases where struct task_struct
 *    has lost its name, struct list_head grew, enum bpf_prog_type became a
 *    struct.
 *
 * The generator (test/fixtures/btf-fixtures.c) is built against the pinned
 * libbpf of the native build.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nativeBpftool, repoRoot } from './native.js';

export const VMLINUX = '/sys/kernel/btf/vmlinux';

export interface BtfFixtures {
  dir: string;
  path(name: string): string;
  bytes(name: string): Buffer;
}

const sh = (cmd: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv) =>
  execFileSync(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });

export function makeBtfFixtures(): BtfFixtures {
  const dir = mkdtempSync(join(tmpdir(), 'btf-reconcile-'));
  const native = join(repoRoot, 'build/native/7.5');
  const tool = join(dir, 'btf-fixtures');
  sh('cc', ['-O2', '-Wall', '-I', join(native, 'libbpf/include'),
    '-I', join(repoRoot, 'third_party/src/linux/tools/include/uapi'),
    join(repoRoot, 'test/fixtures/btf-fixtures.c'), join(native, 'libbpf/libbpf.a'), '-lelf', '-lz', '-o', tool], dir);

  writeFileSync(join(dir, 'vmlinux.h'), sh(nativeBpftool, ['btf', 'dump', 'file', VMLINUX, 'format', 'c'], dir));
  copyFileSync(join(repoRoot, 'test/fixtures/btf-module.c'), join(dir, 'module.c'));
  // vmlinux.h's CO-RE attribute is for BPF targets; the kernel builds with -funsigned-char.
  const cflags = ['-g', '-O2', '-w', '-DBPF_NO_PRESERVE_ACCESS_INDEX', '-c', 'module.c'];
  sh('gcc', [...cflags, '-funsigned-char', '-o', 'module.o'], dir);
  sh('clang-19', [...cflags, '-funsigned-char', '-o', 'module-clang.o'], dir);
  sh('pahole', ['--btf_encode_detached=module.btf', '--btf_base', VMLINUX, 'module.o'], dir);
  sh('pahole', ['--btf_encode_detached=module-clang.btf', '--btf_base', VMLINUX, 'module-clang.o'], dir);
  // pahole adds .BTF to an object with llvm-objcopy.
  sh('pahole', ['-J', '--btf_base', VMLINUX, 'module.o'], dir, { LLVM_OBJCOPY: 'llvm-objcopy-19' });

  sh(tool, ['split', VMLINUX, 'api.btf'], dir);
  sh(tool, ['shift', VMLINUX, 'shifted.btf'], dir);
  sh(tool, ['anonymize', VMLINUX, 'task_struct', 'missing.btf'], dir);
  sh(tool, ['grow', VMLINUX, 'list_head', 'grown.btf'], dir);
  sh(tool, ['enum-to-struct', VMLINUX, 'bpf_prog_type', 'kind.btf'], dir);

  return {
    dir,
    path: (name) => join(dir, name),
    bytes: (name) => readFileSync(join(dir, name)),
  };
}
