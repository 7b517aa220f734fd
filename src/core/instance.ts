/**
 * One fresh instance of the module and one main() in it, whichever glue
 * drives it: the in-memory one (core/run.ts) or the CLI's host-backed one
 * (cli/host-run.ts). A trap, an abort() or a write through NULL ends the
 * call with BpftoolCrashError, never with a result.
 */
import { BpftoolCrashError } from './errors.js';
import type { BpftoolInstance, GlueFactory, GlueOptions } from './glue.js';

export interface InstanceSetup {
  /** Runs before the runtime starts: streams, environment, files. */
  preRun(module: BpftoolInstance): void;
  /** What the run has written to stderr so far, for the crash message. */
  stderrText(): string;
}

/** exit() inside the module ends main(), never the host process. */
const returnFromMain: NonNullable<GlueOptions['quit']> = (_status, toThrow) => {
  throw toThrow;
};

export async function runMain(
  factory: GlueFactory,
  wasmModule: WebAssembly.Module,
  args: readonly string[],
  setup: InstanceSetup,
): Promise<{ instance: BpftoolInstance; status: number }> {
  let aborted: unknown;
  let memory: WebAssembly.Memory | undefined;
  // The glue waits for receive() forever if instantiation fails, so that
  // failure must end the wait itself.
  let failInstantiation: (err: unknown) => void = () => {};
  const instantiationFailed = new Promise<never>((_, reject) => {
    failInstantiation = reject;
  });

  let instance: BpftoolInstance;
  try {
    instance = await Promise.race([
      instantiationFailed,
      factory({
        instantiateWasm(imports, receive) {
          WebAssembly.instantiate(wasmModule, imports).then(
            (inst) => {
              memory = poisonNullPage(inst);
              receive(inst, wasmModule);
            },
            (err: unknown) => failInstantiation(err),
          );
          return {};
        },
        preRun: [(m) => setup.preRun(m)],
        noFSInit: true,
        thisProgram: 'bpftool',
        quit: returnFromMain,
        print: () => {},
        printErr: () => {},
        onAbort: (what) => {
          aborted = what;
        },
      }),
    ]);
  } catch (err) {
    throw new BpftoolCrashError(args, aborted ?? err, setup.stderrText());
  }

  let status: number;
  try {
    status = instance.callMain([...args]);
  } catch (err) {
    if (err instanceof RunStop) throw err.reason;
    throw new BpftoolCrashError(args, aborted ?? (isTrapInstruction(err) ? NULL_MEMBER_ACCESS : err), setup.stderrText());
  }
  if (aborted !== undefined) {
    throw new BpftoolCrashError(args, aborted, setup.stderrText());
  }
  if (memory && !nullPageIntact(memory)) {
    throw new BpftoolCrashError(args, 'segmentation fault: a write through a NULL pointer', setup.stderrText());
  }
  // A process exit status is 8 bits: main() returning -1 exits with 255.
  return { instance, status: status & 0xff };
}

/**
 * Thrown by a stream's operation to end the run on purpose (an output limit,
 * a closed pipe, the caller's onStdout failing): runMain() throws `reason`
 * as it is, where any other exception out of the module is a crash.
 */
export class RunStop {
  constructor(readonly reason: unknown) {}
}

/** The reader of the CLI's output has gone: native bpftool would be killed by SIGPIPE. */
export class HostStreamClosed extends Error {
  override readonly name = 'HostStreamClosed';
}

/**
 * Upstream code is compiled with -fsanitize=null -fsanitize-trap=null
 * (wasm/flags.mk), so a member access through a NULL pointer executes the
 * `unreachable` instruction (the module's other ones follow calls that do
 * not return, or mark a corrupted heap, also a SIGSEGV natively). Engines word
 * the trap differently: V8 "unreachable", JavaScriptCore "Unreachable code
 * should not be executed", SpiderMonkey "unreachable executed".
 */
const NULL_MEMBER_ACCESS =
  'segmentation fault: a member of a NULL pointer is read or written; native bpftool is killed by SIGSEGV here';

function isTrapInstruction(err: unknown): boolean {
  return err instanceof WebAssembly.RuntimeError && /unreachable/i.test(err.message);
}

/**
 * Linux leaves the page at address 0 unmapped, so a NULL dereference kills
 * native bpftool with SIGSEGV. WebAssembly memory is readable from address 0
 * and emscripten keeps its first 1 KiB unused, where a NULL read would find
 * zeros and go on. Filled with 0xa5, a pointer read from there is
 * 0xa5a5a5a5, past the 2 GiB the memory can grow to, so its use traps as
 * native does; a count read from there is absurd. A write there is caught
 * when the run ends. The first 4 bytes are the glue's own canary ('emsc',
 * STACK_OVERFLOW_CHECK), which it checks at exit and aborts on.
 */
const NULL_PAGE_START = 4;
const NULL_PAGE_END = 1024;
const NULL_PAGE_POISON = 0xa5;

function poisonNullPage(inst: WebAssembly.Instance): WebAssembly.Memory {
  const memory = inst.exports['memory'] as WebAssembly.Memory;
  new Uint8Array(memory.buffer, NULL_PAGE_START, NULL_PAGE_END - NULL_PAGE_START).fill(NULL_PAGE_POISON);
  return memory;
}

/** A write there would have been SIGSEGV on Linux. */
function nullPageIntact(memory: WebAssembly.Memory): boolean {
  return new Uint8Array(memory.buffer, NULL_PAGE_START, NULL_PAGE_END - NULL_PAGE_START).every(
    (b) => b === NULL_PAGE_POISON,
  );
}
