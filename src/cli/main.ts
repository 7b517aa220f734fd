/**
 * The bpftool-wasm command: bpftool's own argument grammar, with the host's
 * files. stdout and stderr are written as bytes, exactly as bpftool produced
 * them, and the exit code is bpftool's.
 *
 *   bpftool-wasm [--upstream 7.1|7.5|7.8] gen skeleton prog.bpf.o > prog.skel.h
 *   bpftool-wasm cross-check [--native PATH] [--upstream V] -- gen skeleton prog.bpf.o
 */
import { writeSync } from 'node:fs';
import * as os from 'node:os';
import { createBpftool } from '../core/bpftool.js';
import { parseArgs } from 'node:util';
import { UPSTREAM_VERSIONS, toUpstream, type UpstreamVersion } from '../core/upstreams.js';
import { crossCheck, nativeVersion } from './cross-check.js';
import { runOnHostDeep } from './deep-stack.js';
import { hostKernelIdentity } from './host-kernel.js';
import { asksForHelp, asksForVersion, helpSection, versionLine } from './own-words.js';
import { colourReport } from './unified-diff.js';
import { takeUpstreamOption } from './upstream-option.js';

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

async function crossCheckCommand(argv: string[], upstreamOption: UpstreamVersion | undefined): Promise<number> {
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

/** What libbpf reads of the process environment in these commands: a BPF token's BPF file system. */
const PASSED_ENVIRONMENT = ['LIBBPF_BPF_TOKEN_PATH'];

/**
 * On Windows, `\` separates path components; inside the module, a Linux
 * host, it is a file name character, so bpftool would name a skeleton of
 * `build\prog.bpf.o` `build_prog_bpf` where Linux says `prog_bpf`. No
 * Windows file name holds either slash, and no word of bpftool's grammar
 * holds a backslash, so every argument is given with forward slashes, which
 * Node's fs takes as Windows does. Drive letters stay as typed.
 */
function windowsSeparators(argv: string[]): string[] {
  return os.platform() === 'win32' ? argv.map((a) => a.replaceAll('\\', '/')) : argv;
}

/** `script`: the CLI's own file, which also serves the thread that runs bpftool (deep-stack.ts). */
export async function main(argv: string[], script: URL): Promise<number> {
  const explicit = argv[0] === '--upstream' || argv[0]?.startsWith('--upstream=');
  const { upstream, rest } = takeUpstreamOption(argv, process.env);
  if (rest[0] === 'cross-check') return crossCheckCommand(rest.slice(1), explicit ? upstream : undefined);

  const env = Object.fromEntries(PASSED_ENVIRONMENT.flatMap((k) => (process.env[k] === undefined ? [] : [[k, process.env[k]!]])));
  // Before bpftool's usage, on the stream bpftool prints it to.
  if (asksForHelp(rest)) writeSync(2, helpSection(upstream));
  const code = await runOnHostDeep(script, upstream, windowsSeparators(rest), {
    // On Linux this host is described as it is; elsewhere the standard host.
    ...(os.platform() === 'linux' ? { kernel: hostKernelIdentity() } : {}),
    env,
  });
  if (code === 0 && asksForVersion(rest)) writeSync(1, versionLine(script, upstream));
  return code;
}
