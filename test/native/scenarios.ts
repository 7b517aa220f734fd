/**
 * The kernel tests of bpftool-wasm/native, written once for every runtime:
 * vitest runs them in Node (kernel.test.ts) and deno-runner.ts runs the
 * same functions in Deno. They use node:assert, which both runtimes have.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import {
  BpfError,
  BpfVerifierError,
  BpftoolUsageError,
  GlobalRangeError,
  openObject,
  UpdateFlags,
  type BpfObject,
  type GlobalSection,
  type GlobalValue,
} from '../../dist/native.js';
import { compileBpf, fixtureObject, nativeBpftool, repoRoot } from '../helpers/bpf-fixtures.js';

export interface Scenario {
  name: string;
  run(): Promise<void>;
}

const u32 = (n: number) => new Uint8Array(new Uint32Array([n]).buffer);
const u64 = (n: bigint) => new Uint8Array(new BigUint64Array([n]).buffer);
const readU64 = (b: Uint8Array, at = 0) => new DataView(b.buffer, b.byteOffset).getBigUint64(at, true);
const readU32 = (b: Uint8Array, at = 0) => new DataView(b.buffer, b.byteOffset).getUint32(at, true);

/** fixtures/globals.bpf.c: a global of each integer size and signedness, floats, and a .rodata to freeze. */
const globalsObject = () =>
  compileBpf(join(repoRoot, 'test/native/fixtures/globals.bpf.c'), join(repoRoot, 'build/test-fixtures/globals.bpf.o'));

/** The integers of globals.bpf.c's .data and what their C types hold, written out rather than computed. */
const INTEGER_GLOBALS = [
  { name: 's8', min: -128n, max: 127n },
  { name: 'u8', min: 0n, max: 255n },
  { name: 's16', min: -32768n, max: 32767n },
  { name: 'u16', min: 0n, max: 65535n },
  { name: 's32', min: -2147483648n, max: 2147483647n },
  { name: 'u32', min: 0n, max: 4294967295n },
  { name: 's64', min: -9223372036854775808n, max: 9223372036854775807n },
  { name: 'u64', min: 0n, max: 18446744073709551615n },
];

/** `section.set(name, value)` throws exactly this GlobalRangeError, and the variable keeps its value. */
function assertOutOfRange(section: GlobalSection, name: string, value: unknown, min: bigint, max: bigint, why: string): void {
  const before = section.get(name);
  assert.throws(
    () => section.set(name, value as GlobalValue),
    (e: unknown) => {
      assert.ok(e instanceof GlobalRangeError, String(e));
      assert.ok(e instanceof RangeError);
      assert.equal(e.name, 'GlobalRangeError');
      assert.equal(e.message, `'${name}' in ${section.section} takes integers from ${min} to ${max}: ${why}`);
      assert.deepEqual([e.variable, e.section, e.min, e.max], [name, section.section, min, max]);
      return true;
    },
  );
  assert.equal(section.get(name), before);
}

/** `section.set(name, value)` throws exactly this BpftoolUsageError. */
function assertUsageError(section: GlobalSection, name: string, value: unknown, message: string): void {
  assert.throws(
    () => section.set(name, value as GlobalValue),
    (e: unknown) => {
      assert.ok(e instanceof BpftoolUsageError, String(e));
      assert.equal(e.message, message);
      return true;
    },
  );
}

/** Calls getppid() `n` times: the counter program's tracepoint fires on each. */
function triggerGetppid(n: number): void {
  for (let i = 0; i < n; i++) void process.ppid;
}

/** The counter program, set to count this process, loaded and attached. */
async function loadedCounter(): Promise<BpfObject> {
  const obj = await openObject(readFileSync(fixtureObject('counter')), { name: 'counter' });
  obj.globals.rodata!.set('target_pid', process.pid);
  await obj.load();
  return obj;
}

function bpftoolIds(kind: 'prog' | 'map'): Set<number> {
  const out = execFileSync(nativeBpftool, ['-j', kind, 'list'], { encoding: 'utf8' });
  return new Set((JSON.parse(out) as Array<{ id: number }>).map((e) => e.id));
}

/** `probe()` until `done` holds, at most 200 times 25 ms apart; its last result. */
async function eventually<T>(probe: () => T, done: (t: T) => boolean): Promise<T> {
  let result = probe();
  for (let i = 0; i < 200 && !done(result); i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    result = probe();
  }
  return result;
}

/**
 * What this process's file descriptors point to, sorted. Sockets are left
 * out: a runtime may open some of its own at any time (Deno opens a socket
 * pair after a while), and libbpf opens none to load or close an object.
 */
function openFiles(): string[] {
  const targets: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      targets.push(readlinkSync(`/proc/self/fd/${fd}`));
    } catch {
      // the descriptor readdir itself used, already closed
    }
  }
  return targets.filter((t) => !t.startsWith('socket:')).sort();
}

export const scenarios: Scenario[] = [
  {
    name: 'describes programs and maps before load',
    async run() {
      const obj = await openObject(fixtureObject('counter'));
      try {
        assert.equal(obj.name, 'counter');
        assert.deepEqual(obj.programs, [
          { name: 'count_getppid', type: 'tracepoint', section: 'tracepoint/syscalls/sys_enter_getppid', autoload: true },
        ]);
        const byName = Object.fromEntries(obj.maps.map((m) => [m.name, m]));
        assert.deepEqual(byName['by_pid'], {
          name: 'by_pid', type: 'hash', keySize: 4, valueSize: 8, maxEntries: 64, flags: 0, perCpu: false, section: null,
        });
        assert.deepEqual(byName['percpu_hits'], {
          name: 'percpu_hits', type: 'percpu_array', keySize: 4, valueSize: 8, maxEntries: 1, flags: 0, perCpu: true, section: null,
        });
        assert.equal(byName['events']!.type, 'ringbuf');
        assert.equal(byName['events']!.maxEntries, 4096);
        assert.deepEqual(obj.globals.names.sort(), ['.bss', '.data', '.rodata']);
        assert.deepEqual(obj.globals.bss!.variables, [
          { name: 'hits', offset: 0, size: 8, kind: 'uint' },
          { name: 'calls', offset: 8, size: 4, kind: 'uint' },
        ]);
        assert.equal(obj.globals.data!.get('step'), 1n);
        assert.equal(obj.globals.rodata!.get('target_pid'), 0);
        assert.equal(obj.loaded, false);
      } finally {
        obj.close();
      }
    },
  },
  {
    name: 'tracepoint counter: read through the mmap of .bss and through map lookups',
    async run() {
      const obj = await loadedCounter();
      try {
        assert.equal(obj.loaded, true);
        const bss = obj.globals.bss!;
        const live = bss.bytes; // one view, read again after the kernel wrote
        const link = obj.attach('count_getppid');
        assert.deepEqual(link.programs, ['count_getppid']);
        triggerGetppid(25);
        assert.equal(bss.get('hits'), 25n);
        assert.equal(bss.get('calls'), 25);
        assert.equal(readU64(live), 25n);
        // The same memory through the .bss map itself, and the other maps.
        assert.equal(readU64(obj.map('.bss').lookup(u32(0))!), 25n);
        assert.equal(readU64(obj.map('by_pid').lookup(u32(process.pid))!), 25n);
        const perCpu = obj.map('percpu_hits').lookupPerCpu(u32(0))!;
        assert.equal(perCpu.reduce((sum, v) => sum + readU64(v), 0n), 25n);
        // .data is live and writable: the program adds `step` per call.
        obj.globals.data!.set('step', 10n);
        triggerGetppid(2);
        assert.equal(bss.get('hits'), 45n);
        // .rodata is frozen by the load.
        assert.equal(obj.globals.rodata!.get('target_pid'), process.pid);
        assert.throws(() => obj.globals.rodata!.set('target_pid', 1), BpftoolUsageError);
        link.detach();
        assert.equal(link.attached, false);
        triggerGetppid(3);
        assert.equal(bss.get('calls'), 27);
      } finally {
        obj.close();
      }
    },
  },
  {
    name: '.rodata after load: get() reads the frozen contents, whatever the caller writes into bytes it was given',
    async run() {
      const obj = await openObject(globalsObject());
      const rodata = obj.globals.rodata!;
      const frozen = new Uint8Array([42, 0, 0, 0, ...new TextEncoder().encode('xyz\0')]);
      try {
        assert.deepEqual(rodata.variables, [
          { name: 'limit', offset: 0, size: 4, kind: 'uint' },
          { name: 'tag', offset: 4, size: 4, kind: 'bytes' },
        ]);
        rodata.set('limit', 42);
        rodata.set('tag', frozen.subarray(4));
        const beforeLoad = rodata.bytes;
        await obj.load();
        assert.equal(beforeLoad.length, 0, 'load() detaches the writable view');
        const bytes = rodata.bytes;
        assert.deepEqual(bytes, frozen);
        bytes.fill(0xff);
        (rodata.get('tag') as Uint8Array).fill(0);
        assert.equal(rodata.get('limit'), 42);
        assert.deepEqual(rodata.get('tag'), frozen.subarray(4));
        assert.deepEqual(rodata.bytes, frozen);
        assert.notEqual(rodata.bytes, rodata.bytes, 'each read is a copy of its own');
        // What the kernel holds, through the map itself.
        assert.deepEqual(obj.map('.rodata').lookup(u32(0)), frozen);
      } finally {
        obj.close();
      }
      assert.throws(
        () => rodata.bytes,
        (e: unknown) => e instanceof BpftoolUsageError && e.message === 'the BPF object is closed',
      );
    },
  },
  {
    name: 'global integers of every size and signedness take exactly the values their C type holds',
    async run() {
      const obj = await openObject(globalsObject());
      try {
        const data = obj.globals.data!;
        for (const { name, min, max } of INTEGER_GLOBALS) {
          const eightBytes = name.endsWith('64');
          for (const n of [min, max, 0n]) {
            data.set(name, n);
            assert.equal(data.get(name), eightBytes ? n : Number(n), `${name} = ${n}n`);
            if (!eightBytes) {
              data.set(name, Number(n));
              assert.equal(data.get(name), Number(n), `${name} = ${n}`);
            }
          }
          data.set(name, 5);
          assertOutOfRange(data, name, min - 1n, min, max, `${min - 1n} is out of range`);
          assertOutOfRange(data, name, max + 1n, min, max, `${max + 1n} is out of range`);
          if (!eightBytes) {
            assertOutOfRange(data, name, Number(min - 1n), min, max, `${min - 1n} is out of range`);
            assertOutOfRange(data, name, Number(max + 1n), min, max, `${max + 1n} is out of range`);
          }
          for (const [value, why] of [
            [1.5, '1.5 is not an integer'],
            [-0.25, '-0.25 is not an integer'],
            [NaN, 'NaN is not an integer'],
            [Infinity, 'Infinity is not an integer'],
          ] as const) {
            assertOutOfRange(data, name, value, min, max, why);
          }
        }
        // The value the bug report gave, and numbers past 2^53 written in full.
        assertOutOfRange(data, 'u64', 2n ** 70n + 5n, 0n, 18446744073709551615n, '1180591620717411303429 is out of range');
        assertOutOfRange(data, 'u64', 2 ** 64, 0n, 18446744073709551615n, '18446744073709551616 is out of range');
        assertOutOfRange(data, 'u64', -1, 0n, 18446744073709551615n, '-1 is out of range');
        assertOutOfRange(data, 's64', 2 ** 63, -9223372036854775808n, 9223372036854775807n, '9223372036854775808 is out of range');
        assertOutOfRange(
          data, 's64', -(2 ** 63) - 2048, -9223372036854775808n, 9223372036854775807n, '-9223372036854777856 is out of range',
        );
        // Numbers are taken for 8-byte integers when they are exact.
        data.set('u64', 2 ** 60);
        assert.equal(data.get('u64'), 2n ** 60n);
        data.set('s64', -(2 ** 63));
        assert.equal(data.get('s64'), -(2n ** 63n));
        // Floats take any number.
        data.set('f32', 1.5);
        data.set('f64', 0.1);
        assert.deepEqual([data.get('f32'), data.get('f64')], [1.5, 0.1]);
      } finally {
        obj.close();
      }
    },
  },
  {
    name: 'a global given a value of the wrong type: BpftoolUsageError, and nothing written',
    async run() {
      const obj = await openObject(globalsObject());
      try {
        const data = obj.globals.data!;
        const rodata = obj.globals.rodata!;
        const before = data.bytes.slice();
        const integer = (name: string, size: number) => `'${name}' in .data takes a number, a bigint or its ${size} bytes as a Uint8Array`;
        assertUsageError(data, 'u64', 'abc', `${integer('u64', 8)}, not a string`);
        assertUsageError(data, 'u64', '5', `${integer('u64', 8)}, not a string`);
        assertUsageError(data, 's8', '5', `${integer('s8', 1)}, not a string`);
        assertUsageError(data, 'u32', true, `${integer('u32', 4)}, not a boolean`);
        assertUsageError(data, 's16', null, `${integer('s16', 2)}, not null`);
        assertUsageError(data, 'u16', undefined, `${integer('u16', 2)}, not undefined`);
        assertUsageError(data, 's32', [1], `${integer('s32', 4)}, not an object (Array)`);
        assertUsageError(data, 's64', new BigInt64Array([1n]), `${integer('s64', 8)}, not an object (BigInt64Array)`);
        assertUsageError(data, 'u8', Symbol('u8'), `${integer('u8', 1)}, not a symbol`);
        assertUsageError(data, 'f64', 1n, "'f64' in .data takes a number or its 8 bytes as a Uint8Array, not a bigint");
        assertUsageError(data, 'f32', '1.5', "'f32' in .data takes a number or its 4 bytes as a Uint8Array, not a string");
        assertUsageError(rodata, 'tag', 7, "'tag' in .rodata takes its 4 bytes as a Uint8Array, not a number");
        assertUsageError(rodata, 'tag', 'abc', "'tag' in .rodata takes its 4 bytes as a Uint8Array, not a string");
        assertUsageError(rodata, 'tag', new Uint8Array(3), "'tag' in .rodata takes its 4 bytes as a Uint8Array, not 3 bytes");
        assertUsageError(data, 'u32', new Uint8Array(8), `${integer('u32', 4)}, not 8 bytes`);
        assert.deepEqual(data.bytes, before);
      } finally {
        obj.close();
      }
    },
  },
  {
    name: 'hash map: create, read, update, delete and iterate',
    async run() {
      const obj = await loadedCounter();
      try {
        const map = obj.map('scratch');
        for (let k = 1; k <= 10; k++) map.update(u32(k), u64(BigInt(k * 100)));
        assert.equal(readU64(map.lookup(u32(7))!), 700n);
        assert.equal(map.lookup(u32(11)), undefined);
        map.update(u32(7), u64(777n), UpdateFlags.EXIST);
        assert.equal(readU64(map.lookup(u32(7))!), 777n);
        assert.throws(() => map.update(u32(7), u64(1n), UpdateFlags.NOEXIST), (e: unknown) => {
          assert.ok(e instanceof BpfError);
          assert.equal(e.code, 'EEXIST');
          assert.equal(e.errno, 17);
          return true;
        });
        assert.throws(() => map.update(u32(99), u64(1n), UpdateFlags.EXIST), (e: unknown) => e instanceof BpfError && e.code === 'ENOENT');
        assert.equal(map.delete(u32(3)), true);
        assert.equal(map.delete(u32(3)), false);
        const keys: number[] = [];
        for await (const k of map.keys()) keys.push(readU32(k));
        assert.deepEqual(keys.sort((a, b) => a - b), [1, 2, 4, 5, 6, 7, 8, 9, 10]);
        const entries = new Map<number, bigint>();
        for await (const [k, v] of map) entries.set(readU32(k), readU64(v));
        assert.equal(entries.size, 9);
        assert.equal(entries.get(7), 777n);
        assert.equal(entries.get(10), 1000n);
        // Sizes are checked before anything reaches the kernel.
        assert.throws(() => map.lookup(new Uint8Array(3)), (e: unknown) => e instanceof BpfError && e.code === 'EINVAL');
      } finally {
        obj.close();
      }
    },
  },
  {
    name: 'per-CPU array: one value per possible CPU, written and read back',
    async run() {
      const obj = await loadedCounter();
      try {
        const map = obj.map('percpu_hits');
        const cpus = map.lookupPerCpu(u32(0))!.length;
        assert.ok(cpus >= 1);
        map.update(u32(0), Array.from({ length: cpus }, (_, cpu) => u64(BigInt(cpu + 1))));
        assert.deepEqual(map.lookupPerCpu(u32(0))!.map((v) => readU64(v)), Array.from({ length: cpus }, (_, c) => BigInt(c + 1)));
        assert.throws(() => map.update(u32(0), [u64(1n)].slice(0, cpus - 1)), BpftoolUsageError);
      } finally {
        obj.close();
      }
    },
  },
  {
    name: 'ring buffer: events the kernel produced',
    async run() {
      const obj = await loadedCounter();
      try {
        obj.attach();
        const events = obj.ringbuf('events');
        triggerGetppid(5);
        const got: Array<{ pid: number; seq: number }> = [];
        for await (const e of events) {
          got.push({ pid: readU32(e, 0), seq: readU32(e, 4) });
          if (got.length === 5) break;
        }
        assert.deepEqual(got, [1, 2, 3, 4, 5].map((seq) => ({ pid: process.pid, seq })));
        assert.deepEqual(events.take(), []);
      } finally {
        obj.close();
      }
    },
  },
  {
    name: 'perf buffer: samples the kernel produced, with their CPU',
    async run() {
      const obj = await loadedCounter();
      try {
        obj.attach();
        const samples = obj.perfbuf('perf_events', { pageCount: 4 });
        triggerGetppid(5);
        const got: Array<{ pid: number; seq: number }> = [];
        for await (const s of samples) {
          assert.ok(Number.isInteger(s.cpu) && s.cpu >= 0);
          assert.ok(s.data.length >= 8);
          got.push({ pid: readU32(s.data, 0), seq: readU32(s.data, 4) });
          if (got.length === 5) break;
        }
        // Each CPU has its own buffer: order by sequence number.
        got.sort((a, b) => a.seq - b.seq);
        assert.deepEqual(got, [1, 2, 3, 4, 5].map((seq) => ({ pid: process.pid, seq })));
        assert.equal(samples.lost, 0);
        assert.throws(() => obj.perfbuf('perf_events', { pageCount: 3 }), /pageCount must be a power of two, not 3/);
      } finally {
        obj.close();
      }
    },
  },
  {
    name: 'a verifier rejection carries the full verifier log',
    async run() {
      const obj = await openObject(fixtureObject('rejected'));
      try {
        await assert.rejects(obj.load(), (e: unknown) => {
          assert.ok(e instanceof BpfVerifierError, String(e));
          assert.equal(e.name, 'BpfVerifierError');
          assert.equal(e.programName, 'no_null_check');
          assert.equal(e.code, 'EACCES');
          assert.match(e.verifierLog, /^0: R1=ctx\(\) R10=fp0$/m);
          assert.match(e.verifierLog, /^7: \(79\) r1 = \*\(u64 \*\)\(r0 \+0\)$/m);
          assert.ok(e.libbpfLog.includes(`-- BEGIN PROG LOAD LOG --\n${e.verifierLog}-- END PROG LOAD LOG --`));
          assert.match(e.verifierLog, /R0 invalid mem access 'map_value_or_null'\n/);
          assert.match(e.verifierLog, /processed \d+ insns/);
          assert.match(e.message, /the verifier rejected program 'no_null_check'/);
          return true;
        });
        assert.equal(obj.loaded, false);
        await assert.rejects(obj.load(), /libbpf cannot load an object twice; open it again/);
      } finally {
        obj.close();
      }
    },
  },
  {
    name: 'after close() no program or map of the object remains (bpftool prog/map list)',
    async run() {
      const obj = await loadedCounter();
      obj.attach();
      const bss = obj.globals.bss!.bytes;
      const progId = obj.program('count_getppid').id!;
      const mapIds = obj.maps.map((m) => obj.map(m.name).id!);
      assert.ok(bpftoolIds('prog').has(progId));
      for (const id of mapIds) assert.ok(bpftoolIds('map').has(id));
      obj.close();
      obj.close();
      assert.equal(bpftoolIds('prog').has(progId), false, `program ${progId} is still loaded`);
      // The kernel frees a program after an RCU grace period, and only then
      // drops the maps it used: they leave the list a little later.
      const remaining = await eventually(() => mapIds.filter((id) => bpftoolIds('map').has(id)), (ids) => ids.length === 0);
      assert.deepEqual(remaining, [], `maps ${remaining.join(', ')} are still there`);
      assert.equal(bss.length, 0, 'the .bss view is detached by close()');
      assert.throws(() => obj.map('scratch').lookup(u32(0)), /closed/);
    },
  },
  {
    name: '1,000 open, load and close cycles leak no file descriptors',
    async run() {
      const bytes = readFileSync(fixtureObject('counter'));
      const cycle = async () => {
        const obj = await openObject(bytes);
        obj.globals.bss!.bytes.fill(0);
        await obj.load();
        obj.close();
      };
      await cycle(); // libbpf probes kernel features once
      const before = openFiles();
      for (let i = 0; i < 1000; i++) await cycle();
      assert.deepEqual(openFiles(), before);
    },
  },
  {
    name: 'pin and unpin a map and a link on the BPF file system',
    async run() {
      const obj = await loadedCounter();
      const mapPath = `/sys/fs/bpf/bpftool_wasm_test_${process.pid}_scratch`;
      const linkPath = `/sys/fs/bpf/bpftool_wasm_test_${process.pid}_link`;
      try {
        const map = obj.map('scratch');
        map.pin(mapPath);
        assert.ok(existsSync(mapPath));
        const shown = JSON.parse(execFileSync(nativeBpftool, ['-j', 'map', 'show', 'pinned', mapPath], { encoding: 'utf8' }));
        assert.equal(shown.id, map.id);
        map.unpin(mapPath);
        assert.equal(existsSync(mapPath), false);
        const link = obj.attach('count_getppid');
        link.pin(linkPath);
        assert.ok(existsSync(linkPath));
        link.unpin();
        assert.equal(existsSync(linkPath), false);
      } finally {
        obj.close();
      }
    },
  },
  {
    name: 'bad input: libbpf says why, with errno',
    async run() {
      await assert.rejects(openObject(new Uint8Array([1, 2, 3, 4])), (e: unknown) => {
        assert.ok(e instanceof BpfError, String(e));
        assert.equal(e.code, 'LIBBPF_ERRNO__FORMAT');
        assert.equal(e.errno, 4001);
        assert.equal(e.libbpfLog, "libbpf: elf: 'bpf_object' is not a proper ELF object\n");
        assert.equal(e.message, "cannot open BPF object: BPF object format invalid\nlibbpf: elf: 'bpf_object' is not a proper ELF object");
        return true;
      });
      await assert.rejects(openObject('/nonexistent/x.bpf.o'), (e: unknown) => e instanceof BpfError && e.code === 'ENOENT');
      const obj = await openObject(fixtureObject('counter'));
      try {
        assert.throws(() => obj.attach('count_getppid'), /not loaded: call load\(\) first/);
        assert.throws(() => obj.map('nope'), /no map 'nope'/);
        assert.throws(() => obj.globals.bss!.get('nope'), /no variable 'nope' in .bss \(variables: hits, calls\)/);
      } finally {
        obj.close();
      }
    },
  },
];
