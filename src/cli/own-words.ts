/**
 * What bpftool-wasm says of itself, around bpftool's own text: a section
 * before bpftool's usage, and a line after bpftool's version. Everything
 * else the CLI prints is bpftool's, byte for byte.
 */
import { readFileSync } from 'node:fs';
import { UPSTREAM_VERSIONS, DEFAULT_UPSTREAM, type UpstreamVersion } from '../core/upstreams.js';
import { WASM_SHA256 } from '../generated/wasm-sha256.mjs';

/** `bpftool-wasm`, `bpftool-wasm help`, `--help` or `-h`: where bpftool prints its usage. */
export function asksForHelp(args: readonly string[]): boolean {
  return args.length === 0 || (args.length === 1 && ['help', '--help', '-h'].includes(args[0]!));
}

/** `version`, `--version` or `-V` alone; with -j or -p bpftool's JSON stays as it is. */
export function asksForVersion(args: readonly string[]): boolean {
  return args.length === 1 && ['version', '--version', '-V'].includes(args[0]!);
}

export function helpSection(upstream: UpstreamVersion): string {
  return `bpftool-wasm: upstream bpftool ${upstream} compiled to WebAssembly. It runs the commands that need
no kernel, with native bpftool's output byte for byte:
    gen skeleton | subskeleton | object | min_core_btf,  btf dump file
Commands that talk to a kernel (prog, map, link, cgroup, perf, net, feature,
struct_ops, iter, btf show, btf dump id) are not available: they fail as
native bpftool does without BPF.

bpftool-wasm's own:
    bpftool-wasm [--upstream VERSION] ARGS...
        run upstream bpftool VERSION (${UPSTREAM_VERSIONS.join(', ')}; default ${DEFAULT_UPSTREAM},
        or $BPFTOOL_WASM_UPSTREAM)
    bpftool-wasm cross-check [--native PATH] [--upstream VERSION] -- ARGS...
        run native bpftool too and compare everything (cross-check --help)
    bpftool-wasm btf distill SPLIT base BASE ...   (7.5 and 7.8; btf distill help)
    bpftool-wasm btf relocate SPLIT base BASE ...  (7.5 and 7.8; btf relocate help)
    bpftool-wasm [-j|-p] [-B VMLINUX] core check OBJECT... against BTF...
        every CO-RE relocation against each kernel's BTF, as libbpf makes it
        (7.5 and 7.8; core check help)
    bpftool-wasm btf extract INPUT [module NAME...] [OUTPUT]
        raw kernel BTF out of a kernel package, image or module (btf extract help)

bpftool ${upstream}'s own usage:
`;
}

/** The package's version (its package.json, beside dist/) and the module's sha256, bundled at build time. */
export function versionLine(script: URL, upstream: UpstreamVersion): string {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', script), 'utf8')) as { version: string };
  return `bpftool-wasm v${version}, bpftool-${upstream}.wasm sha256 ${WASM_SHA256[upstream]}\n`;
}
