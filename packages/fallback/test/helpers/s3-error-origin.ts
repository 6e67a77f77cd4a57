// A local HTTP server that answers every request the way S3 answers a failing one: a status and
// an XML <Error> body (none for HEAD), as documented in the S3 API reference ("Error responses").
// Used as AWS_CONFIG_STORAGE_ENDPOINT to test what s3rver cannot produce (it checks no signatures).
import { startOrigin } from '@gatehouse/testkit';
import type { Origin } from '@gatehouse/testkit';

export interface S3ErrorReply {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  /** Extra XML elements S3 adds for this error, e.g. <Region> or <AWSAccessKeyId>. */
  readonly extra?: Record<string, string>;
  readonly headers?: Record<string, string>;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function s3ErrorXml(reply: S3ErrorReply): string {
  const extra = Object.entries(reply.extra ?? {}).map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`).join('');
  return '<?xml version="1.0" encoding="UTF-8"?>\n'
    + `<Error><Code>${reply.code}</Code><Message>${escapeXml(reply.message)}</Message>${extra}`
    + '<RequestId>4442587FB7D0A2F9</RequestId><HostId>bWFkZS11cC1ob3N0LWlk</HostId></Error>';
}

export function startS3ErrorOrigin(reply: S3ErrorReply): Promise<Origin> {
  return startOrigin({
    name: 's3-errors',
    handler: (req, res) => {
      res.writeHead(reply.status, { 'content-type': 'application/xml', 'x-amz-request-id': '4442587FB7D0A2F9', ...(reply.headers ?? {}) });
      res.end(req.method === 'HEAD' ? undefined : s3ErrorXml(reply));
    },
  });
}
