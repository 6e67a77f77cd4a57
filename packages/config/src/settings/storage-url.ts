// cluster_fallback_config_storage: `s3://<bucket>[/<prefix>]`, checked against S3's bucket
// naming rules so a typo fails at start rather than on the first export.

export interface StorageLocation {
  readonly scheme: 's3';
  readonly bucket: string;
  /** Key prefix without leading, trailing or doubled slashes; "" for the bucket root. */
  readonly prefix: string;
  /** The normalised URL: `s3://bucket` or `s3://bucket/prefix`. */
  readonly url: string;
}

export type StorageParse =
  | { readonly ok: true; readonly value: StorageLocation }
  | { readonly ok: false; readonly unsupported: boolean; readonly message: string };

const FORM = 's3://<bucket>[/<prefix>]';
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** Why `bucket` breaks the S3 general-purpose bucket naming rules, or undefined when it is valid. */
export function bucketNameProblem(bucket: string): string | undefined {
  if (bucket.length < 3 || bucket.length > 63) return 'must be 3 to 63 characters long';
  if (!/^[a-z0-9.-]+$/.test(bucket)) return 'may contain only lowercase letters, digits, dots and hyphens';
  if (!/^[a-z0-9].*[a-z0-9]$/.test(bucket)) return 'must begin and end with a letter or digit';
  if (bucket.includes('..')) return 'must not contain two dots in a row';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(bucket)) return 'must not look like an IP address';
  const prefix = RESERVED_PREFIXES.find((p) => bucket.startsWith(p));
  if (prefix !== undefined) return `must not start with "${prefix}" (reserved by S3)`;
  const suffix = RESERVED_SUFFIXES.find((s) => bucket.endsWith(s));
  if (suffix !== undefined) return `must not end with "${suffix}" (reserved by S3)`;
  return undefined;
}

function invalid(message: string): StorageParse {
  return { ok: false, unsupported: false, message };
}

export function parseStorageUrl(text: string): StorageParse {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/.exec(text);
  if (match?.[1] === undefined || match[2] === undefined) return invalid(`expected ${FORM}, got "${text}"`);
  const scheme = match[1].toLowerCase();
  if (scheme === 'gcs' || scheme === 'gs') {
    return {
      ok: false,
      unsupported: true,
      message: `${scheme}:// storage is not supported yet; use ${FORM} with an S3-compatible store (AWS S3, MinIO, ...)`,
    };
  }
  if (scheme !== 's3') return invalid(`unsupported storage scheme "${scheme}://"; expected ${FORM}`);
  const rest = match[2];
  if (/[?#\\\s]/.test(rest)) return invalid(`must not contain "?", "#", "\\" or spaces; expected ${FORM}`);
  const [bucket = '', ...segments] = rest.split('/');
  if (bucket === '') return invalid(`missing bucket name; expected ${FORM}`);
  const problem = bucketNameProblem(bucket);
  if (problem !== undefined) return invalid(`bucket name "${bucket}" ${problem}`);
  const parts = segments.filter((segment) => segment !== '');
  if (parts.some((segment) => segment === '.' || segment === '..')) {
    return invalid('the prefix must not contain "." or ".." segments');
  }
  const prefix = parts.join('/');
  return { ok: true, value: { scheme: 's3', bucket, prefix, url: prefix === '' ? `s3://${bucket}` : `s3://${bucket}/${prefix}` } };
}
