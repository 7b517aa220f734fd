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
