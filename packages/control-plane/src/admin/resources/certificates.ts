// Certificates, their SNIs and CA certificates: /certificates/{id or sni}, /snis,
// /certificates/{certificate}/snis, /ca_certificates.

import type { ResourceDef } from './resource-def.js';

export const CERTIFICATES: ResourceDef = {
  type: 'certificates',
  collection: 'certificates',
  parents: [],
  // Kong: /certificates/{certificate id or sni name}.
  lookup: (snapshot, key) => {
    const sni = snapshot.byField('snis', 'name').get(key);
    const certificate = sni?.['certificate'] as { id: string } | null | undefined;
    return certificate ? snapshot.byId('certificates').get(certificate.id) : undefined;
  },
};

export const SNIS: ResourceDef = {
  type: 'snis',
  collection: 'snis',
  endpointKey: 'name',
  parents: [{ type: 'certificates', field: 'certificate', segment: 'snis' }],
};

export const CA_CERTIFICATES: ResourceDef = {
  type: 'ca_certificates',
  collection: 'ca_certificates',
  parents: [],
};
