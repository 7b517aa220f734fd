/**
 * third_party/fetch.sh pins by content: a pinned package that is no longer
 * served is replaced by a served version of the same source package only
 * when its libbpf and bpftool hash the same; a tree whose content differs
 * from the lock is refused. Run on a copy of third_party/ with a lock of the
 * 7.1 tree alone (and libelf and zlib), so that nothing of the build moves.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/native.js';

const work = mkdtempSync(join(tmpdir(), 'bpftool-fetch-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const lock = readFileSync(join(repoRoot, 'third_party/upstream.lock'), 'utf8').split('\n');
const pinned = lock.find((l) => l.startsWith('7.1 binary '))!;
const [, , pkg, version] = pinned.split(' ') as [string, string, string, string];

/** A copy of third_party/ whose lock holds the 7.1 tree as `edit` makes it, libelf and zlib. */
function copyWith(name: string, edit: (row: string) => string, content: (row: string) => string = (r) => r): string {
  const dir = join(work, name);
  for (const f of ['fetch.sh', 'apt-state.sh', 'patches']) cpSync(join(repoRoot, 'third_party', f), join(dir, f), { recursive: true });
  const rows = [
    edit(pinned),
    ...lock.filter((l) => l.startsWith('all ')),
    ...lock.filter((l) => l.startsWith('content 7.1 ')).map(content),
  ];
  writeFileSync(join(dir, 'upstream.lock'), `${rows.join('\n')}\n`);
  return dir;
}

const fetch = (dir: string) => spawnSync('bash', [join(dir, 'fetch.sh')], { encoding: 'utf8' });

describe('fetch.sh pins by content', () => {
  it('takes a served version in place of one no longer served, when its libbpf and bpftool are the same bytes', () => {
    const gone = `${version.replace(/-\d+$/, '')}-99`;
    const dir = copyWith('substitute', (row) => row.replaceAll(version, gone));
    const r = fetch(dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`[fetch]   ${pkg} ${gone} is not served; trying `);
    expect(r.stdout).toContain(`has the same libbpf and bpftool as the pinned ${gone}: using it\n`);
    expect(readFileSync(join(dir, 'src/7.1/linux/tools/lib/bpf/libbpf_version.h'), 'utf8')).toContain('#define LIBBPF_MINOR_VERSION 1');
  }, 600_000);

  it('refuses a tree whose content differs from the lock, and names the subtree', () => {
    const dir = copyWith('changed', (row) => row, (row) => (row.includes('tools/bpf/bpftool') ? row.replace(/ [0-9a-f]{64}$/, ` ${'0'.repeat(64)}`) : row));
    const r = fetch(dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('[fetch] error: bpftool 7.1: the content of tools/bpf/bpftool differs from upstream.lock; refusing to build\n');
  }, 600_000);
});
