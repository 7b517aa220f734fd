/**
 * C syntax highlighting, one line at a time: the code view draws only the
 * lines on screen, so a line must be highlightable on its own, given only
 * whether it starts inside a block comment.
 */

export type TokenClass = 'kw' | 'type' | 'com' | 'str' | 'num' | 'pre' | '';

export interface Token {
  cls: TokenClass;
  text: string;
}

const KEYWORDS = new Set(
  ('auto break case continue default do else enum extern for goto if inline return sizeof static struct switch ' +
    'typedef union volatile while const restrict register _Static_assert __attribute__ __always_inline ' +
    '__typeof__ typeof asm __asm__ __volatile__ __inline').split(' '),
);
const TYPES = new Set(
  ('void char short int long float double signed unsigned bool _Bool size_t ssize_t ' +
    '__u8 __u16 __u32 __u64 __s8 __s16 __s32 __s64 __be16 __be32 __be64 __le16 __le32 __le64 __wsum ' +
    'u8 u16 u32 u64 s8 s16 s32 s64 int8_t int16_t int32_t int64_t uint8_t uint16_t uint32_t uint64_t').split(' '),
);

const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /(?:0[xX][0-9a-fA-F]+|\d+(?:\.\d+)?)[uUlLfF]*/y;

function quoted(line: string, start: number): number {
  const quote = line[start];
  let i = start + 1;
  while (i < line.length && line[i] !== quote) i += line[i] === '\\' ? 2 : 1;
  return Math.min(i + 1, line.length);
}

/** The tokens of one line, and whether the next line starts inside a block comment. */
export function highlightLine(line: string, inComment: boolean): { tokens: Token[]; inComment: boolean } {
  const tokens: Token[] = [];
  const push = (cls: TokenClass, text: string) => {
    const last = tokens[tokens.length - 1];
    if (last && last.cls === cls) last.text += text;
    else tokens.push({ cls, text });
  };
  let i = 0;
  if (inComment) {
    const end = line.indexOf('*/');
    if (end < 0) return { tokens: [{ cls: 'com', text: line }], inComment: true };
    push('com', line.slice(0, end + 2));
    i = end + 2;
  }
  if (/^\s*#/.test(line.slice(i)) && i === 0) {
    push('pre', line);
    return { tokens, inComment: false };
  }
  while (i < line.length) {
    const c = line[i]!;
    if (c === '/' && line[i + 1] === '/') {
      push('com', line.slice(i));
      break;
    }
    if (c === '/' && line[i + 1] === '*') {
      const end = line.indexOf('*/', i + 2);
      if (end < 0) {
        push('com', line.slice(i));
        return { tokens, inComment: true };
      }
      push('com', line.slice(i, end + 2));
      i = end + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = quoted(line, i);
      push('str', line.slice(i, end));
      i = end;
      continue;
    }
    WORD.lastIndex = i;
    const word = WORD.exec(line);
    if (word) {
      const w = word[0];
      push(KEYWORDS.has(w) ? 'kw' : TYPES.has(w) ? 'type' : '', w);
      i += w.length;
      continue;
    }
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(line);
    if (num) {
      push('num', num[0]);
      i += num[0].length;
      continue;
    }
    push('', c);
    i++;
  }
  return { tokens, inComment: false };
}
