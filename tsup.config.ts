import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

/** What both bundles share. */
const common: Options = {
  target: 'es2022',
  platform: 'neutral',
  // import.meta.url locates bpftool.wasm; in the CommonJS build it is shimmed.
  shims: true,
  splitting: false,
  sourcemap: false,
  external: [/^node:/],
  // Comlink and jsdiff are bundled in: the package has no run-time dependencies.
  // So are the decoders of kernel images and packages (fflate, zstddec, xz-decompress).
  noExternal: ['comlink', 'diff', 'fflate', 'zstddec', 'xz-decompress'],
  // xz-decompress takes ReadableStream from Node's 'stream/web'; every runtime has it as a global.
  esbuildOptions(options) {
    options.alias = { ...options.alias, 'stream/web': './src/kernel-btf/web-streams.ts' };
  },
};

export default defineConfig([
  {
    ...common,
    // The library, as an ES module and as CommonJS.
    entry: {
      index: 'src/index.ts',
      worker: 'src/worker.ts',
      native: 'src/native/index.ts',
    },
    format: ['esm', 'cjs'],
    dts: { entry: { index: 'src/index.ts', worker: 'src/worker.ts', native: 'src/native/index.ts' } },
    onSuccess: async () => {
      // Every upstream version's module, under the name the loader asks for (bpftool-<version>.wasm).
      const versions = JSON.parse(readFileSync('build/wasm/versions.json', 'utf8')) as {
        upstreams: Record<string, { wasm: string }>;
      };
      for (const [version, { wasm }] of Object.entries(versions.upstreams)) copyFileSync(`build/wasm/${version}/bpftool.wasm`, `dist/${wasm}`);
      copyFileSync('build/wasm/versions.json', 'dist/versions.json');
      // What the package holds from other projects and their license texts (scripts/third-party-licenses.mjs);
      // a bundle without it must not be made, so a missing file fails the build.
      copyFileSync('build/THIRD_PARTY_LICENSES', 'dist/THIRD_PARTY_LICENSES');
      // The native bridge, when build.sh could build it (Linux only).
      const addon = 'native/build/Release/bpftool_native.node';
      if (existsSync(addon)) copyFileSync(addon, 'dist/bpftool_native.node');
    },
  },
  {
    ...common,
    // The CLI, as CommonJS only: Node starts a CommonJS entry without its ES-module loader, which
    // loads some forty of Node's own modules (streams, fs/promises, readline) in every run.
    // Four files, so that a run loads only what it uses: the command (cli), the thread that runs
    // bpftool when the main thread's stack is too shallow (cli-thread), cross-check with the
    // in-memory API and jsdiff (cli-cross-check), and the kernel package decoders (cli-kernel-btf).
    entry: {
      cli: 'src/cli.ts',
      'cli-thread': 'src/cli-thread.ts',
      'cli-cross-check': 'src/cli/cross-check-command.ts',
      'cli-kernel-btf': 'src/cli/btf-extract-command.ts',
    },
    format: ['cjs'],
  },
]);
