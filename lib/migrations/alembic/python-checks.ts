/**
 * What Python 3 rejects but tree-sitter's forgiving grammar accepts (or cannot take at all): bytes that
 * are not UTF-8, brackets nested past CPython's limit, inconsistent tabs and spaces, Python 2 `print`.
 * Each is reported like a syntax error, with its line.
 */

/** CPython's parser refuses more than 200 nested brackets ("too many nested parentheses"). */
export const MAX_PY_NESTING = 200;

export interface PyProblem {
  /** 1-based. */
  line: number;
  message: string;
}

/** The first line that is not valid UTF-8, or null. */
export function invalidUtf8Line(bytes: Buffer): number | null {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    decoder.decode(bytes);
    return null;
  } catch {
    let line = 1;
    let start = 0;
    for (;;) {
      const nl = bytes.indexOf(0x0a, start);
      const end = nl === -1 ? bytes.length : nl;
      try {
        decoder.decode(bytes.subarray(start, end));
      } catch {
        return line;
      }
      if (nl === -1) return line;
      line++;
      start = nl + 1;
    }
  }
}

/** Python reads `\r`, `\r\n` and `\n` as line ends alike; tree-sitter only `\n`. Keeps every line where it was. */
export function normalizeNewlines(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/**
 * One lexical pass over the source (strings, comments, brackets): bracket nesting beyond CPython's limit,
 * and indentation that mixes tabs and spaces inconsistently (CPython's TabError: the indentation compares
 * differently with a tab size of 8 and of 1). Iterative and linear, so safe on any input.
 */
export function lexicalProblem(text: string): PyProblem | null {
  let depth = 0;
  let line = 1;
  let atLineStart = true;
  let continued = false;
  const indents: Array<[number, number]> = [[0, 0]];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (atLineStart) {
      atLineStart = false;
      let wide = 0;
      let narrow = 0;
      let j = i;
      for (; j < n && (text[j] === ' ' || text[j] === '\t' || text[j] === '\f'); j++) {
        if (text[j] === '\t') wide = (Math.floor(wide / 8) + 1) * 8;
        else if (text[j] === ' ') wide++;
        else wide = 0;
        if (text[j] !== '\f') narrow++;
      }
      const blank = j >= n || text[j] === '\n' || text[j] === '#';
      if (depth === 0 && !continued && !blank) {
        const problem = checkIndent(indents, wide, narrow);
        if (problem) return { line, message: problem };
      }
      continued = false;
      i = j;
      continue;
    }
    const c = text[i];
    if (c === '\n') {
      line++;
      atLineStart = true;
      i++;
    } else if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? n : nl;
    } else if (c === '\\' && text[i + 1] === '\n') {
      continued = true;
      line++;
      atLineStart = true;
      i += 2;
    } else if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const close = triple ? c.repeat(3) : c;
      i += close.length;
      while (i < n && !text.startsWith(close, i)) {
        if (text[i] === '\\') {
          if (text[i + 1] === '\n') line++;
          i += 2;
          continue;
        }
        if (text[i] === '\n') {
          if (!triple) break; // an unterminated string: the parser reports it
          line++;
        }
        i++;
      }
      if (text.startsWith(close, i)) i += close.length;
    } else if (c === '(' || c === '[' || c === '{') {
      if (++depth > MAX_PY_NESTING) return { line, message: `too many nested parentheses (Python allows ${MAX_PY_NESTING})` };
      i++;
    } else if (c === ')' || c === ']' || c === '}') {
      if (depth > 0) depth--;
      i++;
    } else i++;
  }
  return null;
}

function checkIndent(indents: Array<[number, number]>, wide: number, narrow: number): string | null {
  const tab = 'inconsistent use of tabs and spaces in indentation';
  let [topWide, topNarrow] = indents[indents.length - 1];
  if (wide === topWide) return narrow === topNarrow ? null : tab;
  if (wide > topWide) {
    if (narrow <= topNarrow) return tab;
    // CPython's limit too; it also bounds how deep tree walks go.
    if (indents.length > 100) return 'too many levels of indentation (Python allows 100)';
    indents.push([wide, narrow]);
    return null;
  }
  while (indents.length > 1 && wide < topWide) {
    indents.pop();
    [topWide, topNarrow] = indents[indents.length - 1];
  }
  if (wide === topWide && narrow !== topNarrow) return tab;
  return null;
}

/** Node types of Python 2 statements that tree-sitter still parses. */
export const PYTHON2_STATEMENTS: Record<string, string> = {
  print_statement: 'Python 2 print statement (Python 3 needs print(...))',
  exec_statement: 'Python 2 exec statement (Python 3 needs exec(...))',
};
