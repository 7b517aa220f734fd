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

/** `createBpftool()`'s genSkeleton(), on one shared bpftool of the default version. */
export const genSkeleton: Bpftool['genSkeleton'] = async (object, options) =>
  (await bpftool()).genSkeleton(object, options);

/** `createBpftool()`'s genSubskeleton(), on one shared bpftool of the default version. */
export const genSubskeleton: Bpftool['genSubskeleton'] = async (object, options) =>
  (await bpftool()).genSubskeleton(object, options);

/** `createBpftool()`'s genObject(), on one shared bpftool of the default version. */
export const genObject: Bpftool['genObject'] = async (objects, options) =>
  (await bpftool()).genObject(objects, options);

/** `createBpftool()`'s genMinCoreBtf(), on one shared bpftool of the default version. */
export const genMinCoreBtf: Bpftool['genMinCoreBtf'] = async (btf, objects, options) =>
  (await bpftool()).genMinCoreBtf(btf, objects, options);

/** `createBpftool()`'s btfDump(), on one shared bpftool of the default version. */
export const btfDump: Bpftool['btfDump'] = async (input, options) =>
  (await bpftool()).btfDump(input, options);

/** `createBpftool()`'s distillBase(), on one shared bpftool of the default version. */
export const distillBase: Bpftool['distillBase'] = async (split, base, options) =>
  (await bpftool()).distillBase(split, base, options);

/** `createBpftool()`'s relocate(), on one shared bpftool of the default version. */
export const relocate: Bpftool['relocate'] = async (split, distilledBase, base) =>
  (await bpftool()).relocate(split, distilledBase, base);

/** `createBpftool()`'s coreCheck(), on one shared bpftool of the default version. */
export const coreCheck: Bpftool['coreCheck'] = async (objects, targets, options) =>
  (await bpftool()).coreCheck(objects, targets, options);
