import { Client as ScfClient } from 'tencentcloud-sdk-nodejs-scf/tencentcloud/services/scf/v20180416/scf_client';
import { Client as SsmClient } from 'tencentcloud-sdk-nodejs-ssm/tencentcloud/services/ssm/v20190923/ssm_client';
import { CloudCredentials } from './credentials';

/**
 * Cloud API 3.0 clients. Inside a VPC the `<service>.internal.tencentcloudapi.com` hosts are
 * reachable without public network access; an override URL (tests, private endpoints) wins.
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

export function scfClient(region: string, credentials: CloudCredentials, overrideUrl?: string): ScfClient {
  return new ScfClient(clientOptions('scf', region, credentials, overrideUrl));
}

export function ssmClient(region: string, credentials: CloudCredentials, overrideUrl?: string): SsmClient {
  return new SsmClient(clientOptions('ssm', region, credentials, overrideUrl));
}
