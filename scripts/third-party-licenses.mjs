#!/usr/bin/env node
// Writes THIRD_PARTY_LICENSES: each component from another project that the
// npm package ships, its exact version and its license, then the license
// texts themselves. Everything is read at build time from the pinned sources
// (third_party/upstream.lock, third_party/src), from Debian's emscripten (the
// toolchain whose C library and runtime end up in the .wasm and its glue) and
// from node_modules (what tsup bundles). Nothing is typed in by hand and
// nothing comes from the network. A missing license file stops it (exit 1);
// the same inputs give the same bytes.
//
//   node scripts/third-party-licenses.mjs          -> build/THIRD_PARTY_LICENSES
//   node scripts/third-party-licenses.mjs --spdx   prints the package's SPDX license expression
//   options: --out FILE, --sources DIR (the pinned trees; default third_party/src)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
// build.sh installs Debian's emscripten; these are that package's files.
const EMSCRIPTEN = '/usr/share/emscripten';
const EMSCRIPTEN_COPYRIGHT = '/usr/share/doc/emscripten/copyright';
// Debian's copyright file of emscripten names this file as its Apache-2.0 text.
const DEBIAN_APACHE_2 = '/usr/share/common-licenses/Apache-2.0';
// The terms of the package's own code, as LICENSE states them (those of bpftool).
const OWN_LICENSE = 'GPL-2.0-only OR BSD-2-Clause';
// The headers libbpf and bpftool are compiled with (tools/include, include/uapi),
// by their SPDX tags; test/licenses.test.ts checks every compiled-in file against it.
const LINUX_HEADERS_LICENSE =
  'GPL-2.0-only AND GPL-2.0-or-later AND GPL-2.0-only WITH Linux-syscall-note AND ' +
  'GPL-2.0-or-later WITH Linux-syscall-note AND (GPL-2.0-only WITH Linux-syscall-note OR BSD-3-Clause)';
// The bundles tsup makes from src/ that the package ships (package.json "files").
const BUNDLES = 'dist/index.js, dist/index.cjs, dist/worker.js and dist/cli.cjs';
// The bundles with the decoders of kernel packages and images (src/kernel-btf/).
const DECODER_BUNDLES = 'dist/index.js, dist/index.cjs, dist/worker.js, dist/worker.cjs, dist/cli-cross-check.cjs and dist/cli-kernel-btf.cjs';
const RULE = '='.repeat(72);
// A package that ships no license text, only a notice naming its terms (test/licenses.test.ts knows this note).
const NO_LICENSE_TEXT = 'the package ships no license text; its bundle\'s opening comment, below, names the terms of each part';

function fail(message) {
  process.stderr.write(`third-party-licenses: ${message}\n`);
  process.exit(1);
}

/** A value computed on first use, then kept. */
function once(compute) {
  let value;
  return () => (value ??= compute());
}

/** A tool's standard output; a tool that is missing or fails stops the script. */
function run(command, args) {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    return fail(`${command} ${args.join(' ')} failed: ${e.stderr?.toString().trim() || e.message}`);
  }
}

function parseArgs(argv) {
  const options = { spdx: false, out: join(root, 'build/THIRD_PARTY_LICENSES'), sources: join(root, 'third_party/src') };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--spdx') options.spdx = true;
    else if (argv[i] === '--out' && i + 1 < argv.length) options.out = resolve(argv[++i]);
    else if (argv[i] === '--sources' && i + 1 < argv.length) options.sources = resolve(argv[++i]);
    else {
      process.stderr.write('usage: node scripts/third-party-licenses.mjs [--spdx] [--out FILE] [--sources DIR]\n');
      process.exit(2);
    }
  }
  return options;
}

// --- inputs ----------------------------------------------------------------------

/** A file read for the output: where it is, and the name the output shows for it. */
const input = (path, shown = path) => ({ path, shown });

function read(file) {
  if (!existsSync(file.path)) fail(`${file.shown} is missing (looked for ${file.path})`);
  return readFileSync(file.path);
}

/** The one match of `pattern` in `file`, or a stop that names both. */
function find(file, pattern, what) {
  const match = pattern.exec(read(file).toString('utf8'));
  if (!match) fail(`${file.shown}: no ${what} (expected ${pattern})`);
  return match;
}

/** The rows of upstream.lock: one Linux tree per shipped version, and the shared source packages. */
function readLock() {
  const rows = read(input(join(root, 'third_party/upstream.lock'), 'third_party/upstream.lock'))
    .toString('utf8')
    .split('\n')
    .map((line) => line.split(' '))
    .filter(([tree, kind]) => tree && !tree.startsWith('#') && (kind === 'binary' || kind === 'source'));
  const trees = rows.filter(([, kind]) => kind === 'binary').map(([tree, , pkg, version]) => ({ tree, pkg, version }));
  const source = (pkg) => rows.find(([, kind, name]) => kind === 'source' && name === pkg)?.[3] ?? fail(`upstream.lock: no ${pkg} row`);
  return { trees, elfutils: source('elfutils'), zlib: source('zlib') };
}

// --- license texts -----------------------------------------------------------------

/**
 * A license text as it ships: the whole of `file`, or the part that `excerpt`
 * picks from it. `covers` are the SPDX identifiers whose terms it gives.
 */
const text = (title, file, covers, excerpt = null) => ({ title, file, covers, excerpt });

/** A paragraph of a Debian copyright file: from a line that starts one up to the blank line. */
function debianParagraph(head) {
  const pick = (bytes) => {
    const all = bytes.toString('utf8');
    const starts = [];
    for (let at = all.indexOf(head); at !== -1; at = all.indexOf(head, at + 1)) {
      if (all.slice(at - 2, at) === '\n\n') starts.push(at);
    }
    if (starts.length !== 1) return null;
    const end = all.indexOf('\n\n', starts[0]);
    return Buffer.from(all.slice(starts[0], end === -1 ? all.length : end + 1), 'utf8');
  };
  return { pick, part: `the paragraph "${head.split('\n').map((l) => l.trim()).join(' ').trim()}"` };
}

/** The lines from the one holding `first` through the one holding `last`. */
function linesFromTo(first, last) {
  const pick = (bytes) => {
    const all = bytes.toString('utf8');
    const at = all.indexOf(first);
    if (at === -1 || all.indexOf(first, at + 1) !== -1) return null;
    const start = all.lastIndexOf('\n', at) + 1;
    const lastAt = all.indexOf(last, at);
    if (lastAt === -1) return null;
    return Buffer.from(all.slice(start, all.indexOf('\n', lastAt) + 1), 'utf8');
  };
  return { pick, part: `the lines from "${first.trim()}" to "${last}"` };
}

function textBytes(t) {
  const bytes = read(t.file);
  if (!t.excerpt) return bytes;
  const part = t.excerpt.pick(bytes);
  if (!part) fail(`${t.file.shown}: ${t.excerpt.part} is not there exactly once`);
  return part;
}

// --- components ----------------------------------------------------------------------

/**
 * The texts of a Linux tree's LICENSES/ (fetch.sh extracts the ones named
 * here); `linux` is the tree's folder under the sources ('7.1/linux', or
 * 'linux' for the default one).
 */
function linuxTexts(sources, linux) {
  const at = (path) => input(join(sources, linux, path), `third_party/src/${linux}/${path}`);
  return {
    gpl2: text('GPL-2.0', at('LICENSES/preferred/GPL-2.0'), ['GPL-2.0-only', 'GPL-2.0-or-later']),
    lgpl21: text('LGPL-2.1', at('LICENSES/preferred/LGPL-2.1'), ['LGPL-2.1-only', 'LGPL-2.1-or-later']),
    bsd2: text('BSD-2-Clause', at('LICENSES/preferred/BSD-2-Clause'), ['BSD-2-Clause']),
    bsd3: text('BSD-3-Clause', at('LICENSES/preferred/BSD-3-Clause'), ['BSD-3-Clause']),
    syscallNote: text('Linux-syscall-note', at('LICENSES/exceptions/Linux-syscall-note'), ['Linux-syscall-note']),
  };
}

/** libbpf's release: the last version node of libbpf.map, which libbpf_version.h must agree with. */
function libbpfVersion(sources, tree) {
  const at = (path) => input(join(sources, tree, 'linux/tools/lib/bpf', path), `third_party/src/${tree}/linux/tools/lib/bpf/${path}`);
  const map = read(at('libbpf.map')).toString('utf8');
  const release = [...map.matchAll(/^LIBBPF_(\d+)\.(\d+)\.(\d+) \{/gm)].at(-1);
  if (!release) fail(`third_party/src/${tree}/linux/tools/lib/bpf/libbpf.map: no LIBBPF_x.y.z node`);
  const major = find(at('libbpf_version.h'), /#define LIBBPF_MAJOR_VERSION (\d+)/, 'LIBBPF_MAJOR_VERSION')[1];
  const minor = find(at('libbpf_version.h'), /#define LIBBPF_MINOR_VERSION (\d+)/, 'LIBBPF_MINOR_VERSION')[1];
  if (release[1] !== major || release[2] !== minor) {
    fail(`${tree}: libbpf.map ends at ${release.slice(1).join('.')}, libbpf_version.h says ${major}.${minor}`);
  }
  return release.slice(1).join('.');
}

/** bpftool's version as its main.c derives it from libbpf's (no BPFTOOL_VERSION is given to the build). */
function bpftoolVersion(sources, tree, libbpf) {
  const main = input(join(sources, tree, 'linux/tools/bpf/bpftool/main.c'), `third_party/src/${tree}/linux/tools/bpf/bpftool/main.c`);
  const offset = find(main, /#define BPFTOOL_MAJOR_VERSION \(LIBBPF_MAJOR_VERSION \+ (\d+)\)/, 'BPFTOOL_MAJOR_VERSION')[1];
  find(main, /#define BPFTOOL_MINOR_VERSION LIBBPF_MINOR_VERSION\n/, 'BPFTOOL_MINOR_VERSION');
  const patch = find(main, /#define BPFTOOL_PATCH_VERSION (\d+)/, 'BPFTOOL_PATCH_VERSION')[1];
  const [major, minor] = libbpf.split('.').map(Number);
  return `${major + Number(offset)}.${minor}.${patch}`;
}

/** bpftool, libbpf and the headers they are compiled with, of one Linux tree. */
function linuxComponents(sources, { tree, pkg, version }, isDefault) {
  const texts = linuxTexts(sources, `${tree}/linux`);
  const libbpf = once(() => libbpfVersion(sources, tree));
  const origin = `${pkg} ${version} (Debian)`;
  const wasm = `dist/bpftool-${tree}.wasm`;
  // The Node-API addon links the default tree's libbpf (native/build-addon.sh).
  const withAddon = isDefault ? `${wasm}; dist/bpftool_native.node (Linux, where built)` : wasm;
  return [
    {
      name: 'bpftool',
      version: () => bpftoolVersion(sources, tree, libbpf()),
      source: `tools/bpf/bpftool of ${origin}`,
      in: wasm,
      license: '(GPL-2.0-only OR BSD-2-Clause) AND (GPL-2.0-or-later OR BSD-2-Clause)',
      note: 'json_writer.c is GPL-2.0-or-later OR BSD-2-Clause, the other files GPL-2.0-only OR BSD-2-Clause',
      texts: [texts.gpl2, texts.bsd2],
    },
    {
      name: 'libbpf',
      version: libbpf,
      source: `tools/lib/bpf of ${origin}`,
      in: withAddon,
      license: 'LGPL-2.1-only OR BSD-2-Clause',
      texts: [texts.lgpl21, texts.bsd2],
    },
    {
      name: 'Linux headers',
      // The kernel release, without Debian's revision.
      version: () => version.replace(/-[^-]*$/, ''),
      source: `tools/include and include/uapi of ${origin}`,
      in: withAddon,
      license: LINUX_HEADERS_LICENSE,
      note: 'the headers libbpf and bpftool are compiled with, each under its own SPDX tag; the uapi headers carry the Linux-syscall-note',
      texts: [texts.gpl2, texts.syscallNote, texts.bsd3],
    },
  ];
}

/** The kernel's xz and lzma decoders, built from the default tree into the decoder bundles (wasm/kernel-decompress/). */
function kernelDecompressComponent(sources, { pkg, version }, defaultTexts) {
  return {
    name: 'Linux decompressors',
    version: () => version.replace(/-[^-]*$/, ''),
    source: `lib/xz and lib/decompress_unlzma.c of ${pkg} ${version} (Debian)`,
    in: DECODER_BUNDLES,
    license: '0BSD AND LGPL-2.1-or-later',
    note: 'lib/xz (xz-embedded) is 0BSD, decompress_unlzma.c LGPL-2.1-or-later',
    texts: [
      text('0BSD', input(join(sources, 'linux/LICENSES/deprecated/0BSD'), 'third_party/src/linux/LICENSES/deprecated/0BSD'), ['0BSD']),
      defaultTexts.lgpl21,
    ],
  };
}

function elfutilsComponent(sources, debianVersion, defaultTexts) {
  const at = (path) => input(join(sources, 'elfutils', path), `third_party/src/elfutils/${path}`);
  return {
    name: 'libelf',
    version: () => find(at('configure.ac'), /^AC_INIT\(\[elfutils\],\[([^\]]+)\]/m, 'AC_INIT version')[1],
    source: `libelf/ and lib/ of elfutils ${debianVersion} (Debian source package, with its patches)`,
    in: 'dist/bpftool-*.wasm',
    license: '(GPL-2.0-or-later OR LGPL-3.0-or-later) AND LGPL-2.1-or-later',
    note: 'libelf/elf.h and libelf/dl-hash.h come from the GNU C Library, LGPL-2.1-or-later (text below from the Linux tree)',
    texts: [
      text('GPL-2.0', at('COPYING-GPLV2'), ['GPL-2.0-or-later']),
      text('LGPL-3.0', at('COPYING-LGPLV3'), ['LGPL-3.0-or-later']),
      text('GPL-3.0 (the terms LGPL-3.0 adds its permissions to)', at('COPYING'), ['GPL-3.0-or-later']),
      defaultTexts.lgpl21,
    ],
  };
}

function zlibComponent(sources, debianVersion) {
  const at = (path) => input(join(sources, 'zlib', path), `third_party/src/zlib/${path}`);
  return {
    name: 'zlib',
    version: () => find(at('zlib.h'), /#define ZLIB_VERSION "([^"]+)"/, 'ZLIB_VERSION')[1],
    source: `zlib ${debianVersion} (Debian source package, with its patches)`,
    in: 'dist/bpftool-*.wasm',
    license: 'Zlib',
    texts: [text('Zlib', at('LICENSE'), ['Zlib'])],
  };
}

/** Emscripten's runtime: its generated JavaScript glue, and the C library and runtime it links into every .wasm. */
function emscriptenComponents() {
  // The version emcc reports, as scripts/versions.mjs records it for the .wasm.
  const release = () => {
    const line = run('emcc', ['--version']).split('\n')[0];
    return /\b(\d+\.\d+\.\d+)\b/.exec(line)?.[1] ?? fail(`emcc --version: no version in "${line}"`);
  };
  const debianVersion = run('dpkg-query', ['-W', '-f=${Version}', 'emscripten']).trim();
  const at = (path) => input(join(EMSCRIPTEN, path));
  const copyright = input(EMSCRIPTEN_COPYRIGHT);
  const paragraph = (title, head, covers) => text(title, copyright, covers, debianParagraph(head));
  const wasm = 'dist/bpftool-*.wasm';
  const of = `of emscripten ${debianVersion} (Debian), the toolchain that builds the .wasm`;
  return [
    {
      name: 'Emscripten',
      version: release,
      source: `emscripten ${debianVersion} (Debian), the toolchain that builds the .wasm`,
      in: `its generated glue in ${BUNDLES}; its C library and system library code in ${wasm}`,
      license: 'MIT OR NCSA',
      note: 'Debian ships no LICENSE file of Emscripten; its copyright file states the terms',
      texts: [
        paragraph('Emscripten: copyright and license grant', 'Files:\n *\n', []),
        paragraph('MIT (Expat)', 'License: Expat\n', ['MIT']),
        paragraph('NCSA', 'License: NCSA~Mozilla\n', ['NCSA']),
      ],
    },
    {
      name: 'musl',
      version: () => find(at('system/lib/libc/musl/VERSION'), /^(\d+\.\d+\.\d+)$/m, 'version')[1],
      source: `system/lib/libc/musl ${of}`,
      in: wasm,
      license: 'MIT',
      texts: [text('musl: MIT', at('system/lib/libc/musl/COPYRIGHT'), ['MIT'])],
    },
    {
      name: 'compiler-rt',
      version: () => find(at('system/lib/compiler-rt/readme.txt'), /based on release (\d+\.\d+\.\d+)/, 'LLVM release')[1],
      source: `system/lib/compiler-rt ${of}`,
      in: wasm,
      license: 'Apache-2.0 WITH LLVM-exception',
      texts: [
        paragraph('compiler-rt: license grant and the LLVM exception', 'Files:\n system/lib/compiler-rt/*\n', ['LLVM-exception']),
        text('Apache-2.0', input(DEBIAN_APACHE_2), ['Apache-2.0']),
      ],
    },
    {
      name: 'dlmalloc',
      version: () => find(at('system/lib/dlmalloc.c'), /^ \* Version (\d+\.\d+\.\d+) /m, 'version')[1],
      source: `system/lib/dlmalloc.c ${of}`,
      in: wasm,
      license: 'CC0-1.0',
      note: 'released to the public domain, as CC0 1.0 explains (its header, below)',
      texts: [
        text('dlmalloc: public domain', at('system/lib/dlmalloc.c'), ['CC0-1.0'], linesFromTo(' This is a version (aka dlmalloc)', 'dl@cs.oswego.edu')),
      ],
    },
  ];
}

/** An npm package whose code ends up in dist/ (bundled by tsup, or compiled into the addon). */
function npmComponent(pkg, { source, in: where, license, licenseFile, excerpt = null, covers = [license], note }) {
  const at = (path) => input(join(root, 'node_modules', pkg, path), `node_modules/${pkg}/${path}`);
  const version = () => {
    const manifest = JSON.parse(read(at('package.json')).toString('utf8'));
    if (manifest.license !== license) fail(`node_modules/${pkg}/package.json: license ${manifest.license}, expected ${license}`);
    return manifest.version;
  };
  return { name: pkg, version, source, in: where, license, ...(note ? { note } : {}), texts: [text(license, at(licenseFile), covers, excerpt)] };
}

function components(sources) {
  const lock = readLock();
  if (!existsSync(join(sources, 'linux'))) fail(`no Linux tree at ${join(sources, 'linux')}; run third_party/fetch.sh`);
  const defaultTree = realpathSync(join(sources, 'linux'));
  const isDefault = (tree) => existsSync(join(sources, tree, 'linux')) && realpathSync(join(sources, tree, 'linux')) === defaultTree;
  const defaultTexts = linuxTexts(sources, 'linux');
  const version = JSON.parse(read(input(join(root, 'package.json'), 'package.json')).toString('utf8')).version;
  return [
    {
      name: 'bpftool-wasm',
      version: () => version,
      source: 'this package\'s own code',
      in: 'dist/',
      license: OWN_LICENSE,
      note: 'LICENSE holds the BSD-2-Clause terms with the package\'s copyright line',
      texts: [defaultTexts.gpl2, defaultTexts.bsd2],
    },
    ...lock.trees.flatMap((row) => linuxComponents(sources, row, isDefault(row.tree))),
    kernelDecompressComponent(sources, lock.trees.find((row) => isDefault(row.tree)) ?? fail('upstream.lock: no row for the default tree'), defaultTexts),
    elfutilsComponent(sources, lock.elfutils, defaultTexts),
    zlibComponent(sources, lock.zlib),
    ...emscriptenComponents(),
    npmComponent('comlink', { source: 'npm package comlink', in: BUNDLES, license: 'Apache-2.0', licenseFile: 'LICENSE' }),
    // Only the CLI prints unified diffs (src/cli/unified-diff.ts).
    npmComponent('diff', { source: 'npm package diff (jsdiff)', in: 'dist/cli.cjs', license: 'BSD-3-Clause', licenseFile: 'LICENSE' }),
    // The decoders of kernel images and packages (src/kernel-btf/compression.ts).
    npmComponent('fflate', { source: 'npm package fflate', in: DECODER_BUNDLES, license: 'MIT', licenseFile: 'LICENSE' }),
    npmComponent('zstddec', {
      source: 'npm package zstddec (with the Zstandard library compiled in)',
      in: DECODER_BUNDLES,
      license: 'MIT AND BSD-3-Clause',
      licenseFile: 'LICENSE',
      // One file holds both texts: zstddec's own and, after it, Zstandard's.
      covers: ['MIT', 'BSD-3-Clause'],
    }),
    npmComponent('xz-decompress', {
      note: NO_LICENSE_TEXT,
      source: 'npm package xz-decompress (xzwasm, with xz-embedded and walloc compiled in)',
      in: DECODER_BUNDLES,
      license: 'MIT',
      licenseFile: 'dist/package/xz-decompress.js',
      excerpt: linesFromTo('Based on xzwasm', 'walloc (c) 2020 Igalia'),
    }),
    npmComponent('node-addon-api', {
      source: 'npm package node-addon-api (C++ headers)',
      in: 'dist/bpftool_native.node (Linux, where built)',
      license: 'MIT',
      licenseFile: 'LICENSE.md',
    }),
  ];
}

// --- SPDX ------------------------------------------------------------------------------

/** The terms of an expression joined by AND at its top level, without enclosing parentheses. */
function andTerms(expression) {
  const terms = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    if (expression[i] === '(') depth++;
    else if (expression[i] === ')') depth--;
    else if (depth === 0 && expression.startsWith(' AND ', i)) {
      terms.push(expression.slice(start, i));
      start = i + 5;
    }
  }
  terms.push(expression.slice(start));
  return terms.map((t) => t.trim().replace(/^\((.*)\)$/, '$1'));
}

/** Every license and exception identifier an expression names. */
const identifiers = (expression) => expression.split(/[\s()]+/).filter((w) => w && !['AND', 'OR', 'WITH'].includes(w));

/** The terms of the package's expression: every component's, each once, in the order they first appear. */
function packageTerms(list) {
  const terms = [...new Set(list.flatMap((c) => andTerms(c.license)))];
  return terms.map((t) => (t.includes(' OR ') ? `(${t})` : t));
}

// --- the file ------------------------------------------------------------------------------

/** The texts in order of first use, one entry per distinct content, each with every file it was read from. */
function collectTexts(list) {
  const byContent = new Map();
  for (const component of list) {
    const uncovered = identifiers(component.license).filter((id) => !component.texts.some((t) => t.covers.includes(id)));
    if (uncovered.length) fail(`${component.name} ${component.version}: no license text for ${uncovered.join(', ')}`);
    for (const t of component.texts) {
      const bytes = textBytes(t);
      const key = createHash('sha256').update(bytes).digest('hex');
      if (!byContent.has(key)) byContent.set(key, { number: byContent.size + 1, title: t.title, bytes, sources: [] });
      const entry = byContent.get(key);
      const shown = t.excerpt ? `${t.file.shown} (${t.excerpt.part})` : t.file.shown;
      if (!entry.sources.includes(shown)) entry.sources.push(shown);
      t.number = entry.number;
    }
  }
  return [...byContent.values()];
}

function render(list, texts, terms) {
  const head = [
    `${list[0].name} ${list[0].version}: the software in this package and its licenses`,
    RULE,
    '',
    'This package holds its own code and code from the other projects listed',
    'below, each under its own license; the license texts follow the list.',
    'The package as a whole is under this SPDX license expression:',
    '',
    // One term a line; the expression is these lines joined.
    ...terms.map((term, i) => `  ${i ? 'AND ' : ''}${term}`),
    '',
    'Generated at build time by scripts/third-party-licenses.mjs from the pinned',
    'sources (third_party/upstream.lock), the toolchain that builds the .wasm and',
    'the npm packages bundled into dist/. Each text is copied byte for byte from',
    'the file named above it; where a text was found in several files with the',
    'same bytes, it is printed once and all of them are named.',
    '',
    'Components',
    '----------',
    '',
  ];
  const entries = list.flatMap((c) => [
    `- ${c.name} ${c.version}`,
    `    source:  ${c.source}`,
    `    in:      ${c.in}`,
    `    license: ${c.license}`,
    ...(c.note ? [`    note:    ${c.note}`] : []),
    `    texts:   ${[...new Set(c.texts.map((t) => t.number))].sort((a, b) => a - b).join(', ')}`,
    '',
  ]);
  const parts = [Buffer.from([...head, ...entries, 'License texts', '-------------', ''].join('\n'), 'utf8')];
  for (const t of texts) {
    const header = [RULE, `[${t.number}] ${t.title}`, ...t.sources.map((s) => `    from: ${s}`), `    ${t.bytes.length} bytes follow`, RULE, ''];
    parts.push(Buffer.from(header.join('\n'), 'utf8'), t.bytes, Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  // Every license file is looked for before any text or version is read, so that one run names all that are missing.
  const list = components(options.sources);
  const missing = [...new Set(list.flatMap((c) => c.texts.map((t) => t.file)).filter((f) => !existsSync(f.path)).map((f) => f.shown))];
  if (missing.length) fail(`license files missing:\n  ${missing.join('\n  ')}\n(third_party/fetch.sh extracts the pinned ones; the others come with Debian's emscripten and npm install)`);
  for (const c of list) c.version = c.version();
  const terms = packageTerms(list);
  const texts = collectTexts(list);
  if (options.spdx) {
    process.stdout.write(`${terms.join(' AND ')}\n`);
    return;
  }
  const output = render(list, texts, terms);
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, output);
  const shown = options.out.startsWith(root) ? options.out.slice(root.length) : options.out;
  process.stdout.write(`third-party-licenses: ${shown}: ${list.length} components, ${texts.length} license texts, ${output.length} bytes\n`);
}

main();
