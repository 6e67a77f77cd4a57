import type { Settings } from '@gatehouse/config';
import { readClusterTls } from '@gatehouse/protocol';
import type { ClusterTls } from '@gatehouse/protocol';
import type { Logger } from 'pino';

/**
 * The cluster TLS material from node settings: cluster_cert/key (and cluster_ca_cert in pki
 * mode), or plain ws:// only with cluster_allow_plaintext — loudly logged.
 */
export async function clusterTlsFromSettings(settings: Settings, log: Logger): Promise<ClusterTls> {
  if (settings.cluster_allow_plaintext) {
    log.warn(
      { code: 'GW_ERR_CLUSTER_PLAINTEXT' },
      'cluster_allow_plaintext = on: cluster traffic is NOT encrypted or authenticated; anyone who can reach the control plane can join. Development only.',
    );
    return { mode: 'plaintext' };
  }
  return readClusterTls({
    mode: settings.cluster_mtls,
    certPath: settings.cluster_cert,
    keyPath: settings.cluster_cert_key,
    caPath: settings.cluster_ca_cert,
    serverName: settings.cluster_server_name,
  });
}
