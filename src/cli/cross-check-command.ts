/**
 * `bpftool-wasm cross-check`: its options (node:util parseArgs), the native
 * bpftool's version, and the report. A module of its own, loaded only for
 * this command: it brings the in-memory API and jsdiff, which the plain
 * command never needs.
 */
import { parseArgs } from 'node:util';
import { createBpftool } from '../core/bpftool.js';
import { UPSTREAM_VERSIONS, toUpstream, type UpstreamVersion } from '../core/upstreams.js';
import { crossCheck, nativeVersion } from './cross-check.js';
import { colourReport } from './unified-diff.js';

const CROSS_CHECK_USAGE = `Usage: bpftool-wasm cross-check [--native PATH] [--upstream VERSION] -- <bpftool arguments>

Runs native bpftool (default: bpftool on PATH) and bpftool-wasm on the same
arguments and compares stdout, stderr, the exit code and the files written.
The wasm runs the upstream version native bpftool reports, unless --upstream
names one. Exit status: 0 identical, 1 different, 2 cannot compare.
`;

function writeOut(stream: NodeJS.WriteStream, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    if (bytes.length === 0) return resolve();
    stream.write(bytes, (err) => (err ? reject(err) : resolve()));
  });
}

export async function crossCheckCommand(argv: string[], upstreamOption: UpstreamVersion | undefined): Promise<number> {
  const split = argv.indexOf('--');
  let parsed;
  try {
    parsed = parseArgs({
      args: split < 0 ? argv : argv.slice(0, split),
      options: { native: { type: 'string' }, upstream: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    process.stderr.write(`bpftool-wasm cross-check: ${(err as Error).message}\n${CROSS_CHECK_USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    await writeOut(process.stdout, Buffer.from(CROSS_CHECK_USAGE));
    return 0;
  }
  const args = split < 0 ? [] : argv.slice(split + 1);
  if (args.length === 0) {
    process.stderr.write(CROSS_CHECK_USAGE);
    return 2;
  }
  const native = parsed.values.native ?? 'bpftool';
  let upstream: UpstreamVersion;
  let why: string;
  if (parsed.values.upstream !== undefined || upstreamOption !== undefined) {
    upstream = toUpstream(parsed.values.upstream ?? upstreamOption);
    why = 'as asked';
  } else {
    const found = nativeVersion(native);
    if ('error' in found) {
      process.stderr.write(`bpftool-wasm cross-check: ${found.error}\n`);
      return 2;
    }
    if (!(UPSTREAM_VERSIONS as readonly string[]).includes(found.upstream)) {
      process.stderr.write(
        `bpftool-wasm cross-check: ${native} is bpftool ${found.version}, and bpftool-wasm ships ${UPSTREAM_VERSIONS.join(', ')}; ` +
          'comparing against another version would mean nothing (--upstream picks one anyway)\n',
      );
      return 2;
    }
    upstream = found.upstream as UpstreamVersion;
    why = `the version of ${native}, bpftool ${found.version}`;
  }
  const bpftool = await createBpftool({ upstream });
  const { identical, report } = await crossCheck(bpftool, native, args, process.cwd());
  const text = `cross-check: upstream bpftool ${upstream} (${why})\n${report}`;
  await writeOut(process.stdout, Buffer.from(colourReport(text, process.stdout, process.env)));
  return identical ? 0 : 1;
}
