// The CLI's bpftool thread (cli/deep-stack.ts starts it): one run, then its answer.
import { serveDeepStackJob } from './cli/deep-stack-thread.js';

void serveDeepStackJob();
