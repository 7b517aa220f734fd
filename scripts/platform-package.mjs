// Writes the native addon's package for this platform into build/npm/<platform>/:
// its package.json (named after the platform, at the main package's version,
// installable only where it runs) and the addon itself, stripped.
//
//   node scripts/platform-package.mjs native/build/Release/bpftool_native.node
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [addon] = process.argv.slice(2);
if (!addon) throw new Error('usage: platform-package.mjs ADDON');
if (process.platform !== 'linux' || process.arch !== 'x64') {
  throw new Error(`no platform package is defined for ${process.platform}-${process.arch}`);
}
const main = JSON.parse(readFileSync('package.json', 'utf8'));
const platform = 'linux-x64-gnu';
const name = `${main.name}-${platform}`;
if (main.optionalDependencies?.[name] !== main.version) {
  throw new Error(`package.json must list ${name}@${main.version} in optionalDependencies`);
}
const dir = join('build/npm', platform);
mkdirSync(dir, { recursive: true });
copyFileSync(addon, join(dir, 'bpftool_native.node'));
// Debug sections are a third of the addon and serve no user.
execFileSync('strip', ['--strip-unneeded', join(dir, 'bpftool_native.node')]);
const pkg = {
  name,
  version: main.version,
  description: `The Linux x86-64 (glibc) native addon of ${main.name}/native: libbpf, to load BPF objects into the kernel`,
  license: 'LGPL-2.1 OR BSD-2-Clause',
  os: ['linux'],
  cpu: ['x64'],
  libc: ['glibc'],
  files: ['bpftool_native.node', 'README.md'],
  ...(main.repository ? { repository: main.repository } : {}),
};
writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
writeFileSync(
  join(dir, 'README.md'),
  `# ${name}\n\nThe native addon of \`${main.name}/native\` for Linux on x86-64 with glibc: libbpf ` +
    `built as a Node-API module. npm installs it with \`${main.name}\` on this platform only; ` +
    'it is not meant to be used on its own.\n',
);
console.log(`${name}@${main.version}: ${dir}`);
