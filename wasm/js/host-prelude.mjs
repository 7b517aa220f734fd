// Prepended to the CLI's glue (NODERAWFS): emscripten 3.1.6 writes Node's
// require() and __dirname into ES-module glue, where neither exists.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
const require = createRequire(import.meta.url);
const __dirname = dirname(fileURLToPath(import.meta.url));
