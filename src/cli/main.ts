/**
 * The bpftool-wasm command: bpftool's own argument grammar, with the host's
 * files. stdout and stderr are written as bytes, exactly as bpftool produced
 * them, and the exit code is bpftool's.
 *
 *   bpftool-wasm gen skeleton prog.bpf.o > prog.skel.h
 *   bpftool-wasm cross-check [--native PATH] -- gen skeleton prog.bpf.o
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createBpftool } from '../core/bpftool.js';
import { crossCheck } from './cross-check.js';
import { isOwnCommand, outputThatIsAnInput } from './own-commands.js';
import { runCommand } from './run-command.js';

const CROSS_CHECK_USAGE = 'Usage: bpftool-wasm cross-check [--native PATH] -- <bpftool arguments>\n';

function writeOut(stream: NodeJS.WriteStream, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    if (bytes.length === 0) return resolve();
    stream.write(bytes, (err) => (err ? reject(err) : resolve()));
  });
}

function readStdinIfAsked(args: readonly string[]): Uint8Array | undefined {
  // `batch file -` reads commands from standard input.
  const i = args.indexOf('batch');
  if (i >= 0 && args[i + 1] === 'file' && args[i + 2] === '-') return fs.readFileSync(0);
  return undefined;
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

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'cross-check') return crossCheckCommand(argv.slice(1));

  const bpftool = await createBpftool();
  const { result, written, inputs } = await runCommand(bpftool, argv, path, process.cwd(), readStdinIfAsked(argv));
  if (isOwnCommand(argv)) {
    const clash = outputThatIsAnInput(inputs, Object.keys(written));
    if (clash !== undefined) {
      process.stderr.write(`Error: output '${clash}' is an input; refusing to overwrite it\n`);
      return 255;
    }
  }
  for (const [hostPath, bytes] of Object.entries(written)) {
    fs.writeFileSync(hostPath, bytes);
  }
  await writeOut(process.stdout, result.stdout);
  await writeOut(process.stderr, result.stderr);
  return result.exitCode;
}
