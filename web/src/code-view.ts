/**
 * A read-only text view that draws only the lines in sight, so that a
 * kernel's whole C header (hundreds of thousands of lines) shows at once
 * and scrolls freely. C is highlighted line by line (highlight.ts).
 */
import { highlightLine } from './highlight.js';

const LINE_HEIGHT = 18; // px; the same as .code-line in style.css
const OVERSCAN = 30;

/** Where each line starts. */
function lineStarts(text: string): Uint32Array {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  const starts = new Uint32Array(n);
  let k = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[k++] = i + 1;
  return starts;
}

/** For each line, whether it starts inside a block comment (strings and // comments skipped). */
function commentStates(text: string): Uint8Array {
  const states: number[] = [0];
  let inBlock = false;
  let inLine = false;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      inLine = false;
      quote = '';
      states.push(inBlock ? 1 : 0);
    } else if (inBlock) {
      if (c === '*' && text[i + 1] === '/') {
        inBlock = false;
        i++;
      }
    } else if (inLine) {
      // to the end of the line
    } else if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '/' && text[i + 1] === '*') {
      inBlock = true;
      i++;
    } else if (c === '/' && text[i + 1] === '/') inLine = true;
  }
  return Uint8Array.from(states);
}

export class CodeView {
  private text = '';
  private starts: Uint32Array = new Uint32Array([0]);
  private comments: Uint8Array | undefined;
  private readonly spacer: HTMLDivElement;
  private readonly lines: HTMLDivElement;
  private drawn = '';

  constructor(private readonly scroller: HTMLElement) {
    scroller.classList.add('code-view');
    this.spacer = document.createElement('div');
    this.spacer.className = 'code-spacer';
    this.lines = document.createElement('div');
    this.lines.className = 'code-lines';
    this.spacer.append(this.lines);
    scroller.replaceChildren(this.spacer);
    scroller.addEventListener('scroll', () => this.draw());
    new ResizeObserver(() => this.draw()).observe(scroller);
  }

  /** Shows `text`; highlighted as C when `isC`. */
  show(text: string, isC: boolean): void {
    this.text = text;
    this.starts = lineStarts(text);
    this.comments = isC ? commentStates(text) : undefined;
    this.spacer.style.height = `${this.lineCount * LINE_HEIGHT}px`;
    this.scroller.scrollTop = 0;
    this.drawn = '';
    this.draw();
  }

  get lineCount(): number {
    // A final newline does not start another line.
    return this.text.endsWith('\n') ? this.starts.length - 1 : this.starts.length;
  }

  private line(i: number): string {
    const end = i + 1 < this.starts.length ? this.starts[i + 1]! - 1 : this.text.length;
    return this.text.slice(this.starts[i], end);
  }

  private draw(): void {
    const first = Math.max(0, Math.floor(this.scroller.scrollTop / LINE_HEIGHT) - OVERSCAN);
    const last = Math.min(this.lineCount, Math.ceil((this.scroller.scrollTop + this.scroller.clientHeight) / LINE_HEIGHT) + OVERSCAN);
    const key = `${first}:${last}`;
    if (key === this.drawn) return;
    this.drawn = key;
    const fragment = document.createDocumentFragment();
    for (let i = first; i < last; i++) {
      const row = document.createElement('div');
      row.className = 'code-line';
      const number = document.createElement('span');
      number.className = 'ln';
      number.textContent = String(i + 1);
      row.append(number);
      const text = this.line(i);
      if (this.comments) {
        for (const t of highlightLine(text, this.comments[i] === 1).tokens) {
          if (!t.cls) row.append(t.text);
          else {
            const span = document.createElement('span');
            span.className = `tok-${t.cls}`;
            span.textContent = t.text;
            row.append(span);
          }
        }
      } else row.append(text);
      fragment.append(row);
    }
    this.lines.style.transform = `translateY(${first * LINE_HEIGHT}px)`;
    this.lines.replaceChildren(fragment);
  }
}
