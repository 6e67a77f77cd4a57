// The literal text every match of an anchored regex path must start with, so regex routes
// can sit in a prefix tree too (the idea of the prefilter in Kong's ATC router): `/v1/r7/(\d+)`
// can only match paths starting with `/v1/r7/`, and need not be tried on any other path.
// Conservative by construction: a shorter prefix (down to "") is always safe, so anything
// unusual ends the prefix - a metacharacter, a class escape, a quantified atom, a top-level
// alternation.

const META = '\\^$.|?*+()[]{}';

function isAlphanumeric(c: string): boolean {
  return /^[A-Za-z0-9]$/.test(c);
}

/** True when `source` has a `|` outside every group and character class. */
function hasTopLevelAlternation(source: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
    } else if (c === '(') {
      depth++;
    } else if (c === ')') {
      depth--;
    } else if (c === '|' && depth === 0) {
      return true;
    }
  }
  return false;
}

/** The literal prefix of a regex source that is matched from the start of the path. */
export function regexLiteralPrefix(source: string): string {
  if (hasTopLevelAlternation(source)) return '';
  let out = '';
  let i = source.startsWith('^') ? 1 : 0;
  while (i < source.length) {
    const c = source[i] ?? '';
    let literal: string;
    let width = 1;
    if (c === '\\') {
      const next = source[i + 1];
      if (next === undefined || isAlphanumeric(next)) break; // \d, \b, \1, \x41 ... end the prefix
      literal = next;
      width = 2;
    } else if (META.includes(c)) {
      break;
    } else {
      literal = c;
    }
    const quantifier = source[i + width];
    if (quantifier === '?' || quantifier === '*' || quantifier === '{') break; // optional atom
    out += literal;
    if (quantifier === '+') break; // required once, but what follows may repeat it
    i += width;
  }
  return out;
}
