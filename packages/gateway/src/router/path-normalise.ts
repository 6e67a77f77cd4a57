// Request-path normalisation as Kong 3.x does it before routing (RFC 3986 based):
//   1. percent-encoded triplets are upper-cased (`%3a` -> `%3A`);
//   2. triplets of characters that are not reserved are decoded (`/fo%6F` -> `/foo`);
//      reserved characters (`!*'();:@&=+$,/?%#[]`) stay encoded, so `%2F` never becomes a `/`;
//   3. dot segments are removed (`/foo/./bar/../baz` -> `/foo/baz`);
//   4. duplicate slashes are merged (`/foo//bar` -> `/foo/bar`).
// Plain route paths get the same treatment; regex route paths only steps 1-2, restricted to
// unreserved characters, with a decoded `.` escaped so it stays literal.
// Deviation from Kong: control characters (%00-%1F, %7F) stay encoded instead of being decoded
// into the path, and a non-ASCII run is decoded only when it is valid UTF-8.
// The raw path is kept apart (RouteMatch.rawPath); what goes upstream is the normalised path,
// re-escaped with escapeUpstreamPath as Kong does.

const HEX = '0123456789ABCDEF';
const RESERVED = "!*'();:@&=+$,/?%#[]";

/** 1 = decode, 0 = keep encoded (reserved or control), for bytes below 0x80. */
const DECODE_IN_REQUEST = new Uint8Array(128);
/** 1 = unreserved: ALPHA / DIGIT / - . _ ~ */
const UNRESERVED = new Uint8Array(128);
/** 1 = may appear unescaped in the path sent upstream (Kong's escape() set). */
const UPSTREAM_SAFE = new Uint8Array(128);

for (let b = 0; b < 128; b++) {
  const c = String.fromCharCode(b);
  const alnum = /[A-Za-z0-9]/.test(c);
  UNRESERVED[b] = alnum || '-._~'.includes(c) ? 1 : 0;
  DECODE_IN_REQUEST[b] = b < 0x20 || b === 0x7f || RESERVED.includes(c) ? 0 : 1;
  UPSTREAM_SAFE[b] = alnum || "!#$&'()*+,/:;=?@[]-_.~%".includes(c) ? 1 : 0;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

/** The byte a `%XX` triplet at `i` encodes, or -1 when there is no valid triplet there. */
function tripletAt(s: string, i: number): number {
  if (i + 2 >= s.length) return -1;
  const hi = hexDigit(s.charCodeAt(i + 1));
  const lo = hexDigit(s.charCodeAt(i + 2));
  return hi < 0 || lo < 0 ? -1 : (hi << 4) | lo;
}

function encodeByte(b: number): string {
  return '%' + (HEX[b >> 4] ?? '') + (HEX[b & 15] ?? '');
}

type DecodeMode = 'request' | 'regex';

function decodeTriplets(s: string, mode: DecodeMode): string {
  let i = s.indexOf('%');
  if (i === -1) return s;
  let out = '';
  let last = 0;
  while (i !== -1) {
    const b = tripletAt(s, i);
    if (b < 0) {
      i = s.indexOf('%', i + 1);
      continue;
    }
    out += s.slice(last, i);
    if (b < 0x80) {
      const decode = mode === 'request' ? DECODE_IN_REQUEST[b] === 1 : UNRESERVED[b] === 1;
      if (!decode) out += encodeByte(b);
      else if (mode === 'regex' && b === 0x2e) out += '\\.';
      else out += String.fromCharCode(b);
      last = i + 3;
    } else {
      // A run of non-ASCII bytes: decode it as UTF-8 when valid, else keep it (upper-cased).
      const bytes: number[] = [];
      let j = i;
      for (let v = b; v >= 0x80; v = tripletAt(s, j)) {
        bytes.push(v);
        j += 3;
        if (s.charCodeAt(j) !== 37) break;
      }
      let text: string | null = null;
      if (mode === 'request') {
        try {
          text = utf8.decode(Uint8Array.from(bytes));
        } catch {
          text = null;
        }
      }
      out += text ?? bytes.map(encodeByte).join('');
      last = j;
    }
    i = s.indexOf('%', last);
  }
  return out + s.slice(last);
}

/** Removes `.` and `..` segments and merges repeated slashes; keeps a trailing slash. */
function removeDotSegments(p: string): string {
  const segments = p.split('/');
  const out: string[] = [];
  let trailingSlash = false;
  for (let i = 1; i < segments.length; i++) {
    const seg = segments[i] ?? '';
    const isLast = i === segments.length - 1;
    if (seg === '' || seg === '.') {
      if (isLast) trailingSlash = true;
    } else if (seg === '..') {
      out.pop();
      if (isLast) trailingSlash = true;
    } else {
      out.push(seg);
    }
  }
  if (out.length === 0) return '/';
  return '/' + out.join('/') + (trailingSlash ? '/' : '');
}

/** The path part of a request target: everything before `?` or `#`. */
export function stripQuery(target: string): string {
  const q = target.indexOf('?');
  const h = target.indexOf('#');
  const end = q === -1 ? h : h === -1 ? q : Math.min(q, h);
  return end === -1 ? target : target.slice(0, end);
}

/** Normalises a request path (without query) the way Kong does before matching. */
export function normalisePath(rawPath: string): string {
  let p = rawPath.length === 0 || rawPath.charCodeAt(0) !== 47 ? '/' + rawPath : rawPath;
  if (p.length === 1) return p;
  if (p.indexOf('%') !== -1) p = decodeTriplets(p, 'request');
  if (p.indexOf('.') === -1 && p.indexOf('//') === -1) return p;
  return removeDotSegments(p);
}

/** Normalises the source of a regex route path (without its `~`): steps 1-2 only. */
export function normaliseRegexSource(source: string): string {
  return decodeTriplets(source, 'regex');
}

/** Kong's sanitize_uri_postfix: what follows a stripped prefix loses a leading `./` or `../`. */
export function sanitizePostfix(postfix: string): string {
  if (postfix === '.' || postfix === '..') return '';
  if (postfix.startsWith('./')) return postfix.slice(2);
  if (postfix.startsWith('../')) return postfix.slice(3);
  return postfix;
}

/** Percent-encodes what must not travel unescaped in an upstream request path. */
export function escapeUpstreamPath(path: string): string {
  let i = 0;
  while (i < path.length) {
    const c = path.charCodeAt(i);
    if (c >= 128 || UPSTREAM_SAFE[c] !== 1) break;
    i++;
  }
  if (i === path.length) return path;
  let out = path.slice(0, i);
  for (const ch of path.slice(i)) {
    const c = ch.charCodeAt(0);
    if (c < 128) out += UPSTREAM_SAFE[c] === 1 ? ch : encodeByte(c);
    else {
      try {
        out += encodeURIComponent(ch);
      } catch {
        out += '%EF%BF%BD'; // a lone surrogate: send U+FFFD rather than fail
      }
    }
  }
  return out;
}
