/**
 * One case, both ways: native bpftool as a child process while the wasm runs
 * in this thread. Nothing is normalised: stdout, stderr, exit code and every
 * output file are compared as bytes.
 */
import { BpftoolCrashError, DEFAULT_UPSTREAM, type UpstreamVersion } from '../../dist/index.js';
import { sha256, hostKernel, type HostKernel } from '../helpers/compare.js';
import { nativeBpftoolOf, runNativeAsync, type Outcome } from '../helpers/native.js';
import { runWasm } from '../helpers/wasm.js';
import { readInput, type Case } from './plan.js';

export type Verdict =
  | { kind: 'identical'; native: Outcome }
  | { kind: 'differing'; native: Outcome; detail: string }
  /** Native died on a signal; `wasm` says what the module did instead. */
  | { kind: 'native-crash'; signal: string; wasm: string; typed: boolean };

let host: HostKernel | undefined;
/** Read once: the kernel's BTF, symbols and configuration do not change during a run. */
const hostFiles = () => (host ??= hostKernel());

/** `c` with upstream bpftool `upstream`: its module against its own native build. */
export async function compareCase(c: Case, upstream: UpstreamVersion = DEFAULT_UPSTREAM): Promise<Verdict> {
  const files = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, readInput(v)]));
  const nativeRun = runNativeAsync(c.args, files, undefined, nativeBpftoolOf(upstream));
  let wasm: Outcome | BpftoolCrashError;
  try {
    wasm = c.hostKernel
      ? await runWasm(c.args, { ...files, ...hostFiles().files }, hostFiles().kernel, upstream)
      : await runWasm(c.args, files, undefined, upstream);
  } catch (err) {
    if (!(err instanceof BpftoolCrashError)) throw err;
    wasm = err;
  }
  const native = await nativeRun;

  if (native.signal) {
    if (wasm instanceof BpftoolCrashError) {
      // Typed, and with a reason after "crashed in WebAssembly:".
      return { kind: 'native-crash', signal: native.signal, wasm: wasm.message, typed: !/:\s*$/.test(wasm.message) };
    }
    const firstLine = wasm.stderr.toString('utf8').split('\n').find((l) => l.trim()) ?? '';
    // A non-zero exit reaches typed callers as BpftoolError with this message.
    return { kind: 'native-crash', signal: native.signal, wasm: `exit ${wasm.exitCode}: ${firstLine}`, typed: wasm.exitCode !== 0 && firstLine !== '' };
  }
  if (wasm instanceof BpftoolCrashError) {
    return { kind: 'differing', native, detail: `wasm crashed (${wasm.message}); native exited ${native.exitCode}` };
  }
  const detail = difference(native, wasm);
  return detail ? { kind: 'differing', native, detail } : { kind: 'identical', native };
}

/** What differs, in a line a person can act on; '' when nothing does. */
function difference(native: Outcome, wasm: Outcome): string {
  const parts: string[] = [];
  if (native.exitCode !== wasm.exitCode) parts.push(`exit code ${native.exitCode} (native) vs ${wasm.exitCode} (wasm)`);
  if (!native.stdout.equals(wasm.stdout)) parts.push(`stdout: ${firstDifference(native.stdout, wasm.stdout)}`);
  if (!native.stderr.equals(wasm.stderr)) parts.push(`stderr: ${firstDifference(native.stderr, wasm.stderr)}`);
  const names = new Set([...Object.keys(native.files), ...Object.keys(wasm.files)]);
  for (const name of names) {
    const n = native.files[name];
    const w = wasm.files[name];
    if (!n || !w) parts.push(`file ${name} written by ${n ? 'native' : 'wasm'} only`);
    else if (!n.equals(w)) parts.push(`file ${name}: sha256 ${sha256(n).slice(0, 12)} (native) vs ${sha256(w).slice(0, 12)} (wasm)`);
  }
  return parts.join('; ');
}

function firstDifference(native: Buffer, wasm: Buffer): string {
  const a = native.toString('utf8').split('\n');
  const b = wasm.toString('utf8').split('\n');
  const i = a.findIndex((line, k) => line !== b[k]);
  const at = i === -1 ? a.length : i;
  const clip = (s: string | undefined) => JSON.stringify((s ?? '<end>').slice(0, 160));
  return `line ${at + 1}: native ${clip(a[at])}, wasm ${clip(b[at])} (${native.length} vs ${wasm.length} bytes)`;
}
