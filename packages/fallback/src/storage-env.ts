// What the S3 client takes from the environment: region, optional non-AWS endpoint and static
// credentials. Values are read here and nowhere else; error messages name the variables, never
// their values.
import { FallbackError } from './fallback-error.js';

export interface StorageEnv {
  readonly region: string;
  /** Which variable the region came from, for messages. */
  readonly regionSource: 'AWS_REGION' | 'AWS_DEFAULT_REGION';
  /** A non-AWS endpoint (MinIO, Ceph, ...) from AWS_CONFIG_STORAGE_ENDPOINT; requests are path-style. */
  readonly endpoint: string | undefined;
  /** Static credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, or undefined for the SDK's default chain. */
  readonly credentials: StaticCredentials | undefined;
}

export interface StaticCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

function read(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function parseEndpoint(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new FallbackError('GW_ERR_FALLBACK_BAD_ENV', 'AWS_CONFIG_STORAGE_ENDPOINT is not a URL; expected http(s)://host[:port]/, such as http://minio:9000/');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FallbackError('GW_ERR_FALLBACK_BAD_ENV', `AWS_CONFIG_STORAGE_ENDPOINT must be an http:// or https:// URL, not ${url.protocol}//`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new FallbackError(
      'GW_ERR_FALLBACK_BAD_ENV',
      'AWS_CONFIG_STORAGE_ENDPOINT must not carry credentials in the URL; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY instead',
    );
  }
  if (url.search !== '' || url.hash !== '') {
    throw new FallbackError('GW_ERR_FALLBACK_BAD_ENV', 'AWS_CONFIG_STORAGE_ENDPOINT must not have a query or fragment');
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}

/** Reads the storage variables; throws a FallbackError naming the variable that is missing or bad. */
export function readStorageEnv(env: Env): StorageEnv {
  const awsRegion = read(env, 'AWS_REGION');
  const defaultRegion = read(env, 'AWS_DEFAULT_REGION');
  const region = awsRegion ?? defaultRegion;
  if (region === undefined) {
    throw new FallbackError(
      'GW_ERR_FALLBACK_MISSING_REGION',
      'AWS_REGION (or AWS_DEFAULT_REGION) is not set; set it to the bucket\'s region (any region, e.g. us-east-1, for MinIO and other non-AWS stores)',
    );
  }
  if (!/^[a-z0-9-]{1,64}$/.test(region)) {
    throw new FallbackError('GW_ERR_FALLBACK_BAD_ENV', `${awsRegion === undefined ? 'AWS_DEFAULT_REGION' : 'AWS_REGION'} is not a region name (expected e.g. eu-west-1)`);
  }
  const endpointText = read(env, 'AWS_CONFIG_STORAGE_ENDPOINT');
  const endpoint = endpointText === undefined ? undefined : parseEndpoint(endpointText);

  const accessKeyId = read(env, 'AWS_ACCESS_KEY_ID');
  const secretAccessKey = read(env, 'AWS_SECRET_ACCESS_KEY');
  const sessionToken = read(env, 'AWS_SESSION_TOKEN');
  let credentials: StaticCredentials | undefined;
  if (accessKeyId !== undefined && secretAccessKey !== undefined) {
    credentials = sessionToken === undefined ? { accessKeyId, secretAccessKey } : { accessKeyId, secretAccessKey, sessionToken };
  } else if (accessKeyId !== undefined || secretAccessKey !== undefined || sessionToken !== undefined) {
    const missing = accessKeyId === undefined ? 'AWS_ACCESS_KEY_ID' : 'AWS_SECRET_ACCESS_KEY';
    throw new FallbackError(
      'GW_ERR_FALLBACK_BAD_ENV',
      `${missing} is not set; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY together (or neither, to use the AWS SDK's default credentials such as an instance role)`,
    );
  }
  return { region, regionSource: awsRegion === undefined ? 'AWS_DEFAULT_REGION' : 'AWS_REGION', endpoint, credentials };
}
