import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { Describe, ForeignKey, Id, Nullable, Tags } from './schema-helpers.js';

const Pem = Type.String({ minLength: 1, pattern: '-----BEGIN ', 'x-message': 'must be PEM text (-----BEGIN ...)' });

export const CertificateSchema = Type.Object(
  {
    id: Id,
    cert: Describe(Pem, 'PEM certificate (with its chain) served on https listeners to clients whose SNI matches one of its `snis`.'),
    key: Describe(Pem, 'PEM private key of `cert`; it must match.'),
    cert_alt: Nullable(Pem, {
      description: 'An alternate PEM certificate (e.g. ECDSA beside RSA) for the same names, served to clients that prefer its key type; needs `key_alt`.',
    }),
    key_alt: Nullable(Pem, { description: 'PEM private key of `cert_alt`; it must match.' }),
    tags: Tags,
  },
  { additionalProperties: false },
);
export type Certificate = Static<typeof CertificateSchema> & { id: string };

/** A server name; `*.example.com` and `example.*` wildcards as Kong. */
export const SniSchema = Type.Object(
  {
    id: Id,
    name: Type.String({
      minLength: 1,
      maxLength: 253,
      pattern: '^(\\*\\.)?[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*(\\.\\*)?$',
      description: 'Server name the certificate is served for: exact, or a `*.example.com` / `example.*` wildcard; exact names win, then the longest wildcard.',
    }),
    certificate: ForeignKey('The certificate served for this name, by id (implicit when nested under it).', null),
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
    cert: Describe(
      Pem,
      'PEM CA certificate (it must carry the CA basic constraint), for services\' `ca_certificates`, which Gatehouse does not use yet.',
    ),
    cert_digest: Nullable(Type.String({ pattern: '^[0-9a-f]{64}$' }), {
      description: 'Kong: the hex SHA-256 digest of `cert`, which Kong computes; accepted as given, Gatehouse neither computes nor checks it.',
    }),
    tags: Tags,
  },
  { additionalProperties: false },
);
export type CaCertificate = Static<typeof CaCertificateSchema> & { id: string };
