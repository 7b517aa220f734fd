/**
 * One-call helpers on a shared, lazily created bpftool. Each call still runs
 * in its own fresh instance; only the compiled module is shared.
 */
import { createBpftool, type Bpftool } from './bpftool.js';

let shared: Promise<Bpftool> | undefined;

function bpftool(): Promise<Bpftool> {
  shared ??= createBpftool().catch((err: unknown) => {
    shared = undefined;
    throw err;
  });
  return shared;
}

export const genSkeleton: Bpftool['genSkeleton'] = async (object, options) =>
  (await bpftool()).genSkeleton(object, options);

export const genSubskeleton: Bpftool['genSubskeleton'] = async (object, options) =>
  (await bpftool()).genSubskeleton(object, options);

export const genObject: Bpftool['genObject'] = async (objects) =>
  (await bpftool()).genObject(objects);

export const genMinCoreBtf: Bpftool['genMinCoreBtf'] = async (btf, objects) =>
  (await bpftool()).genMinCoreBtf(btf, objects);

export const btfDump: Bpftool['btfDump'] = async (input, options) =>
  (await bpftool()).btfDump(input, options);

export const distillBase: Bpftool['distillBase'] = async (split, base, options) =>
  (await bpftool()).distillBase(split, base, options);

export const relocate: Bpftool['relocate'] = async (split, distilledBase, base) =>
  (await bpftool()).relocate(split, distilledBase, base);
