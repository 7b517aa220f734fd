/**
 * The commands of a `batch file`, split into words as bpftool's do_batch()
 * and make_args() split them: a `#` ends a line's command, a line ending in
 * `\` goes on on the next, words are separated by spaces, tabs and line
 * ends, and a word that begins with a quote runs to the same quote. The CLI
 * reads them only to find kernel packages and images among their BTF
 * inputs (kernel-inputs.ts); bpftool reads the file itself.
 */

/** One line's words, as make_args() gives them; undefined where bpftool would refuse the line. */
function words(line: string): string[] | undefined {
  const out: string[] = [];
  const ws = /[ \t\r\n]/;
  let at = 0;
  while (at < line.length) {
    while (at < line.length && ws.test(line[at]!)) at++;
    if (at >= line.length) break;
    const quote = line[at];
    if (quote === "'" || quote === '"') {
      const end = line.indexOf(quote, at + 1);
      if (end < 0) return undefined; // "unterminated quoted string"
      out.push(line.slice(at + 1, end));
      at = end + 1;
    } else {
      let end = at;
      while (end < line.length && !ws.test(line[end]!)) end++;
      out.push(line.slice(at, end));
      at = end + 1;
    }
  }
  return out;
}

/** The commands of a batch file's text, each as its words. */
export function batchCommands(text: string): string[][] {
  const lines = text.split(/(?<=\n)/);
  const commands: string[][] = [];
  const uncommented = (l: string) => (l.includes('#') ? l.slice(0, l.indexOf('#')) : l);
  for (let i = 0; i < lines.length; i++) {
    let line = uncommented(lines[i]!);
    while (line.includes('\\\n') && i + 1 < lines.length) {
      line = line.slice(0, line.length - 2) + uncommented(lines[++i]!);
    }
    const w = words(line);
    if (w?.length) commands.push(w);
  }
  return commands;
}
