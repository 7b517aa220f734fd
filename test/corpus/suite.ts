/**
 * Fidelity at scale: every gen and btf command, on every object of the BPF
 * selftests corpus where it applies, with one upstream version's module
 * against the native bpftool built from that version's pinned tree. Prints
 * a table per command; any difference fails. corpus*.test.ts run it for each
 * shipped version; the corpus is the default version's selftests.
 *
 *   npm run test:corpus              every version
 *   BPFTOOL_WASM_SEED=n npm run …    another draw of the sampled pairs, groups and batches
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { UpstreamVersion } from '../../dist/index.js';
import { kernelBtf, NO_KERNEL_BTF } from '../helpers/kernel.js';
import { corpusDir, corpusFailures, corpusNames, corpusSplitBtf } from '../helpers/corpus.js';
import { Random } from '../helpers/random.js';
import { compareCase } from './compare-case.js';
import {
  batchCases,
  btfFileCases,
  coreObjects,
  LINKED_SETS,
  minCoreCases,
  obj,
  optionCases,
  pairCases,
  perObjectCases,
  type Case,
  type Corpus,
} from './plan.js';
import { Tally } from './tally.js';

const SEED = Number(process.env['BPFTOOL_WASM_SEED'] ?? 20261123);
const LONG = 45 * 60_000;

export function corpusSuite(upstream: UpstreamVersion): void {
  const corpus: Corpus = { dir: corpusDir(), names: corpusNames(), splitBtf: corpusSplitBtf() };
  const tally = new Tally();
  const vmlinux = kernelBtf();

  async function compareAll(cases: readonly Case[]): Promise<void> {
    let done = 0;
    for (const c of cases) {
      tally.add(c, await compareCase(c, upstream));
      if (++done % 1000 === 0) console.log(`  … ${done} of ${cases.length} cases`);
    }
  }

  /**
   * Link, then link the result twice more, then generate its skeleton and
   * subskeleton by name: the selftests' Makefile does exactly this for every
   * object and linked set. Each step's input is native's previous output, so
   * that each step is compared on its own.
   */
  async function linkChain(setName: string, members: readonly string[]): Promise<void> {
    let inputs: Case['inputs'] = Object.fromEntries(members.map((m) => [`${m}.bpf.o`, obj(corpus, m)]));
    let previous = Object.keys(inputs);
    for (const step of [1, 2, 3]) {
      const out = `${setName}.linked${step}.o`;
      const c: Case = { command: 'gen object', args: ['gen', 'object', out, ...previous], inputs };
      const v = await compareCase(c, upstream);
      tally.add(c, v);
      const linked = v.kind === 'native-crash' ? undefined : v.native.files[out];
      if (!linked) return; // native could not link it: the verdict above already compared that
      inputs = { [out]: linked };
      previous = [out];
    }
    const final = previous[0]!;
    await compareAll([
      { command: 'gen skeleton', args: ['gen', 'skeleton', final, 'name', setName], inputs },
      { command: 'gen subskeleton', args: ['gen', 'subskeleton', final, 'name', setName], inputs },
    ]);
  }

  describe(`BPF selftests corpus, bpftool ${upstream}`, () => {
    it('compiles at least 400 objects with clang-19', () => {
      const failures = corpusFailures();
      console.log(
        `corpus: ${corpus.names.length} objects compiled, ${failures.length} did not (seed ${SEED}); ` +
          `${corpus.splitBtf.length} split BTF files made by pahole\n` +
          failures.map((f) => `  ${f.name}: ${f.error}`).join('\n'),
      );
      expect(corpus.names.length).toBeGreaterThanOrEqual(400);
    });

    it(`every object alone: skeleton, light skeleton, subskeleton, btf dump raw, C and JSON`, { timeout: LONG }, async () => {
      await compareAll(perObjectCases(corpus, corpus.names));
    });

    it('-p, -j on gen, and -d on a sample', { timeout: LONG }, async () => {
      await compareAll(optionCases(corpus, new Random(SEED).sample(corpus.names, 40)));
    });

    it("gen object: the selftests' linked sets, each linked three times over, then skeleton and subskeleton", { timeout: LONG }, async () => {
      const have = new Set(corpus.names);
      for (const [set, members] of Object.entries(LINKED_SETS)) {
        if (members.every((m) => have.has(m))) await linkChain(set, members);
      }
    });

    it('gen object: 50 seeded random pairs, and 30 objects linked three times over', { timeout: LONG }, async () => {
      const random = new Random(SEED + 1);
      await compareAll(pairCases(corpus, random, 50));
      for (const name of random.sample(corpus.names, 30)) await linkChain(name, [name]);
    });

    it("gen min_core_btf: the kernel's BTF for every CO-RE object, alone and in groups", { timeout: LONG }, async (ctx) => {
      if (!vmlinux) return ctx.skip(true, NO_KERNEL_BTF);
      const core = coreObjects(corpus);
      console.log(`min_core_btf: ${core.length} objects with CO-RE relocations`);
      await compareAll(minCoreCases(corpus, vmlinux, core, new Random(SEED + 2), 40));
    });

    it("btf dump: the kernel's BTF, and split BTF with -B on it (all raw, 30 as C)", { timeout: LONG }, async (ctx) => {
      if (!vmlinux) return ctx.skip(true, NO_KERNEL_BTF);
      await compareAll(btfFileCases(corpus, vmlinux, new Random(SEED + 4), 30));
    });

    it('btf dump: several files in one process (batch file)', { timeout: LONG }, async () => {
      await compareAll(batchCases(corpus, new Random(SEED + 3), 20, 6));
    });

    it('every command is 100% identical to native', () => {
      expect(tally.differences.map((d) => `${d.args}: ${d.detail}`)).toEqual([]);
    });

    it('where native bpftool crashes, the wasm gives a typed error with a message', () => {
      expect(tally.nativeCrashes.filter((c) => !c.typed).map((c) => `${c.args}: ${c.detail}`)).toEqual([]);
    });
  });

  afterAll(() => {
    console.log(`corpus differential, bpftool ${upstream} against its native build (seed ${SEED}):\n${tally.table()}`);
    if (tally.differences.length) {
      console.log(`differences (${tally.differences.length}):\n${tally.differences.map((d) => `  ${d.args}\n    ${d.detail}`).join('\n')}`);
    }
    if (tally.nativeCrashes.length) {
      console.log(
        `native bpftool crashed on ${tally.nativeCrashes.length} cases (nothing to compare); the wasm instead:\n` +
          tally.nativeCrashes.map((c) => `  ${c.args}\n    ${c.detail}`).join('\n'),
      );
    }
  });
}
