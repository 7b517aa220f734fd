/**
 * A unified diff of two texts, for cross-check reports: `--- ` and `+++ `
 * lines naming the two sides, then `@@ -a,n +b,m @@` hunks with `context`
 * lines around each change, as `diff -u` prints them. The diffing is jsdiff's
 * (the `diff` package, bundled in), whose Myers implementation keeps small
 * differences in large outputs, such as one line of a 100,000-line
 * vmlinux.h, cheap.
 */
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';

/** '' when the texts are equal. */
export function unifiedDiff(aName: string, bName: string, a: string, b: string, context = 3): string {
  if (a === b) return '';
  return createTwoFilesPatch(aName, bName, a, b, undefined, undefined, { context, headerOptions: FILE_HEADERS_ONLY });
}

const SGR = { red: '\x1b[31m', green: '\x1b[32m', cyan: '\x1b[36m', bold: '\x1b[1m', reset: '\x1b[0m' } as const;

/**
 * A report with its diffs coloured as `git diff` colours them, for a
 * terminal. Colour is left out when NO_COLOR is set to anything but the
 * empty string (no-color.org) or the stream is no terminal.
 */
export function colourReport(report: string, stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): string {
  if (!stream.isTTY || (env['NO_COLOR'] ?? '') !== '') return report;
  return report
    .split('\n')
    .map((line) => {
      if (line.startsWith('--- ') || line.startsWith('+++ ')) return `${SGR.bold}${line}${SGR.reset}`;
      if (line.startsWith('@@')) return `${SGR.cyan}${line}${SGR.reset}`;
      if (line.startsWith('-')) return `${SGR.red}${line}${SGR.reset}`;
      if (line.startsWith('+')) return `${SGR.green}${line}${SGR.reset}`;
      return line;
    })
    .join('\n');
}
