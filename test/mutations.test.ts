/** The mutation suite (test/corpus/mutation-suite.ts) with bpftool 7.5. */
import { mutationSuite } from './corpus/mutation-suite.js';

mutationSuite('7.5');
