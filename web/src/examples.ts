/**
 * The bundled examples: BPF objects that build.sh compiles from
 * web/examples/*.bpf.c (and examples/minimal.bpf.c) into the page's
 * examples/ folder, each with the command it shows off.
 */
import type { CommandId } from './commands.js';

export interface Example {
  files: string[];
  command: CommandId;
}

export const EXAMPLES: Record<string, Example> = {
  minimal: { files: ['minimal.bpf.o'], command: 'skeleton' },
  task_info: { files: ['task_info.bpf.o'], command: 'skeleton' },
  link: { files: ['link_main.bpf.o', 'link_lib.bpf.o'], command: 'link' },
};
