import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { ForeignKey, Id, Nullable, Tags } from './schema-helpers.js';

const Pem = Type.String({ minLength: 1, pattern: '-----BEGIN ', 'x-message': 'must be PEM text (-----BEGIN ...)' });

export const CertificateSchema = Type.Object(
  {
    id: Id,
    cert: Pem,
    key: Pem,
    cert_alt: Nullable(Pem),
    key_alt: Nullable(Pem),
    tags: Tags,
  },
  { additionalProperties: false },
);
export type Certificate = Static<typeof CertificateSchema> & { id: string };

/** A server name; `*.example.com` and `example.*` wildcards as Kong. */
export const SniSchema = Type.Object(
  {
    id: Id,
    name: Type.String({ minLength: 1, maxLength: 253, pattern: '^(\\*\\.)?[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*(\\.\\*)?$' }),
    certificate: ForeignKey('the certificate served for this name'),
    tags: Tags,
  },
  { additionalProperties: false },
);
export type Sni = Omit<Static<typeof SniSchema>, 'certificate'> & {
  id: string;
  certificate: { id: string };
};

export const CaCertificateSchema = Type.Object(
  {
    id: Id,
    cert: Pem,
    cert_digest: Nullable(Type.String({ pattern: '^[0-9a-f]{64}$' })),
    tags: Tags,
  },
  { additionalProperties: false },
);
export type CaCertificate = Static<typeof CaCertificateSchema> & { id: string };
