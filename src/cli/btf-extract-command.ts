/**
 * `bpftool-wasm btf extract INPUT [module NAME...] [OUTPUT]`: raw kernel BTF
 * out of a kernel image, module or package (src/kernel-btf/), written to
 * files. Ours, not bpftool's; it never runs bpftool.
 *
 *   btf extract linux-image.deb vmlinux.btf
 *   btf extract linux-image.deb module nf_tables tun out/    (out/vmlinux.btf, out/nf_tables.btf, out/tun.btf)
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { BpftoolUsageError } from '../core/errors.js';
import { extractKernelBtf, type KernelBtf } from '../kernel-btf/extract.js';
import { SIGPIPE_STATUS, writeFully } from './host-streams.js';

export const BTF_EXTRACT_USAGE = `Usage: bpftool-wasm btf extract INPUT [OUTPUT]
       bpftool-wasm btf extract INPUT module NAME... [DIR/]

  INPUT: a kernel package (.deb, .rpm), kernel image (vmlinuz, bzImage,
  arm64 Image or Image.gz, EFI zboot), vmlinux, a kernel module (.ko, .ko.xz,
  .ko.zst, .ko.gz) or raw BTF. Writes vmlinux's raw BTF to OUTPUT (default:
  standard output, when it is not a terminal); of a module alone, its split
  BTF, and OUTPUT.base when it carries a distilled base (.BTF.base). With
  module NAME..., also each named module's split BTF: DIR/vmlinux.btf and
  DIR/NAME.btf, and DIR/NAME.btf.base where there is one (DIR is the last
  word when it ends with / or is a folder; default: the current folder).
`;

interface ExtractArgs {
  input: string;
  modules: string[];
  output: string | undefined;
}

function parse(args: readonly string[]): ExtractArgs {
  const [input, ...rest] = args;
  if (!input) throw new BpftoolUsageError(`btf extract needs an INPUT\n${BTF_EXTRACT_USAGE}`);
  if (rest[0] !== 'module') {
    if (rest.length > 1) throw new BpftoolUsageError(`btf extract: unexpected ${rest.slice(1).join(' ')}\n${BTF_EXTRACT_USAGE}`);
    return { input, modules: [], output: rest[0] };
  }
  const words = rest.slice(1);
  const last = words.at(-1);
  const isDir = last !== undefined && (last.endsWith('/') || (existsSync(last) && statSync(last).isDirectory()));
  const modules = isDir ? words.slice(0, -1) : words;
  if (modules.length === 0) throw new BpftoolUsageError(`btf extract: module needs at least one NAME\n${BTF_EXTRACT_USAGE}`);
  return { input, modules, output: isDir ? last : '.' };
}

/** What the CLI says on stderr of an extraction: where the BTF came from. */
export function extractionNote(input: string, btf: KernelBtf): string {
  return `bpftool-wasm: kernel BTF from ${input}: ${btf.found.join(' > ')}\n`;
}

export async function btfExtractCommand(args: readonly string[]): Promise<number> {
  if (args.length === 1 && ['help', '--help', '-h'].includes(args[0]!)) {
    writeSync(1, BTF_EXTRACT_USAGE);
    return 0;
  }
  const { input, modules, output } = parse(args);
  const btf = await extractKernelBtf(new Uint8Array(readFileSync(input)), { modules }, input);
  writeSync(2, extractionNote(input, btf));
  if (modules.length === 0) {
    const bytes = btf.vmlinux ?? btf.modules[0]!.btf;
    const distilledBase = btf.vmlinux ? undefined : btf.modules[0]!.distilledBase;
    // A module's split BTF means nothing without the distilled base it carries: both are written, or neither.
    if (distilledBase) {
      if (output === undefined) throw new BpftoolUsageError(`btf extract: ${input} carries its distilled base (.BTF.base) too; name an OUTPUT file, and the base goes beside it as OUTPUT.base`);
      writeFileSync(output, bytes);
      writeFileSync(`${output}.base`, distilledBase);
      writeSync(2, `bpftool-wasm: wrote ${output} (${bytes.length} bytes), ${output}.base (${distilledBase.length} bytes)\n`);
      return 0;
    }
    if (output === undefined) {
      if (process.stdout.isTTY) throw new BpftoolUsageError('btf extract: raw BTF is binary; name an OUTPUT file or redirect standard output');
      // A reader that has gone ends the command silently, as SIGPIPE ends a native tool.
      try {
        writeFully(1, bytes);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EPIPE') return SIGPIPE_STATUS;
        throw err;
      }
    } else {
      writeFileSync(output, bytes);
    }
    return 0;
  }
  mkdirSync(output!, { recursive: true });
  const written: string[] = [];
  const put = (name: string, bytes: Uint8Array) => {
    writeFileSync(join(output!, name), bytes);
    written.push(`${join(output!, name)} (${bytes.length} bytes)`);
  };
  if (btf.vmlinux) put('vmlinux.btf', btf.vmlinux);
  for (const m of btf.modules) {
    put(`${m.name}.btf`, m.btf);
    if (m.distilledBase) put(`${m.name}.btf.base`, m.distilledBase);
  }
  writeSync(2, `bpftool-wasm: wrote ${written.join(', ')}\n`);
  return 0;
}

/** A BTF-taking command's input, extracted for bpftool to read (cli/kernel-inputs.ts). */
export async function extractForBpftool(input: string, into: string): Promise<void> {
  const btf = await extractKernelBtf(new Uint8Array(readFileSync(input)), {}, input);
  writeSync(2, extractionNote(input, btf));
  writeFileSync(into, btf.vmlinux ?? btf.modules[0]!.btf);
}
