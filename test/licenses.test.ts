/**
 * The package's licenses. THIRD_PARTY_LICENSES (scripts/third-party-licenses.mjs)
 * is checked against the sources themselves: each component is named with
 * the version its source declares, found here by other means than the
 * script's; each license text is there byte for byte as in its file, and is
 * the license its SPDX identifier says; each file compiled into a .wasm is
 * under a license its component declares. LICENSE states the dual license
 * and the BSD-2-Clause terms as the kernel words them, and the packed
 * tarball carries both files. A missing license file stops the script.
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchDir } from './helpers/chromium.js';
import { repoRoot } from './helpers/native.js';

const script = join(repoRoot, 'scripts/third-party-licenses.mjs');
const sources = join(repoRoot, 'third_party/src');
const scratch = scratchDir('bpftool-licenses-');
afterAll(() => scratch.remove());

const fromRepo = (path: string) => readFileSync(join(repoRoot, path));
const lockRows = (file: string) =>
  fromRepo(file)
    .toString('utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(' '));
const upstreamLock = lockRows('third_party/upstream.lock');
/** Each shipped tree's linux-source package, from the lock. */
const trees = upstreamLock.filter(([, kind]) => kind === 'binary').map(([tree, , pkg, version]) => ({ tree: tree!, pkg: pkg!, version: version! }));
/** A source package's Debian version, and its upstream version as the orig tarball's name gives it. */
function sourcePackage(name: string) {
  const rows = upstreamLock.filter(([, kind, pkg]) => kind === 'source' && pkg === name);
  const orig = rows.map((r) => r[5]!).find((f) => /\.orig\.tar\.\w+$/.test(f))!;
  return { debian: rows[0]![3]!, upstream: orig.replace(/^[^_]+_/, '').replace(/(\.dfsg)?\.orig\.tar\.\w+$/, '') };
}

interface Component {
  name: string;
  version: string;
  fields: Record<string, string>;
}
interface Text {
  number: number;
  title: string;
  from: string[];
  body: Buffer;
}

/** The component list: "- name version" and its indented "key: value" lines. */
function parseComponents(file: Buffer): Component[] {
  const list = file.toString('utf8').split('\nLicense texts\n')[0]!.split('\nComponents\n')[1]!;
  return [...list.matchAll(/^- (.+) (\S+)\n((?: {4}\w+: +.*\n)+)/gm)].map((m) => ({
    name: m[1]!,
    version: m[2]!,
    fields: Object.fromEntries([...m[3]!.matchAll(/^ {4}(\w+): +(.*)$/gm)].map((f) => [f[1]!, f[2]!])),
  }));
}

/** The texts: each header says how many bytes follow it; those bytes are the text. */
function parseTexts(file: Buffer): Text[] {
  // latin1: one character a byte, so offsets in the string are offsets in the file.
  const all = file.toString('latin1');
  const rule = '='.repeat(72);
  const header = new RegExp(`^${rule}\\n\\[(\\d+)\\] (.*)\\n((?: {4}from: .*\\n)+) {4}(\\d+) bytes follow\\n${rule}\\n`, 'gm');
  return [...all.matchAll(header)].map((m) => {
    const start = m.index + m[0].length;
    return {
      number: Number(m[1]),
      title: m[2]!,
      from: [...m[3]!.matchAll(/from: (.*)/g)].map((f) => Buffer.from(f[1]!, 'latin1').toString('utf8')),
      body: file.subarray(start, start + Number(m[4])),
    };
  });
}

/** The terms joined by AND at an expression's top level, each without parentheses. */
function andTerms(expression: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < expression.length; i++) {
    if (expression[i] === '(') depth++;
    else if (expression[i] === ')') depth--;
    else if (depth === 0 && expression.startsWith(' AND ', i)) {
      terms.push(expression.slice(from, i));
      from = i + 5;
    }
  }
  return [...terms, expression.slice(from)].map(bare);
}
/** An expression without parentheses or deprecated identifiers (the kernel's GPL-2.0 is GPL-2.0-only, and so on). */
const bare = (expression: string) =>
  expression
    .replace(/[()]/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => ({ 'GPL-2.0': 'GPL-2.0-only', 'GPL-2.0+': 'GPL-2.0-or-later', 'LGPL-2.1': 'LGPL-2.1-only', 'LGPL-2.1+': 'LGPL-2.1-or-later' })[w] ?? w)
    .join(' ');

let file: Buffer;
let components: Component[];
let texts: Text[];
let run: SpawnSyncReturns<string>;

beforeAll(() => {
  run = spawnSync('node', [script, '--out', join(scratch.dir, 'THIRD_PARTY_LICENSES')], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`third-party-licenses.mjs failed:\n${run.stderr}`);
  file = readFileSync(join(scratch.dir, 'THIRD_PARTY_LICENSES'));
  components = parseComponents(file);
  texts = parseTexts(file);
}, 120_000);

const component = (name: string, version: string) => {
  const found = components.find((c) => c.name === name && c.version === version);
  expect(found, `${name} ${version} in ${components.map((c) => `${c.name} ${c.version}`).join(', ')}`).toBeDefined();
  return found!;
};
/** The texts a component names. */
const textsOf = (c: Component) => c.fields.texts!.split(', ').map((n) => texts.find((t) => t.number === Number(n))!);

describe('THIRD_PARTY_LICENSES', () => {
  it('is written fresh, the same bytes each time, and is what the build and dist/ hold', () => {
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(`third-party-licenses: ${join(scratch.dir, 'THIRD_PARTY_LICENSES')}: ${components.length} components, ${texts.length} license texts, ${file.length} bytes\n`);
    const again = spawnSync('node', [script, '--out', join(scratch.dir, 'again')], { encoding: 'utf8' });
    expect(again.status).toBe(0);
    expect(readFileSync(join(scratch.dir, 'again')).equals(file)).toBe(true);
    expect(fromRepo('build/THIRD_PARTY_LICENSES').equals(file), 'build/THIRD_PARTY_LICENSES is stale: run ./build.sh').toBe(true);
    expect(fromRepo('dist/THIRD_PARTY_LICENSES').equals(file), 'dist/THIRD_PARTY_LICENSES is stale: run ./build.sh').toBe(true);
  });

  it('package.json declares the SPDX expression the script derives from what ships', () => {
    const spdx = execFileSync(process.execPath, [script, '--spdx'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { license: string };
    expect(pkg.license).toBe(spdx);
  });

  it('names every component with the version its source declares, and its license', () => {
    // Found here another way than the script's: bpftool by Debian's package of it (references.lock),
    // libbpf by libbpf_version.h, the rest by the lock, the toolchain's own version file and package-lock.json.
    const debianBpftool = Object.fromEntries(lockRows('third_party/references.lock').filter((r) => r[1] === 'bpftool').map((r) => [r[0], r[2]!.split('+')[0]]));
    const libbpf = (tree: string) => {
      const header = readFileSync(join(sources, tree, 'linux/tools/lib/bpf/libbpf_version.h'), 'utf8');
      return ['MAJOR', 'MINOR'].map((part) => new RegExp(`LIBBPF_${part}_VERSION (\\d+)`).exec(header)![1]).join('.') + '.0';
    };
    const emscriptenDir = '/usr/share/emscripten';
    const emscripten = readFileSync(join(emscriptenDir, 'emscripten-version.txt'), 'utf8').replace(/"/g, '').trim();
    const npmVersion = (pkg: string) => (JSON.parse(fromRepo('package-lock.json').toString('utf8')) as { packages: Record<string, { version: string }> }).packages[`node_modules/${pkg}`]!.version;
    const elfutils = sourcePackage('elfutils');
    const zlib = sourcePackage('zlib');

    const bpftoolLicense = '(GPL-2.0-only OR BSD-2-Clause) AND (GPL-2.0-or-later OR BSD-2-Clause)';
    const headersLicense =
      'GPL-2.0-only AND GPL-2.0-or-later AND GPL-2.0-only WITH Linux-syscall-note AND ' +
      'GPL-2.0-or-later WITH Linux-syscall-note AND (GPL-2.0-only WITH Linux-syscall-note OR BSD-3-Clause)';
    const expected = [
      ['bpftool-wasm', JSON.parse(fromRepo('package.json').toString('utf8')).version, 'GPL-2.0-only OR BSD-2-Clause'],
      ...trees.flatMap(({ tree, version }) => [
        ['bpftool', debianBpftool[tree], bpftoolLicense],
        ['libbpf', libbpf(tree), 'LGPL-2.1-only OR BSD-2-Clause'],
        ['Linux headers', version.split('-')[0], headersLicense],
      ]),
      ['Linux decompressors', trees.find(({ tree }) => tree === '7.5')!.version.split('-')[0], '0BSD AND LGPL-2.1-or-later'],
      ['libelf', elfutils.upstream, '(GPL-2.0-or-later OR LGPL-3.0-or-later) AND LGPL-2.1-or-later'],
      ['zlib', zlib.upstream, 'Zlib'],
      ['Emscripten', emscripten, 'MIT OR NCSA'],
      ['musl', readFileSync(join(emscriptenDir, 'system/lib/libc/musl/VERSION'), 'utf8').trim(), 'MIT'],
      ['compiler-rt', /llvmorg-(\d+\.\d+\.\d+)/.exec(readFileSync(join(emscriptenDir, 'system/lib/compiler-rt/readme.txt'), 'utf8'))![1], 'Apache-2.0 WITH LLVM-exception'],
      ['dlmalloc', /Version (\d+\.\d+\.\d+)/.exec(readFileSync(join(emscriptenDir, 'system/lib/dlmalloc.c'), 'utf8'))![1], 'CC0-1.0'],
      ['comlink', npmVersion('comlink'), 'Apache-2.0'],
      ['diff', npmVersion('diff'), 'BSD-3-Clause'],
      ['fflate', npmVersion('fflate'), 'MIT'],
      ['zstddec', npmVersion('zstddec'), 'MIT AND BSD-3-Clause'],
      ['xz-decompress', npmVersion('xz-decompress'), 'MIT'],
      ['node-addon-api', npmVersion('node-addon-api'), 'MIT'],
    ];
    expect(components.map((c) => [c.name, c.version, c.fields.license])).toEqual(expected);

    // Where each comes from: the pinned packages, by name and version.
    for (const { tree, pkg, version } of trees) {
      expect(component('bpftool', debianBpftool[tree]!).fields.source).toBe(`tools/bpf/bpftool of ${pkg} ${version} (Debian)`);
      expect(component('libbpf', libbpf(tree)).fields.source).toBe(`tools/lib/bpf of ${pkg} ${version} (Debian)`);
      expect(component('bpftool', debianBpftool[tree]!).fields.in).toBe(`dist/bpftool-${tree}.wasm`);
    }
    expect(component('libelf', elfutils.upstream).fields.source).toContain(`elfutils ${elfutils.debian} `);
    expect(component('zlib', zlib.upstream).fields.source).toContain(`zlib ${zlib.debian} `);
    // And what the wasm build recorded of itself agrees (build/wasm/versions.json).
    const built = JSON.parse(fromRepo('build/wasm/versions.json').toString('utf8')) as { emscripten: string; upstreams: Record<string, { bpftool: string; libbpf: string }> };
    expect(built.emscripten).toBe(emscripten);
    for (const { tree } of trees) expect([built.upstreams[tree]!.bpftool, built.upstreams[tree]!.libbpf]).toEqual([debianBpftool[tree], libbpf(tree)]);
  });

  it('carries every license file byte for byte, under its own path', () => {
    const files = [
      ...['7.1', '7.5', '7.8', 'linux'].flatMap((tree) =>
        ['preferred/GPL-2.0', 'preferred/LGPL-2.1', 'preferred/BSD-2-Clause', 'preferred/BSD-3-Clause', 'exceptions/Linux-syscall-note']
          .filter((f) => tree !== 'linux' || /GPL-2.0|LGPL-2.1|BSD-2-Clause/.test(f))
          .map((f) => [`third_party/src/${tree}/linux/LICENSES/${f}`.replace('src/linux/linux', 'src/linux'), join(sources, tree === 'linux' ? 'linux' : `${tree}/linux`, 'LICENSES', f)]),
      ),
      ['third_party/src/linux/LICENSES/deprecated/0BSD', join(sources, 'linux/LICENSES/deprecated/0BSD')],
      ...['COPYING', 'COPYING-GPLV2', 'COPYING-LGPLV3'].map((f) => [`third_party/src/elfutils/${f}`, join(sources, 'elfutils', f)]),
      ['third_party/src/zlib/LICENSE', join(sources, 'zlib/LICENSE')],
      ...['/usr/share/emscripten/system/lib/libc/musl/COPYRIGHT', '/usr/share/common-licenses/Apache-2.0'].map((f) => [f, f]),
      ...['comlink/LICENSE', 'diff/LICENSE', 'fflate/LICENSE', 'zstddec/LICENSE', 'node-addon-api/LICENSE.md'].map((f) => [`node_modules/${f}`, join(repoRoot, 'node_modules', f)]),
    ];
    for (const [shown, path] of files) {
      const bytes = readFileSync(path!);
      const t = texts.find((x) => x.from.includes(shown!));
      expect(t, shown).toBeDefined();
      expect(t!.body.equals(bytes), shown).toBe(true);
    }
    // Texts taken in part: each is a part of its file, byte for byte.
    for (const t of texts.filter((x) => x.from.some((f) => f.includes(' (')))) {
      for (const from of t.from) expect(readFileSync(from.split(' (')[0]!).includes(t.body), from).toBe(true);
    }
    // Emscripten's terms, as paragraphs of Debian's copyright file, found here by its own blank-line layout.
    const paragraphs = readFileSync('/usr/share/doc/emscripten/copyright', 'utf8').split('\n\n').map((p) => `${p}\n`);
    for (const head of ['Files:\n *\n', 'License: Expat\n', 'License: NCSA~Mozilla\n', 'Files:\n system/lib/compiler-rt/*\n']) {
      const paragraph = paragraphs.filter((p) => p.startsWith(head));
      expect(paragraph, head).toHaveLength(1);
      expect(texts.some((t) => t.body.toString('utf8') === paragraph[0]), head).toBe(true);
    }
    // Nothing else: every text in the file is one of those.
    expect(texts.every((t) => t.from.every((f) => files.some(([shown]) => shown === f) || f.includes(' (')))).toBe(true);
  });

  it('gives, for every license a component names, a text that is that license', () => {
    // What each identifier's text says, in its own words (the words of a text are compared with
    // every run of white space as one space: Debian's copyright file and musl wrap them differently).
    const says: Record<string, (words: string) => boolean> = {
      'GPL-2.0-only': (b) => b.includes('GNU GENERAL PUBLIC LICENSE Version 2, June 1991'),
      'GPL-2.0-or-later': (b) => b.includes('GNU GENERAL PUBLIC LICENSE Version 2, June 1991'),
      'LGPL-2.1-only': (b) => b.includes('GNU LESSER GENERAL PUBLIC LICENSE Version 2.1, February 1999'),
      'LGPL-2.1-or-later': (b) => b.includes('GNU LESSER GENERAL PUBLIC LICENSE Version 2.1, February 1999'),
      'LGPL-3.0-or-later': (b) => b.includes('GNU LESSER GENERAL PUBLIC LICENSE Version 3, 29 June 2007'),
      '0BSD': (b) => b.includes('Permission to use, copy, modify, and/or distribute this software for any purpose with or without fee is hereby granted.'),
      'BSD-2-Clause': (b) => b.includes('Redistribution and use in source and binary forms') && !b.includes('Neither the name'),
      'BSD-3-Clause': (b) => b.includes('Redistribution and use in source and binary forms') && b.includes('Neither the name'),
      'Linux-syscall-note': (b) => b.includes('does *not* cover user programs that use kernel'),
      Zlib: (b) => b.includes("This software is provided 'as-is'") && b.includes('This notice may not be removed or altered'),
      MIT: (b) => b.includes('Permission is hereby granted, free of charge, to any person obtaining a copy') && b.includes('to deal in the Software without restriction'),
      NCSA: (b) => b.includes('to deal with the Software without restriction') && b.includes('Neither the names of'),
      'Apache-2.0': (b) => b.includes('Apache License Version 2.0, January 2004') && b.includes('TERMS AND CONDITIONS FOR USE'),
      'LLVM-exception': (b) => b.includes('As an exception, if, as a result of your compiling your source code, portions of this Software are embedded'),
      'CC0-1.0': (b) => b.includes('released to the public domain, as explained at http://creativecommons.org/publicdomain/zero/1.0/'),
    };
    const words = (t: Text) => t.body.toString('utf8').replace(/\s+/g, ' ');
    for (const c of components) {
      const ids = c.fields.license!.split(/[\s()]+/).filter((w) => w && !['AND', 'OR', 'WITH'].includes(w));
      // A package that ships no license text: its notice names each license instead.
      if (c.fields.note?.startsWith('the package ships no license text')) {
        for (const id of ids) expect(textsOf(c).some((t) => words(t).includes(`License: ${id}`)), `${c.name} ${c.version}: ${id}`).toBe(true);
        continue;
      }
      for (const id of ids) {
        expect(says[id], `${id}: a license this test does not know`).toBeDefined();
        expect(textsOf(c).some((t) => says[id]!(words(t))), `${c.name} ${c.version}: ${id}`).toBe(true);
      }
    }
    // LGPL-3.0 is GPL-3.0 plus permissions: its text comes with GPL-3.0's.
    expect(textsOf(component('libelf', sourcePackage('elfutils').upstream)).some((t) => words(t).includes('GNU GENERAL PUBLIC LICENSE Version 3, 29 June 2007'))).toBe(true);
  });

  it('declares, for every upstream file compiled into a .wasm, the license that file states', () => {
    // Each file's own statement: the kernel's SPDX tags (untagged kernel files are GPL-2.0-only,
    // the strictest reading), elfutils' license notices (glibc's LGPL-2.1+ headers included), zlib's.
    const stated = (rel: string, text: string): string => {
      if (rel.startsWith('elfutils/')) {
        if (text.includes('GNU C Library') && text.includes('version 2.1 of the License')) return 'LGPL-2.1-or-later';
        if (text.includes('either version 3 of the License') && text.includes('either version 2 of the License')) return 'GPL-2.0-or-later OR LGPL-3.0-or-later';
        return text.includes('General Public License') ? 'a notice this test does not know' : 'GPL-2.0-or-later OR LGPL-3.0-or-later';
      }
      if (rel.startsWith('zlib/')) return text.includes('General Public License') ? 'a notice this test does not know' : 'Zlib';
      const tag = /SPDX-License-Identifier:\s*(.*?)\s*(\*\/)?\s*$/m.exec(text)?.[1];
      return bare(tag ?? 'GPL-2.0-only');
    };
    /** The component a file belongs to: by the part of the tree it is in, and the tree's package. */
    const owner = ({ tree, pkg, version }: (typeof trees)[number], rel: string) => {
      if (rel.startsWith('elfutils/')) return components.find((c) => c.name === 'libelf');
      if (rel.startsWith('zlib/')) return components.find((c) => c.name === 'zlib');
      expect(rel.startsWith(`${tree}/linux/`), `${rel} is not of the ${tree} tree`).toBe(true);
      const inTree = rel.slice(`${tree}/linux/`.length);
      const part = inTree.startsWith('tools/bpf/bpftool/') ? 'tools/bpf/bpftool' : inTree.startsWith('tools/lib/bpf/') ? 'tools/lib/bpf' : 'tools/include and include/uapi';
      return components.find((c) => c.fields.source === `${part} of ${pkg} ${version} (Debian)`);
    };
    for (const row of trees) {
      const { tree } = row;
      const deps = new Set<string>();
      for (const part of ['bpftool', 'libbpf', 'libelf', 'zlib', 'ext', 'shim']) {
        const dir = join(repoRoot, 'build/wasm', tree, part);
        if (!existsSync(dir)) continue;
        for (const d of readdirSync(dir).filter((f) => f.endsWith('.d'))) {
          // The rule's first line, continuations joined: "target.o: dep dep …".
          const rule = readFileSync(join(dir, d), 'utf8').replace(/\\\n/g, ' ').split('\n')[0]!;
          for (const dep of rule.split(/\s+/).slice(1)) {
            const at = dep.indexOf('/third_party/src/');
            if (at !== -1) deps.add(normalize(dep.slice(at + '/third_party/src/'.length)));
          }
        }
      }
      // The whole of libbpf, bpftool, libelf and zlib and their headers: hundreds of files.
      expect(deps.size, tree).toBeGreaterThan(200);
      for (const rel of deps) {
        const c = owner(row, rel);
        if (!c) throw new Error(`${rel}: no component of THIRD_PARTY_LICENSES holds it`);
        expect(andTerms(c.fields.license!), `${rel} (${c.name} ${c.version})`).toContain(stated(rel, readFileSync(join(sources, rel), 'utf8')));
      }
    }
  });

  it('states, for the whole package, the expression --spdx prints: every component\'s terms', () => {
    const r = spawnSync('node', [script, '--spdx'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const expression = r.stdout.trim();
    const inFile = /SPDX license expression:\n\n((?: {2}.*\n)+)/.exec(file.toString('utf8'))![1]!.split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
    expect(inFile).toBe(expression);
    const terms = andTerms(expression);
    expect(new Set(terms).size).toBe(terms.length);
    expect(new Set(terms)).toEqual(new Set(components.flatMap((c) => andTerms(c.fields.license!))));
  });

  it('stops with a message naming a license file that is missing, and writes nothing', () => {
    // The pinned sources as they are, but for zlib's LICENSE.
    const copy = join(scratch.dir, 'sources');
    mkdirSync(join(copy, 'zlib'), { recursive: true });
    for (const entry of ['7.1', '7.5', '7.8', 'elfutils', 'linux']) symlinkSync(join(sources, entry), join(copy, entry));
    for (const entry of readdirSync(join(sources, 'zlib')).filter((f) => f !== 'LICENSE')) symlinkSync(join(sources, 'zlib', entry), join(copy, 'zlib', entry));
    const out = join(scratch.dir, 'not-written');
    const r = spawnSync('node', [script, '--sources', copy, '--out', out], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^third-party-licenses: license files missing:\n {2}third_party\/src\/zlib\/LICENSE\n/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('LICENSE', () => {
  it('states the dual license of the package\'s own code, and the BSD-2-Clause terms as the kernel words them', () => {
    const license = fromRepo('LICENSE').toString('utf8');
    expect(license).toContain('SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause');
    expect(license).toContain('Copyright (c) bpftool-wasm authors.');
    // The kernel's BSD-2-Clause text after its "Copyright (c) <year> <owner>" line.
    const kernelText = readFileSync(join(sources, 'linux/LICENSES/preferred/BSD-2-Clause'), 'utf8').split('License-Text:\n\n')[1]!;
    const terms = kernelText.slice(kernelText.indexOf('\n\n') + 2);
    expect(terms).toMatch(/^Redistribution and use/);
    expect(license.endsWith(terms)).toBe(true);
    // The GPL-2.0 text it points to is in THIRD_PARTY_LICENSES, under the package's own entry.
    const own = component('bpftool-wasm', JSON.parse(fromRepo('package.json').toString('utf8')).version);
    expect(own.fields.license).toBe('GPL-2.0-only OR BSD-2-Clause');
    expect(textsOf(own).some((t) => t.body.equals(readFileSync(join(sources, 'linux/LICENSES/preferred/GPL-2.0'))))).toBe(true);
  });
});

describe('the packed tarball', () => {
  it('carries LICENSE and dist/THIRD_PARTY_LICENSES', () => {
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
    ) as Array<{ files: Array<{ path: string; size: number }> }>;
    const files = packed[0]!.files;
    expect(files.map((f) => f.path)).toEqual(expect.arrayContaining(['LICENSE', 'dist/THIRD_PARTY_LICENSES']));
    expect(files.find((f) => f.path === 'dist/THIRD_PARTY_LICENSES')!.size).toBe(file.length);
    expect(files.find((f) => f.path === 'LICENSE')!.size).toBe(fromRepo('LICENSE').length);
  });
});
