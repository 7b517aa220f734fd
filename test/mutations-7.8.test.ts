/** The mutation suite (test/corpus/mutation-suite.ts) with bpftool 7.8. */
import { mutationSuite } from './corpus/mutation-suite.js';

mutationSuite('7.8');
