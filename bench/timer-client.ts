/** The bench's side of bench/process-timer.mjs: one small process that spawns and times the others. */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

export interface TimedRun {
  ms: number;
  status: number | null;
  signal: string | null;
}

export interface TimeRequest {
  argv: readonly string[];
  cwd: string;
  /** The whole environment of the timed process; the timer's own when absent. */
  env?: Record<string, string | undefined>;
  stdout: string;
  stderr: string;
}

export class ProcessTimer {
  private readonly child: ChildProcessByStdio<Writable, Readable, null>;
  private readonly lines: Interface;
  private readonly waiting: Array<(line: string) => void> = [];

  constructor() {
    const script = fileURLToPath(new URL('./process-timer.mjs', import.meta.url));
    this.child = spawn(process.execPath, [script], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.lines = createInterface({ input: this.child.stdout });
    this.lines.on('line', (line) => this.waiting.shift()?.(line));
  }

  async time(request: TimeRequest): Promise<TimedRun> {
    const line = await new Promise<string>((resolve) => {
      this.waiting.push(resolve);
      this.child.stdin.write(`${JSON.stringify(request)}\n`);
    });
    const answer = JSON.parse(line) as TimedRun & { error?: string };
    if (answer.error) throw new Error(`${request.argv.join(' ')}: ${answer.error}`);
    return answer;
  }

  close(): void {
    this.lines.close();
    this.child.stdin.end();
  }
}
