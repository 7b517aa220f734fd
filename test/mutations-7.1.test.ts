/** The mutation suite (test/corpus/mutation-suite.ts) with bpftool 7.1. */
import { mutationSuite } from './corpus/mutation-suite.js';

mutationSuite('7.1');
