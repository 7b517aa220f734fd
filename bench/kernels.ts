/**
 * Three kernels' BTF for the CO-RE workload, made from the running kernel's
 * by the test fixtures' generator (test/fixtures/btf-fixtures.c, against the
 * native build's libbpf): the kernel itself, the same types with every id
 * moved and unrelated types added, and one whose task_struct lost its name.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { scratchDir } from './processes.js';

export function threeKernels(root: string, vmlinux: string): string[] {
  const dir = scratchDir();
  const native = join(root, 'build/native/7.5');
  const tool = join(dir, 'btf-fixtures');
  execFileSync('cc', ['-O2', '-I', join(native, 'libbpf/include'), '-I', join(root, 'third_party/src/linux/tools/include/uapi'),
    join(root, 'test/fixtures/btf-fixtures.c'), join(native, 'libbpf/libbpf.a'), '-lelf', '-lz', '-o', tool], { stdio: 'pipe' });
  const shifted = join(dir, 'shifted.btf');
  const missing = join(dir, 'missing.btf');
  execFileSync(tool, ['shift', vmlinux, shifted], { stdio: 'pipe' });
  execFileSync(tool, ['anonymize', vmlinux, 'task_struct', missing], { stdio: 'pipe' });
  return [vmlinux, shifted, missing];
}
