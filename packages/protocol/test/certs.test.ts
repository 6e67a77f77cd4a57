import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { tempDir } from '@gatehouse/testkit';
import type { ClusterError } from '../src/index.js';
import { generateCa, generateSharedCert, issueNodeCert, readClusterTls, writeCertFiles } from '../src/index.js';

describe('cluster certificates', () => {
  test('the shared cert is self-signed EC P-256 with Kong-like defaults', async () => {
    const pair = await generateSharedCert();
    const cert = new X509Certificate(pair.certPem);
    assert.equal(cert.subject, 'CN=gatehouse_cluster');
    assert.ok(cert.checkIssued(cert));
    assert.equal(cert.ca, false);
    assert.ok(cert.checkPrivateKey(createPrivateKey(pair.keyPem)));
    assert.equal(cert.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    const days = (Date.parse(cert.validTo) - Date.now()) / 86_400_000;
    assert.ok(days > 1093 && days < 1096, `valid for ${days} days`);
  });

  test('a CA issues node certs with the server names nodes check', async () => {
    const ca = await generateCa({ commonName: 'test-ca', days: 30 });
    const caCert = new X509Certificate(ca.certPem);
    assert.equal(caCert.ca, true);
    const node = await issueNodeCert(ca, { commonName: 'cp-1', serverNames: ['cp.cluster.internal', '127.0.0.1'] });
    const cert = new X509Certificate(node.certPem);
    assert.ok(cert.checkIssued(caCert));
    assert.ok(cert.verify(caCert.publicKey));
    assert.equal(cert.checkHost('cp.cluster.internal'), 'cp.cluster.internal');
    assert.equal(cert.checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(cert.subject, 'CN=cp-1');
  });

  test('invalid options are refused with a code', async () => {
    await assert.rejects(generateSharedCert({ days: 0 }), (e: ClusterError) => e.code === 'GW_ERR_CLUSTER_CERT_INVALID');
    await assert.rejects(generateSharedCert({ commonName: 'x'.repeat(65) }), (e: ClusterError) => e.code === 'GW_ERR_CLUSTER_CERT_INVALID');
  });

  test('files: key 0600, no overwrite without force', async (t) => {
    const dir = await tempDir();
    t.after(() => dir.cleanup());
    const pair = await generateSharedCert();
    const out = join(dir.path, 'certs');
    const written = await writeCertFiles(out, pair);
    assert.deepEqual(written, { certPath: join(out, 'cluster.crt'), keyPath: join(out, 'cluster.key') });
    assert.equal((await stat(written.keyPath)).mode & 0o777, 0o600);
    assert.equal(await readFile(written.certPath, 'utf8'), pair.certPem);
    const other = await generateSharedCert();
    await assert.rejects(writeCertFiles(out, other), (e: ClusterError) => e.code === 'GW_ERR_CLUSTER_CERT_EXISTS' && /--force/.test(e.message));
    assert.equal(await readFile(written.certPath, 'utf8'), pair.certPem);
    await writeCertFiles(out, other, { force: true });
    assert.equal(await readFile(written.keyPath, 'utf8'), other.keyPem);
    assert.equal((await stat(written.keyPath)).mode & 0o777, 0o600);
  });

  test('readClusterTls checks that key, cert and CA belong together', async (t) => {
    const dir = await tempDir();
    t.after(() => dir.cleanup());
    const a = await writeCertFiles(dir.path, await generateSharedCert(), { name: 'a' });
    const b = await writeCertFiles(dir.path, await generateSharedCert(), { name: 'b' });
    const ok = await readClusterTls({ mode: 'shared', certPath: a.certPath, keyPath: a.keyPath });
    assert.equal(ok.mode, 'shared');
    await assert.rejects(readClusterTls({ mode: 'shared', certPath: a.certPath, keyPath: b.keyPath }), /not the key of cluster_cert/);
    await assert.rejects(readClusterTls({ mode: 'shared', keyPath: a.keyPath }), /cluster_cert is required/);
    await assert.rejects(readClusterTls({ mode: 'pki', certPath: a.certPath, keyPath: a.keyPath, caPath: b.certPath }), /not issued by cluster_ca_cert/);
    await writeFile(join(dir.path, 'junk.crt'), 'junk');
    await assert.rejects(readClusterTls({ mode: 'shared', certPath: join(dir.path, 'junk.crt'), keyPath: a.keyPath }), (e: ClusterError) => e.code === 'GW_ERR_CLUSTER_TLS_CONFIG');
  });
});
