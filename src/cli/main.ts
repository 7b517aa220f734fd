/**
 * The bpftool-wasm command: bpftool's own argument grammar, with the host's
 * files. stdout and stderr are written as bytes, exactly as bpftool produced
 * them, and the exit code is bpftool's.
 *
 *   bpftool-wasm [--upstream 7.1|7.5|7.8] gen skeleton prog.bpf.o > prog.skel.h
 *   bpftool-wasm cross-check [--native PATH] [--upstream V] -- gen skeleton prog.bpf.o
 *   bpftool-wasm btf extract linux-image.deb vmlinux.btf
 */
import { writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runOnHostDeep } from './deep-stack.js';
import { hostKernelIdentity } from './host-kernel.js';
import { asksForHelp, asksForVersion, helpSection, versionLine } from './own-words.js';
import { takeUpstreamOption } from './upstream-option.js';
import { aliasedPath, withKernelInputsExtracted } from './kernel-inputs.js';
import { clockNow, outputClock, processStartOnClock, TIMING_ENV, timingLine, type RunPlace, type ThreadTimes } from './phase-timing.js';
import { mayRunHere, runHere } from './main-thread-run.js';
import type { HostRunOptions } from './host-run.js';
import type { UpstreamVersion } from '../core/upstreams.js';
import { loadWasmModule } from '../load/wasm-module.js';
import { compileRead, readBeside } from './module-beside.js';
import { fileBytes, TIERING_FLAG, tieringFor } from './tiering.js';

/** When this file was evaluated: Node has started and the command is loaded. */
const loaded = clockNow();

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

/**
 * One of the CLI's other files (tsup.config.ts), beside `script`: CommonJS,
 * loaded with require(), whose exports are the file's own (import() of a
 * bundled CommonJS file sees only `default`).
 */
function besideThis<T>(script: URL, file: string): T {
  return createRequire(script)(fileURLToPath(new URL(`./${file}`, script))) as T;
}

/** `script`: the CLI's own file; the files of its thread and of cross-check are beside it. */
export async function main(argv: string[], script: URL): Promise<number> {
  const explicit = argv[0] === '--upstream' || argv[0]?.startsWith('--upstream=');
  const { upstream, rest } = takeUpstreamOption(argv, process.env);
  if (rest[0] === 'cross-check') {
    // A file of its own beside this one (tsup entry cli-cross-check), so that plain runs never load it.
    const { crossCheckCommand } = besideThis<typeof import('./cross-check-command.js')>(script, 'cli-cross-check.cjs');
    return crossCheckCommand(rest.slice(1), explicit ? upstream : undefined);
  }
  if (rest[0] === 'btf' && rest[1] === 'extract') {
    // Ours, with the decoders: a file of its own too (tsup entry cli-kernel-btf).
    const { btfExtractCommand } = besideThis<typeof import('./btf-extract-command.js')>(script, 'cli-kernel-btf.cjs');
    return btfExtractCommand(rest.slice(2));
  }

  // Kernel packages and images among the BTF inputs: extracted first, with the decoders loaded only then.
  const kernelInputs = await withKernelInputsExtracted(rest, async (path, into) => {
    const { extractForBpftool } = besideThis<typeof import('./btf-extract-command.js')>(script, 'cli-kernel-btf.cjs');
    await extractForBpftool(path, into);
  });
  const env = Object.fromEntries(PASSED_ENVIRONMENT.flatMap((k) => (process.env[k] === undefined ? [] : [[k, process.env[k]!]])));
  // Before bpftool's usage, on the stream bpftool prints it to.
  if (asksForHelp(rest)) writeSync(2, helpSection(upstream));
  const args = windowsSeparators(rest);
  const aliases = Object.fromEntries(Object.entries(kernelInputs.aliases).map(([typed, file]) => [windowsSeparators([typed])[0]!, file]));
  // After extraction: a kernel package's BTF is what bpftool reads, and its size says how long the run is.
  const tiering = tieringFor(args, (path) => fileBytes(aliasedPath(aliases, path)));
  const thread = new URL('./cli-thread.cjs', script);
  const options = {
    // On Linux this host is described as it is; elsewhere the standard host.
    ...(os.platform() === 'linux' ? { kernel: hostKernelIdentity() } : {}),
    env,
    aliases,
  };
  // The read goes on while the thread starts; the compile waits for it (deep-stack.ts).
  const bytes = readBeside(script, upstream);
  const compile = () => {
    // V8's flags are the process's: set before the module is compiled, they hold for the thread too.
    const flag = TIERING_FLAG[tiering];
    if (flag) setFlagsFromString(flag);
    return compileRead(bytes);
  };
  const { status: code, times, where } = await runWhereItFits(thread, upstream, args, options, compile).finally(kernelInputs.cleanup);
  if (code === 0 && asksForVersion(rest)) writeSync(1, versionLine(script, upstream));
  if (process.env[TIMING_ENV] && times) {
    const answered = clockNow(); // before processStartOnClock(), whose first use of `performance` loads perf_hooks
    writeSync(2, timingLine(processStartOnClock(), loaded, times, answered, tiering, where));
  }
  return code;
}

/**
 * On the main thread when the run may start again elsewhere (main-thread-run.ts), moving to the
 * deep-stack thread if it outruns the main thread's stack; on that thread from the start otherwise.
 */
async function runWhereItFits(
  thread: URL,
  upstream: UpstreamVersion,
  args: readonly string[],
  options: HostRunOptions,
  compile: () => Promise<WebAssembly.Module | undefined>,
): Promise<{ status: number; times?: ThreadTimes; where: RunPlace }> {
  if (!mayRunHere(args)) return { ...(await runOnHostDeep(thread, upstream, args, options, compile)), where: 'deep-stack thread' };
  const started = clockNow();
  const wasmModule = (await compile()) ?? (await loadWasmModule({}, upstream));
  const compiled = clockNow();
  const outcome = await runHere(wasmModule, args, options);
  if ('status' in outcome) {
    return { status: outcome.status, times: { threadStart: started, compiled, ran: clockNow(), outputMs: outputClock.ms }, where: 'main thread' };
  }
  return { ...(await runOnHostDeep(thread, upstream, args, options, () => Promise.resolve(wasmModule))), where: 'main thread, then deep-stack thread' };
}
