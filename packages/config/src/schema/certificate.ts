import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { ForeignKey, Id, Nullable, Tags, Timestamp } from './schema-helpers.js';

const Pem = Type.String({ minLength: 1, pattern: '-----BEGIN ', 'x-message': 'must be PEM text (-----BEGIN ...)' });

export const CertificateSchema = Type.Object(
  {
    id: Id,
    cert: Pem,
    key: Pem,
    cert_alt: Nullable(Pem),
    key_alt: Nullable(Pem),
    tags: Tags,
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { additionalProperties: false },
);
export type Certificate = Omit<Static<typeof CertificateSchema>, 'created_at' | 'updated_at'> & { id: string };

/** A server name; `*.example.com` and `example.*` wildcards as Kong. */
export const SniSchema = Type.Object(
  {
    id: Id,
    name: Type.String({ minLength: 1, maxLength: 253, pattern: '^(\\*\\.)?[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*(\\.\\*)?$' }),
    certificate: ForeignKey('the certificate served for this name'),
    tags: Tags,
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { additionalProperties: false },
);
export type Sni = Omit<Static<typeof SniSchema>, 'created_at' | 'updated_at' | 'certificate'> & {
  id: string;
  certificate: { id: string };
};

export const CaCertificateSchema = Type.Object(
  {
    id: Id,
    cert: Pem,
    cert_digest: Nullable(Type.String({ pattern: '^[0-9a-f]{64}$' })),
    tags: Tags,
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { additionalProperties: false },
);
export type CaCertificate = Omit<Static<typeof CaCertificateSchema>, 'created_at' | 'updated_at'> & { id: string };
