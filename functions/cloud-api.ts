// The Tencent Cloud API clients the handler needs (SCF for fan-out, SSM for the SASL password),
// loaded only when a run uses them; a function without public network access uses the private host.
import type { Client as ScfClient } from 'tencentcloud-sdk-nodejs-scf/tencentcloud/services/scf/v20180416/scf_client';
import type { Client as SsmClient } from 'tencentcloud-sdk-nodejs-ssm/tencentcloud/services/ssm/v20190923/ssm_client';
import { CloudCredentials } from '../clients';

/**
 * Where a Cloud API 3.0 service is called: its public host, or, for a function without public
 * network access, `<service>.internal.tencentcloudapi.com` (Tencent Cloud's private-network API
 * host; whether an SCF function in a VPC reaches it is not documented, see the README).
 */
export function cloudApiUrl(service: string, publicNetwork: boolean): string {
  return publicNetwork ? `https://${service}.tencentcloudapi.com` : `https://${service}.internal.tencentcloudapi.com`;
}

/**
 * Cloud API 3.0 clients at the given URL. The SDKs are loaded on first use: most runs neither
 * fan out nor read a secret, and loading their HTTP stack is a good part of a cold start.
 */
function clientOptions(region: string, credentials: CloudCredentials, endpointUrl: string) {
  const url = new URL(endpointUrl);
  return {
    credential: { secretId: credentials.secretId, secretKey: credentials.secretKey, token: credentials.sessionToken },
    region,
    profile: {
      httpProfile: {
        endpoint: url.host + url.pathname.replace(/\/$/, ''),
        protocol: `${url.protocol}//`,
        reqTimeout: 30,
      },
    },
  };
}

export async function scfClient(
  region: string,
  credentials: CloudCredentials,
  endpointUrl: string,
): Promise<ScfClient> {
  const { Client } = await import('tencentcloud-sdk-nodejs-scf/tencentcloud/services/scf/v20180416/scf_client');
  return new Client(clientOptions(region, credentials, endpointUrl));
}

export async function ssmClient(
  region: string,
  credentials: CloudCredentials,
  endpointUrl: string,
): Promise<SsmClient> {
  const { Client } = await import('tencentcloud-sdk-nodejs-ssm/tencentcloud/services/ssm/v20190923/ssm_client');
  return new Client(clientOptions(region, credentials, endpointUrl));
}
