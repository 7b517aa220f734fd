/**
 * The web page (web/), built with Vite and served on 127.0.0.1, in headless
 * Chromium. What the page shows and lets the visitor download must be
 * native bpftool's bytes; errors must carry bpftool's stderr and exit code;
 * the page must stay responsive while the worker dumps a kernel's BTF.
 * Screenshots of the main states go to build/test-artifacts/web/.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { launchChromium, scratchDir } from './helpers/chromium.js';
import { corpusObject } from './helpers/corpus.js';
import { makeBtfFixtures, type BtfFixtures } from './helpers/btf-fixtures.js';
import { kernelBtf, NO_KERNEL_BTF } from './helpers/kernel.js';
import { nativeBpftoolOf, nativeExt, repoRoot, runNative } from './helpers/native.js';
import { serveStatic, type StaticServer } from './helpers/static-server.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const artifacts = join(repoRoot, 'build/test-artifacts/web');
const out = scratchDir('bpftool-web-');
const vmlinux = kernelBtf();

let server: StaticServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Every host the page asked for anything. */
const hosts = new Set<string>();

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  await build({ configFile: join(repoRoot, 'web/vite.config.ts'), logLevel: 'warn', build: { outDir: out.dir } });
  server = await serveStatic({ '/': out.dir });
  browser = await launchChromium();
  context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  page = await context.newPage();
  page.on('request', (r) => hosts.add(new URL(r.url()).host));
  await page.goto(`${server.url}/`);
  await page.waitForSelector('html[data-ready][data-examples]');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  out.remove();
});

const shot = (name: string) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });

/** Puts files into one of the page's inputs, replacing what the page held. */
async function give(role: 'objects' | 'base', files: { name: string; bytes: Uint8Array }[]): Promise<void> {
  // Remove what is there first: each test starts from its own inputs.
  const remove = page.locator(`#${role}-list .remove`);
  while ((await remove.count()) > 0) await remove.first().click();
  await page.setInputFiles(`#${role}-input`, files.map((f) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: Buffer.from(f.bytes) })));
  await page.waitForFunction(([r, n]) => document.querySelectorAll(`#${r}-list li`).length === n, [role, files.length] as const);
}

/** Runs the chosen command and waits until it is over; returns the status line's state. */
async function runCommand(command: string): Promise<string> {
  await page.selectOption('#command', command);
  await page.click('#run');
  await page.waitForFunction(() => !['busy', 'idle'].includes(document.getElementById('status')!.dataset['state']!), undefined, {
    timeout: 120_000,
  });
  return (await page.getAttribute('#status', 'data-state'))!;
}

async function downloaded(click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = (await Promise.all([page.waitForEvent('download'), click()])) as [Download, unknown];
  const path = join(out.dir, `download-${download.suggestedFilename()}`);
  await download.saveAs(path);
  return { name: download.suggestedFilename(), bytes: readFileSync(path) };
}

/** Starts `btf dump file vmlinux format c` and returns once the page shows it busy. */
async function startVmlinuxDump(): Promise<void> {
  await give('objects', [{ name: 'vmlinux', bytes: vmlinux! }]);
  await page.selectOption('#command', 'dump-c');
  await page.click('#run');
  await page.waitForFunction(() => document.getElementById('status')!.dataset['state'] === 'busy');
}

/** Indexes the types of the input `source` in the type view and searches for `name`, which must come first. */
async function searchTypes(source: string, name: string): Promise<void> {
  await page.click('[data-tab="types"]');
  await page.selectOption('#types-source', source);
  await page.click('#types-load');
  await page.waitForSelector('#type-search[disabled]');
  await page.waitForSelector('#type-search:not([disabled])', { timeout: 120_000 });
  await page.fill('#type-search', name);
  await page.waitForFunction((n) => document.querySelector('#type-list .type-name')?.textContent === n, name);
}

/** Downloads the run's output file `path` from the list of written files. */
const downloadOutput = (path: string) =>
  downloaded(() => page.locator('#output-files li', { has: page.locator('.file-name', { hasText: path }) }).locator('.download-file').click());

const example = (name: string) => readFileSync(join(repoRoot, 'build/web-public/examples', name));

/** The text of the code view's lines on screen, without their numbers. */
const visibleLines = () =>
  page.$$eval('#code .code-line', (rows) => rows.map((r) => Array.from(r.childNodes).slice(1).map((n) => n.textContent).join('')));

describe('the web page in Chromium', () => {
  it('loads and shows the module version; every request stays on 127.0.0.1', async () => {
    const version = runNative(['version']).stdout.toString().split('\n')[0];
    expect(await page.textContent('#version')).toBe(version);
    await shot('01-loaded');
    expect([...hosts]).toEqual([new URL(server.url).host]);
  });

  it('works offline once loaded: the bundled minimal example gives native bpftool\'s skeleton, and Copy copies it', async () => {
    await context.setOffline(true);
    try {
      await page.click('[data-example="minimal"]');
      await page.waitForFunction(() => /^bpftool gen skeleton minimal\.bpf\.o: done/.test(document.getElementById('status')!.textContent!));
      const native = runNative(['gen', 'skeleton', 'minimal.bpf.o'], { 'minimal.bpf.o': example('minimal.bpf.o') });
      expect(native.exitCode).toBe(0);
      const file = await downloaded(() => page.click('#download'));
      expect(file.name).toBe('minimal.skel.h');
      expect(sha256(file.bytes)).toBe(sha256(native.stdout));
      await page.click('#copy');
      await page.waitForFunction(() => document.getElementById('status')!.textContent === 'Copied minimal.skel.h');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(native.stdout.toString());
    } finally {
      await context.setOffline(false);
    }
  });

  it("a corpus object's skeleton is native bpftool's, on screen and downloaded", async () => {
    const obj = corpusObject('test_skeleton');
    await give('objects', [{ name: obj.file, bytes: obj.bytes }]);
    expect(await runCommand('skeleton')).toBe('done');
    const native = runNative(['gen', 'skeleton', obj.file], { [obj.file]: obj.bytes });
    expect(native.exitCode).toBe(0);
    // Highlighted, line by line, as native printed it.
    const nativeLines = native.stdout.toString().split('\n');
    const shown = await visibleLines();
    expect(shown.length).toBeGreaterThan(20);
    expect(shown).toEqual(nativeLines.slice(0, shown.length));
    expect(await page.locator('#code .tok-kw').count()).toBeGreaterThan(0);
    const file = await downloaded(() => page.click('#download'));
    expect(file.name).toBe('test_skeleton.skel.h');
    expect(sha256(file.bytes)).toBe(sha256(native.stdout));
    await shot('02-skeleton');
  });

  it('links two objects: the downloaded .o is native bpftool gen object, byte for byte', async () => {
    const parts = ['linked_funcs1', 'linked_funcs2'].map(corpusObject);
    await give('objects', parts.map((p) => ({ name: p.file, bytes: p.bytes })));
    expect(await runCommand('link')).toBe('done');
    const files = Object.fromEntries(parts.map((p) => [p.file, p.bytes]));
    const native = runNative(['gen', 'object', 'out/linked.bpf.o', ...parts.map((p) => p.file)], { ...files, 'out/.keep': new Uint8Array() });
    expect(native.exitCode).toBe(0);
    expect(await page.textContent('#output-files')).toContain('out/linked.bpf.o');
    const file = await downloadOutput('out/linked.bpf.o');
    expect(file.name).toBe('linked.bpf.o');
    expect(sha256(file.bytes)).toBe(sha256(native.files['out/linked.bpf.o']!));
    await shot('03-linked');
  });

  it("a file that is not ELF: bpftool's stderr and exit code, as native", async () => {
    const text = new TextEncoder().encode('not a BPF object\n');
    await give('objects', [{ name: 'notes.txt', bytes: text }]);
    expect(await runCommand('skeleton')).toBe('failed');
    const native = runNative(['gen', 'skeleton', 'notes.txt'], { 'notes.txt': text });
    expect(native.exitCode).not.toBe(0);
    expect(await page.isVisible('#error')).toBe(true);
    expect(await page.textContent('#exit-code')).toBe(String(native.exitCode));
    expect(await page.textContent('#stderr')).toBe(native.stderr.toString());
    expect(await page.textContent('#status')).toBe(`bpftool gen skeleton notes.txt: exit code ${native.exitCode}`);
    expect(await page.isVisible('.output-actions')).toBe(false);
    await shot('04-error');
  });

  it('takes objects dropped on the page, as a visitor drags them from a file manager', async () => {
    const obj = corpusObject('test_subskeleton_lib2');
    await give('objects', []);
    const dataTransfer = await page.evaluateHandle(
      ([name, bytes]) => {
        const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(bytes)], name));
        return dt;
      },
      [obj.file, Array.from(obj.bytes)] as const,
    );
    await page.dispatchEvent('#objects-drop', 'drop', { dataTransfer });
    await page.waitForFunction((n) => document.querySelector('#objects-list .file-name')?.textContent === n, obj.file);
    const state = await runCommand('subskeleton');
    expect(await page.textContent('#stderr')).toBe('');
    expect(state).toBe('done');
    const native = runNative(['gen', 'subskeleton', obj.file], { [obj.file]: obj.bytes });
    expect(native.exitCode).toBe(0);
    const file = await downloaded(() => page.click('#download'));
    expect(file.name).toBe('test_subskeleton_lib2.subskel.h');
    expect(sha256(file.bytes)).toBe(sha256(native.stdout));
  });

  it('gives two objects of one name distinct names, and a new base BTF replaces the old one, name and all', async () => {
    const obj = example('minimal.bpf.o');
    await give('objects', [{ name: 'prog.bpf.o', bytes: obj }, { name: 'prog.bpf.o', bytes: obj }]);
    expect(await page.$$eval('#objects-list .file-name', (n) => n.map((e) => e.textContent))).toEqual(['prog.bpf.o', 'prog-2.bpf.o']);
    await page.selectOption('#command', 'skeleton');
    expect(await page.textContent('#command-line')).toBe('bpftool gen skeleton prog.bpf.o');
    await page.selectOption('#command', 'link');
    expect(await page.textContent('#command-line')).toBe('bpftool gen object out/linked.bpf.o prog.bpf.o prog-2.bpf.o');
    for (let i = 0; i < 2; i++) {
      await page.setInputFiles('#base-input', { name: 'vmlinux', mimeType: 'application/octet-stream', buffer: Buffer.from('base') });
    }
    await page.waitForFunction(() => document.querySelector('#base-list .file-size')?.textContent === '4 bytes');
    expect(await page.$$eval('#base-list .file-name', (n) => n.map((e) => e.textContent))).toEqual(['vmlinux']);
    await give('base', []);
  });

  it("the bundled link example: its output file is native bpftool's", async () => {
    await page.click('[data-example="link"]');
    await page.waitForFunction(() => document.querySelectorAll('#output-files li').length === 1, undefined, { timeout: 60_000 });
    const names = ['link_main.bpf.o', 'link_lib.bpf.o'];
    const files = Object.fromEntries(names.map((n) => [n, example(n)]));
    const native = runNative(['gen', 'object', 'out/linked.bpf.o', ...names], { ...files, 'out/.keep': new Uint8Array() });
    const file = await downloaded(() => page.click('#output-files .download-file'));
    expect(sha256(file.bytes)).toBe(sha256(native.files['out/linked.bpf.o']!));
    expect(await page.$$eval('#objects-list .file-name', (n) => n.map((e) => e.textContent))).toEqual(names);
  });
});

describe("the kernel's BTF in the page", () => {
  const needKernel = (ctx: TestContext) => {
    if (!vmlinux) ctx.skip(true, NO_KERNEL_BTF);
  };

  it('dumps vmlinux as C while the page keeps answering clicks; the header is native bpftool\'s', async (ctx) => {
    needKernel(ctx);
    await startVmlinuxDump();
    const firstTick = await page.textContent('#status');
    // A click on another control is handled while the worker is still dumping.
    await page.click('[data-tab="types"]');
    expect(await page.isVisible('#panel-types')).toBe(true);
    expect(await page.getAttribute('#status', 'data-state')).toBe('busy');
    await page.waitForFunction((t) => document.getElementById('status')!.textContent !== t, firstTick);
    expect(await page.getAttribute('#status', 'data-state')).toBe('busy');
    await shot('05-busy');
    await page.waitForFunction(() => document.getElementById('status')!.dataset['state'] !== 'busy', undefined, { timeout: 120_000 });
    expect(await page.getAttribute('#status', 'data-state')).toBe('done');
    const native = runNative(['btf', 'dump', 'file', 'vmlinux', 'format', 'c'], { vmlinux: vmlinux! });
    const file = await downloaded(() => page.click('#download'));
    expect(file.name).toBe('vmlinux.h');
    expect(sha256(file.bytes)).toBe(sha256(native.stdout));
    await shot('06-vmlinux-h');
  });

  it('the type view finds task_struct and follows a member to its type', async (ctx) => {
    needKernel(ctx);
    await give('objects', [{ name: 'vmlinux', bytes: vmlinux! }]);
    await searchTypes('vmlinux', 'task_struct');

    const json = JSON.parse(runNative(['btf', 'dump', 'file', 'vmlinux', '-j'], { vmlinux: vmlinux! }).stdout.toString()) as {
      types: { id: number; kind: string; name: string; members?: { name: string; type_id: number }[] }[];
    };
    const task = json.types.find((t) => t.kind === 'STRUCT' && t.name === 'task_struct')!;
    expect(await page.textContent('#type-list li:first-child')).toBe(`[${task.id}]STRUCTtask_struct`);
    await page.click('#type-list li:first-child button');
    await page.waitForSelector(`#type-title[data-type-id="${task.id}"]`);
    expect(await page.textContent('#type-title')).toBe(`[${task.id}] STRUCT 'task_struct'`);
    expect(await page.locator('#type-fields tr').count()).toBe(task.members!.length);
    await shot('07-task-struct');

    // The first member whose type is a named struct: follow it.
    const member = task.members!.find((m) => json.types.find((t) => t.id === m.type_id)?.kind === 'STRUCT')!;
    const target = json.types.find((t) => t.id === member.type_id)!;
    const row = page.locator('#type-fields tr', { has: page.locator('.field-name', { hasText: new RegExp(`^${member.name}$`) }) });
    expect(await row.locator('.type-link').textContent()).toBe(`struct ${target.name}`);
    await row.locator('.type-link').click();
    await page.waitForSelector(`#type-title[data-type-id="${target.id}"]`);
    expect(await page.textContent('#type-title')).toBe(`[${target.id}] STRUCT '${target.name}'`);
    await page.click('#type-back');
    await page.waitForSelector(`#type-title[data-type-id="${task.id}"]`);
    await shot('08-followed');
  });

  it('Cancel ends a vmlinux dump under way; the next run gets a fresh worker and native output', async (ctx) => {
    needKernel(ctx);
    await startVmlinuxDump();
    await page.click('#cancel');
    expect(await page.getAttribute('#status', 'data-state')).toBe('cancelled');
    expect(await page.isVisible('#cancel')).toBe(false);
    // The cancelled run's elapsed-time ticker is stopped, not left writing over the status.
    await page.waitForTimeout(400);
    expect(await page.textContent('#status')).toBe('Cancelled');
    // The type index (the previous test's) lived in the replaced worker: the view says so.
    expect(await page.isDisabled('#type-search')).toBe(true);
    expect(await page.textContent('#types-count')).toBe('Index again: the index was in the cancelled worker.');
    expect(await runCommand('dump-raw')).toBe('done');
    const native = runNative(['btf', 'dump', 'file', 'vmlinux'], { vmlinux: vmlinux! });
    expect(sha256((await downloaded(() => page.click('#download'))).bytes)).toBe(sha256(native.stdout));
  });
});

describe('BTF commands that need a base: min_core_btf, distill, relocate', () => {
  let fx: BtfFixtures | undefined;
  beforeAll(() => {
    if (vmlinux) fx = makeBtfFixtures();
  });

  it("gen min_core_btf of the CO-RE example against the kernel's BTF: native bpftool's file", async (ctx) => {
    if (!vmlinux) ctx.skip(true, NO_KERNEL_BTF);
    const obj = example('task_info.bpf.o');
    await give('objects', [{ name: 'task_info.bpf.o', bytes: obj }]);
    await give('base', [{ name: 'vmlinux', bytes: vmlinux! }]);
    expect(await runCommand('min-core-btf')).toBe('done');
    const native = runNative(['gen', 'min_core_btf', 'vmlinux', 'out/min_core.btf', 'task_info.bpf.o'], {
      'task_info.bpf.o': obj,
      vmlinux: vmlinux!,
      'out/.keep': new Uint8Array(),
    });
    expect(native.exitCode).toBe(0);
    expect(sha256((await downloadOutput('out/min_core.btf')).bytes)).toBe(sha256(native.files['out/min_core.btf']!));
  });

  it('btf distill of a module object, then btf relocate onto "another kernel\'s" base: the native harness\'s files', async (ctx) => {
    if (!fx) ctx.skip(true, NO_KERNEL_BTF);
    const mod = fx!.bytes('module.o');
    await give('objects', [{ name: 'module.o', bytes: mod }]);
    await give('base', [{ name: 'vmlinux', bytes: vmlinux! }]);
    expect(await runCommand('distill')).toBe('done');
    const args = ['btf', 'distill', 'module.o', 'base', 'vmlinux', 'distilled_base', 'out/distilled_base.btf', 'split', 'out/split.btf', 'elf', 'out/module.o'];
    // The page shows the command line it ran; distill is bpftool-wasm's own.
    expect(await page.textContent('#command-line')).toBe(`bpftool-wasm ${args.join(' ')}`);
    const native = runNative(args, { 'module.o': mod, vmlinux: vmlinux!, 'out/.keep': new Uint8Array() }, nativeExt);
    expect(native.exitCode).toBe(0);
    expect(Object.keys(native.files).sort()).toEqual(['out/distilled_base.btf', 'out/module.o', 'out/split.btf']);
    for (const path of Object.keys(native.files)) expect(sha256((await downloadOutput(path)).bytes), path).toBe(sha256(native.files[path]!));
    await shot('09-distilled');

    // The type view of split BTF: it parses over the base, whose types come first.
    await searchTypes('module.o', 'mod_state');
    const splitJson = JSON.parse(runNative(['btf', 'dump', 'file', 'module.o', '-B', 'vmlinux', '-j'], { 'module.o': mod, vmlinux: vmlinux! }).stdout.toString()) as {
      types: { id: number; kind: string; name: string }[];
    };
    const state = splitJson.types.find((t) => t.name === 'mod_state')!;
    expect(await page.textContent('#type-list li:first-child')).toBe(`[${state.id}]${state.kind}mod_state`);
    await page.click('[data-tab="output"]');

    // The object with .BTF.base, relocated onto the shifted base: no distilled base needed.
    const shifted = fx!.bytes('shifted.btf');
    await give('objects', [{ name: 'module.o', bytes: native.files['out/module.o']! }]);
    await give('base', [{ name: 'shifted.btf', bytes: shifted }]);
    expect(await runCommand('relocate')).toBe('done');
    const relocated = runNative(['btf', 'relocate', 'module.o', 'base', 'shifted.btf', 'split', 'out/relocated.btf'], {
      'module.o': native.files['out/module.o']!,
      'shifted.btf': shifted,
      'out/.keep': new Uint8Array(),
    }, nativeExt);
    expect(relocated.exitCode).toBe(0);
    expect(sha256((await downloadOutput('out/relocated.btf')).bytes)).toBe(sha256(relocated.files['out/relocated.btf']!));
  });
});

describe('the upstream bpftool version', () => {
  it('the version selector: 7.1 and 7.8 run their own bpftool, each fetching only its own module', async () => {
    const wasmFetched: string[] = [];
    const onRequest = (r: { url(): string }) => {
      const m = /\/(bpftool-[\d.]+)[^/]*\.wasm$/.exec(r.url());
      if (m) wasmFetched.push(m[1]!);
    };
    context.on('request', onRequest);
    try {
      for (const v of ['7.1', '7.8', '7.5']) {
        await page.selectOption('#upstream', v);
        await page.waitForSelector('html[data-ready="true"]');
        expect(await page.textContent('#version')).toBe(`bpftool v${v}.0`);
        await page.click('[data-example="minimal"]');
        await page.waitForFunction(() => /^bpftool gen skeleton minimal\.bpf\.o: done/.test(document.getElementById('status')!.textContent!));
        const native = runNative(['gen', 'skeleton', 'minimal.bpf.o'], { 'minimal.bpf.o': example('minimal.bpf.o') }, nativeBpftoolOf(v));
        expect(sha256((await downloaded(() => page.click('#download'))).bytes), v).toBe(sha256(native.stdout));
      }
      await shot('10-version-7.5-again');
      // 7.5 was compiled when the page loaded, before this test: switching back fetches nothing.
      expect(wasmFetched).toEqual(['bpftool-7.1', 'bpftool-7.8']);
    } finally {
      context.off('request', onRequest);
    }
  });
});

describe('the CO-RE view', () => {
  it('objects against several kernels: a matrix with red cells, and a cell\'s failing relocations on a click', async () => {
    const obj = 'test_core_reloc_arrays.bpf.o';
    const kernels = ['btf__core_reloc_arrays.bpf.o', 'btf__core_reloc_arrays___err_too_small.bpf.o'];
    const bytes = (f: string) => corpusObject(f.slice(0, -'.bpf.o'.length)).bytes;
    await give('objects', [{ name: obj, bytes: bytes(obj) }]);
    await page.click('[data-tab="core"]');
    await page.setInputFiles('#kernels-input', kernels.map((k) => ({ name: k, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes(k)) })));
    await page.waitForFunction(() => document.querySelectorAll('#kernels-list li').length === 2);
    await page.click('#core-run');
    await page.waitForSelector('#core-matrix td');
    // the cells say what native's report says
    const native = runNative(['-j', 'core', 'check', obj, 'against', ...kernels],
      Object.fromEntries([obj, ...kernels].map((f) => [f, bytes(f)])), nativeExt);
    const report = JSON.parse(native.stdout.toString()) as Array<{ target: string; ok: boolean; relocations: Array<{ result: string }> }>;
    const cells = await page.$$eval('#core-matrix td', (tds) => tds.map((td) => ({ target: (td as HTMLElement).dataset['target'], cls: td.className, text: td.textContent })));
    expect(cells).toEqual(report.map((r) => {
      const failing = r.relocations.filter((x) => x.result === 'poisoned' || x.result === 'error').length;
      return { target: r.target, cls: r.ok ? 'ok' : 'fail', text: r.ok ? `ok (${r.relocations.length})` : `${failing} of ${r.relocations.length} fail` };
    }));
    expect(cells.map((c) => c.cls)).toEqual(['ok', 'fail']);
    expect(await page.$eval('#core-matrix td.fail', (td) => getComputedStyle(td).backgroundColor)).toBe('rgb(252, 232, 230)');
    await page.click('#core-matrix td.fail');
    expect(await page.textContent('#core-detail h3')).toBe(`${obj} against ${kernels[1]}: 1 relocation does not resolve`);
    expect(await page.textContent('#core-detail li')).toBe(
      'test_core_arrays relo #0 insn #0 byte_off [5] struct core_reloc_arrays.a[2] (0:0:2 @ offset 8): poisoned (no matching target) ' +
      `core_reloc_arrays in ${kernels[1]}`);
    await shot('11-core-matrix');
    // the kernel's types of that name, in the type view
    await page.click('#core-detail .core-types');
    expect(await page.isVisible('#panel-types')).toBe(true);
    await page.waitForFunction(() => document.querySelector('#type-list .type-name')?.textContent === 'core_reloc_arrays___err_too_small');
    expect(await page.inputValue('#type-search')).toBe('core_reloc_arrays');
    expect(await page.inputValue('#types-source')).toBe(kernels[1]);
    await page.click('[data-tab="output"]');
  });

  it("a failing relocation with a target: the type view opens the kernel's struct that libbpf matched", async () => {
    const obj = 'test_core_reloc_size.bpf.o';
    const kernel = 'btf__core_reloc_size___err_ambiguous.bpf.o';
    const bytes = (f: string) => corpusObject(f.slice(0, -'.bpf.o'.length)).bytes;
    await give('objects', [{ name: obj, bytes: bytes(obj) }]);
    await page.click('[data-tab="core"]');
    const remove = page.locator('#kernels-list .remove');
    while ((await remove.count()) > 0) await remove.first().click();
    await page.setInputFiles('#kernels-input', [{ name: kernel, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes(kernel)) }]);
    await page.click('#core-run');
    await page.waitForSelector('#core-matrix td.fail');
    await page.click('#core-matrix td.fail');
    // relo #0: libbpf's ambiguity error, after matching [4] struct core_reloc_size___err_ambiguous1
    await page.locator('#core-detail li').first().locator('.core-types').click();
    await page.waitForFunction(() => document.getElementById('type-title')?.textContent === "[4] STRUCT 'core_reloc_size___err_ambiguous1'");
    await shot('12-core-type');
    await page.click('[data-tab="output"]');
  });
});
