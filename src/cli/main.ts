/**
 * The bpftool-wasm command: bpftool's own argument grammar, with the host's
 * files. stdout and stderr are written as bytes, exactly as bpftool produced
 * them, and the exit code is bpftool's.
 *
 *   bpftool-wasm gen skeleton prog.bpf.o > prog.skel.h
 *   bpftool-wasm cross-check [--native PATH] -- gen skeleton prog.bpf.o
 */
import * as os from 'node:os';
import { createBpftool } from '../core/bpftool.js';
import { crossCheck } from './cross-check.js';
import { runOnHostDeep } from './deep-stack.js';
import { hostKernelIdentity } from './host-kernel.js';

const CROSS_CHECK_USAGE = 'Usage: bpftool-wasm cross-check [--native PATH] -- <bpftool arguments>\n';

function writeOut(stream: NodeJS.WriteStream, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    if (bytes.length === 0) return resolve();
    stream.write(bytes, (err) => (err ? reject(err) : resolve()));
  });
}

async function crossCheckCommand(argv: string[]): Promise<number> {
  let native = 'bpftool';
  let i = 0;
  for (; i < argv.length && argv[i] !== '--'; i++) {
    if (argv[i] === '--native' && argv[i + 1]) native = argv[++i]!;
    else {
      process.stderr.write(CROSS_CHECK_USAGE);
      return 2;
    }
  }
  const args = argv.slice(i + 1);
  if (i >= argv.length || args.length === 0) {
    process.stderr.write(CROSS_CHECK_USAGE);
    return 2;
  }
  const bpftool = await createBpftool();
  const { identical, report } = await crossCheck(bpftool, native, args, process.cwd());
  await writeOut(process.stdout, Buffer.from(report));
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
  if (argv[0] === 'cross-check') return crossCheckCommand(argv.slice(1));

  const env = Object.fromEntries(PASSED_ENVIRONMENT.flatMap((k) => (process.env[k] === undefined ? [] : [[k, process.env[k]!]])));
  return runOnHostDeep(script, windowsSeparators(argv), {
    // On Linux this host is described as it is; elsewhere the standard host.
    ...(os.platform() === 'linux' ? { kernel: hostKernelIdentity() } : {}),
    env,
  });
}
