import type { Client as ScfClient } from 'tencentcloud-sdk-nodejs-scf/tencentcloud/services/scf/v20180416/scf_client';
import type { Client as SsmClient } from 'tencentcloud-sdk-nodejs-ssm/tencentcloud/services/ssm/v20190923/ssm_client';
import { CloudCredentials } from './credentials';

/**
 * Cloud API 3.0 clients. Inside a VPC the `<service>.internal.tencentcloudapi.com` hosts are
 * reachable without public network access; an override URL (tests, private endpoints) wins.
 * The SDKs are loaded on first use: most runs neither fan out nor read a secret, and loading
 * their HTTP stack is a good part of a cold start.
 */
function clientOptions(service: string, region: string, credentials: CloudCredentials, overrideUrl?: string) {
  const url = new URL(overrideUrl ?? `https://${service}.internal.tencentcloudapi.com`);
  return {
    credential: { secretId: credentials.secretId, secretKey: credentials.secretKey, token: credentials.sessionToken },
    region,
    profile: {
      httpProfile: { endpoint: url.host + url.pathname.replace(/\/$/, ''), protocol: `${url.protocol}//`, reqTimeout: 30 },
    },
  };
}

export async function scfClient(region: string, credentials: CloudCredentials, overrideUrl?: string): Promise<ScfClient> {
  const { Client } = await import('tencentcloud-sdk-nodejs-scf/tencentcloud/services/scf/v20180416/scf_client');
  return new Client(clientOptions('scf', region, credentials, overrideUrl));
}

export async function ssmClient(region: string, credentials: CloudCredentials, overrideUrl?: string): Promise<SsmClient> {
  const { Client } = await import('tencentcloud-sdk-nodejs-ssm/tencentcloud/services/ssm/v20190923/ssm_client');
  return new Client(clientOptions('ssm', region, credentials, overrideUrl));
}
