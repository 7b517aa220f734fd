// node node.mjs prog.bpf.o > prog.skel.h
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { genSkeleton } from 'bpftool-wasm';

const path = process.argv[2];
const header = await genSkeleton(await readFile(path), { fileName: basename(path) });
process.stdout.write(header);
