/** The corpus differential (test/corpus/suite.ts) with bpftool 7.8. */
import { corpusSuite } from './corpus/suite.js';

corpusSuite('7.8');
