/**
 * The page: inputs, a command, and its output. Every bpftool run happens in
 * the page's worker (worker.ts), so the page stays responsive however long
 * a run takes; the elapsed time ticks while it does.
 */
import { CodeView } from './code-view.js';
import { CoreView } from './core-view.js';
import { COMMANDS, commandById, commandLine, missingInput, type Command, type Inputs } from './commands.js';
import { byId, download, element, formatBytes } from './dom.js';
import { EXAMPLES } from './examples.js';
import { acceptFiles, InputFiles } from './inputs.js';
import { PageWorker } from './page-worker.js';
import { TypeView } from './type-view.js';
import type { UpstreamVersion } from 'bpftool-wasm';
import type { Outcome } from './worker.js';

const worker = new PageWorker();
const code = new CodeView(byId('code'));
const commandSelect = byId<HTMLSelectElement>('command');
const runButton = byId<HTMLButtonElement>('run');
const cancelButton = byId<HTMLButtonElement>('cancel');
const status = byId('status');

const inputs = new InputFiles(() => {
  typeView.inputsChanged();
  describeCommand();
});
const typeView = new TypeView(inputs, () => worker, busy);
new CoreView(inputs, () => worker, busy, (kernel, query, id) => {
  selectTab('types');
  void typeView.showIn(kernel, query, id);
});

/** What the last successful stdout was, for Copy and Download. */
let shown: { name: string; bytes: Uint8Array; text: string } | undefined;

// --- the command ----------------------------------------------------------------------------

commandSelect.replaceChildren(...COMMANDS.map((c) => element('option', { value: c.id, textContent: c.label })));

function currentInputs(): Inputs {
  return { objects: inputs.objects.map((f) => f.name), base: inputs.base?.name, distilledBase: inputs.distilled?.name };
}

function describeCommand(): void {
  const c = commandById(commandSelect.value);
  byId('command-about').textContent = c.describes;
  byId('distilled-drop').hidden = !c.distilledBase;
  const missing = missingInput(c, currentInputs());
  byId('command-line').textContent = missing ?? commandLine(c, c.args(currentInputs()));
}
commandSelect.addEventListener('change', describeCommand);

// --- busy state -----------------------------------------------------------------------------

let running = false;
/** Which busy() call the page is showing; a cancelled one is no longer it. */
let generation = 0;
let stopTicking = () => {};

/**
 * Runs `work` with the page showing what is under way and for how long; one
 * at a time. `work` is told whether it is still the page's current work:
 * after Cancel it is not, and must show nothing.
 */
async function busy(what: string, work: (current: () => boolean) => Promise<void>): Promise<void> {
  if (running) return;
  running = true;
  const mine = ++generation;
  const current = () => mine === generation;
  const started = performance.now();
  const tick = () => (status.textContent = `${what}… ${((performance.now() - started) / 1000).toFixed(1)} s`);
  tick();
  const timer = setInterval(tick, 100);
  stopTicking = () => clearInterval(timer);
  status.dataset['state'] = 'busy';
  document.body.classList.add('busy');
  runButton.disabled = true;
  cancelButton.hidden = false;
  try {
    await work(current);
    if (current() && status.dataset['state'] === 'busy') {
      status.dataset['state'] = 'done';
      status.textContent = `${what}: done in ${((performance.now() - started) / 1000).toFixed(2)} s`;
    }
  } catch (err) {
    if (current()) {
      status.dataset['state'] = 'error';
      status.textContent = `${what}: ${err instanceof Error ? err.message : String(err)}`;
    }
  } finally {
    if (current()) idle();
  }
}

/** Stops showing work under way. */
function idle(): void {
  stopTicking();
  running = false;
  document.body.classList.remove('busy');
  runButton.disabled = false;
  cancelButton.hidden = true;
}

cancelButton.addEventListener('click', () => {
  // A wasm call cannot be interrupted; its worker is replaced, and the call's
  // result, should it ever come, is no longer current.
  worker.restart();
  typeView.forget('the index was in the cancelled worker');
  generation++;
  idle();
  status.dataset['state'] = 'cancelled';
  status.textContent = 'Cancelled';
});

// --- running and showing the result ---------------------------------------------------------

async function run(): Promise<void> {
  const c = commandById(commandSelect.value);
  const missing = missingInput(c, currentInputs());
  if (missing) {
    status.dataset['state'] = 'error';
    status.textContent = missing;
    return;
  }
  const args = c.args(currentInputs());
  const line = commandLine(c, args);
  await busy(line, async (current) => {
    const outcome = await worker.api.run(args, inputs.files());
    if (!current()) return;
    showOutcome(c, outcome);
    if (outcome.exitCode !== 0 || outcome.crash !== undefined) {
      status.dataset['state'] = 'failed';
      status.textContent = `${line}: exit code ${outcome.exitCode}`;
    }
    selectTab('output');
  });
}
runButton.addEventListener('click', () => void run());

function showOutcome(c: Command, o: Outcome): void {
  const failed = o.exitCode !== 0 || o.crash !== undefined;
  byId('error').hidden = !failed;
  byId('exit-code').textContent = String(o.exitCode);
  const crash = byId('crash');
  crash.hidden = o.crash === undefined;
  crash.textContent = o.crash ?? '';
  const stderr = byId('stderr');
  stderr.hidden = o.stderr === '';
  stderr.textContent = o.stderr;
  stderr.classList.toggle('failed', failed);

  byId('output-files').replaceChildren(
    ...Object.entries(o.files)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([path, bytes]) => {
        const name = path.replace(/^.*\//, '');
        return element(
          'li',
          {},
          element('span', { className: 'file-name', textContent: path }),
          element('span', { className: 'file-size', textContent: formatBytes(bytes.length) }),
          element('button', { type: 'button', className: 'download-file', textContent: 'Download', onclick: () => download(name, bytes) }),
        );
      }),
  );

  const text = new TextDecoder().decode(o.stdout);
  shown = o.stdout.length ? { name: c.stdoutName(currentInputs()), bytes: o.stdout, text } : undefined;
  document.querySelector<HTMLElement>('.output-actions')!.hidden = !shown;
  byId('output-name').textContent = shown ? `${shown.name}, ${formatBytes(shown.bytes.length)}` : '';
  byId('code').hidden = text === '';
  code.show(text, c.stdoutIsC && !failed);
}

byId('copy').addEventListener('click', () => {
  if (!shown) return;
  const copied = shown.name;
  navigator.clipboard.writeText(shown.text).then(
    () => (status.textContent = `Copied ${copied}`),
    (err: unknown) => (status.textContent = `Could not copy: ${String(err)}`),
  );
});
byId('download').addEventListener('click', () => shown && download(shown.name, shown.bytes));

// --- tabs -----------------------------------------------------------------------------------

function selectTab(tab: string): void {
  for (const b of document.querySelectorAll<HTMLButtonElement>('#tabs [data-tab]')) {
    b.setAttribute('aria-selected', String(b.dataset['tab'] === tab));
  }
  byId('panel-output').hidden = tab !== 'output';
  byId('panel-types').hidden = tab !== 'types';
  byId('panel-core').hidden = tab !== 'core';
}
for (const b of document.querySelectorAll<HTMLButtonElement>('#tabs [data-tab]')) {
  b.addEventListener('click', () => selectTab(b.dataset['tab']!));
}

// --- inputs and examples --------------------------------------------------------------------

acceptFiles(inputs, 'objects', byId('objects-drop'), byId<HTMLInputElement>('objects-input'));
acceptFiles(inputs, 'base', byId('base-drop'), byId<HTMLInputElement>('base-input'));
acceptFiles(inputs, 'distilled', byId('distilled-drop'), byId<HTMLInputElement>('distilled-input'));

// Fetched as the page loads, so that they work offline too.
const exampleFiles = new Map<string, Promise<Uint8Array>>();
for (const name of new Set(Object.values(EXAMPLES).flatMap((e) => e.files))) {
  const bytes = fetch(new URL(`examples/${name}`, document.baseURI)).then(async (response) => {
    if (!response.ok) throw new Error(`examples/${name}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  });
  bytes.catch(() => undefined); // reported when the example is clicked
  exampleFiles.set(name, bytes);
}
void Promise.allSettled(exampleFiles.values()).then(() => (document.documentElement.dataset['examples'] = 'fetched'));

for (const b of document.querySelectorAll<HTMLButtonElement>('[data-example]')) {
  b.addEventListener('click', () => {
    const example = EXAMPLES[b.dataset['example']!]!;
    void busy(`Loading ${example.files.join(' and ')}`, async () => {
      const files = await Promise.all(example.files.map(async (name) => ({ name, bytes: await exampleFiles.get(name)! })));
      inputs.clear();
      for (const f of files) inputs.add('objects', f.name, f.bytes);
      commandSelect.value = example.command;
      describeCommand();
    }).then(() => {
      if (status.dataset['state'] !== 'error') void run();
    });
  });
}

describeCommand();

// --- the upstream bpftool version -------------------------------------------------------------

const upstreamSelect = byId<HTMLSelectElement>('upstream');

/** Loads the chosen version's module (the first call fetches it) and shows what it says it is. */
function showVersion(): Promise<void> {
  return worker.api.version().then(
    (v) => {
      byId('version').textContent = v.split('\n')[0] ?? '';
      document.documentElement.dataset['ready'] = 'true';
    },
    (err: unknown) => {
      status.dataset['state'] = 'error';
      status.textContent = `bpftool-wasm did not load: ${err instanceof Error ? err.message : String(err)}`;
      document.documentElement.dataset['ready'] = 'error';
    },
  );
}

void worker.api.upstreams().then(({ versions, default: initial }) => {
  upstreamSelect.replaceChildren(...versions.map((v) => element('option', { value: v, textContent: v })));
  upstreamSelect.value = initial;
});
upstreamSelect.addEventListener('change', () => {
  delete document.documentElement.dataset['ready'];
  void worker.setUpstream(upstreamSelect.value as UpstreamVersion).then(() => {
    typeView.forget('the index was made by another bpftool version');
    return showVersion();
  });
});
void showVersion();
