// Prepended to the CLI's glue (NODERAWFS): emscripten 3.1.6 writes Node's
// require() and __dirname into ES-module glue, where neither exists.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
const require = createRequire(import.meta.url);
const __dirname = dirname(fileURLToPath(import.meta.url));
// The glue makes /dev/random when its file system starts, and asks for the
// global `crypto` then; Node's first touch of that global loads all of Web
// Crypto (a few milliseconds of every run). The device calls it only when read.
const crypto = { getRandomValues: (array) => globalThis.crypto.getRandomValues(array) };
