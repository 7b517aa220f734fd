/** The corpus differential (test/corpus/suite.ts) with bpftool 7.5. */
import { corpusSuite } from './corpus/suite.js';

corpusSuite('7.5');
