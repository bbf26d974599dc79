// A local Tencent Cloud API server (SCF, SSM) for the handler tests: records the calls, answers as
// the test says, and checks them against the role's policy.
import * as http from 'http';
import { AddressInfo } from 'net';
import { AccessControl, Denial, registerEnforcingPeer, unregisterEnforcingPeer } from './access-control';
import { AccessRequest, PolicyDocument } from './cam-policy';
import { TEST_ACCOUNT } from './test-account';

/** One Cloud API 3.0 call as it arrived: the action header and the JSON body. */
export interface ApiCall {
  action: string;
  service: string;
  body: any;
  authorization?: string;
}

export interface CloudApiServer {
  endpoint: string;
  calls: ApiCall[];
  /** Calls the policy denied (answered AuthFailure.UnauthorizedOperation). */
  denied: Denial[];
  /** Calls of `secretId` are checked against `policy` from now on (see AccessControl). */
  setPolicy(secretId: string, policy: PolicyDocument | undefined): void;
  stop(): Promise<void>;
}

export type ApiResponder = (call: ApiCall) => Record<string, unknown> | { error: { Code: string; Message: string } };

export interface CloudApiServerOptions {
  /** Receive the role policy of handler runs pointed at this server (function-role.ts). */
  enforce?: boolean;
  /** Owner of the functions and secrets in the resource strings. */
  ownerUin?: string;
  /** Creator of the secrets (the `creatorUin/<uin>` segment of an SSM resource). */
  secretCreatorUin?: string;
}

/**
 * A loopback server that speaks the Tencent Cloud API 3.0 JSON protocol (POST /, action in the
 * X-TC-Action header, answer wrapped in {"Response": ...}). Tests point BACKUP_SCF_ENDPOINT or
 * BACKUP_SSM_ENDPOINT at it and assert on the recorded calls.
 */
export async function startCloudApiServer(
  respond: ApiResponder,
  options: CloudApiServerOptions = {},
): Promise<CloudApiServer> {
  const calls: ApiCall[] = [];
  const access = new AccessControl('cloud-api');
  const ownerUin = options.ownerUin ?? TEST_ACCOUNT.ownerUin;
  const creatorUin = options.secretCreatorUin ?? TEST_ACCOUNT.uin;
  let counter = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const call: ApiCall = {
        action: String(req.headers['x-tc-action'] ?? ''),
        service: String(req.headers.host ?? ''),
        body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'),
        authorization: req.headers.authorization,
      };
      calls.push(call);
      const region = String(req.headers['x-tc-region'] ?? '');
      const need = authorizationOf(call, region, ownerUin, creatorUin);
      const secretId = /Credential=([^/]+)\//.exec(call.authorization ?? '')?.[1];
      const denial = access.check(
        secretId,
        [need],
        `${call.action} ${JSON.stringify(call.body)}`,
        need.action.split(/[/:]/)[1],
      );
      const answer = denial
        ? {
            error: {
              Code: 'AuthFailure.UnauthorizedOperation',
              Message: `you are not authorized to perform ${denial.action} on ${denial.resource}`,
            },
          }
        : respond(call);
      const requestId = `local-${++counter}`;
      const response =
        'error' in answer ? { Error: answer.error, RequestId: requestId } : { ...answer, RequestId: requestId };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ Response: response }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  if (options.enforce) registerEnforcingPeer(endpoint, access);
  return {
    endpoint,
    calls,
    denied: access.denied,
    setPolicy: (secretId, policy) => access.setPolicy(secretId, policy),
    stop: () => {
      unregisterEnforcingPeer(endpoint);
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The CAM action and resource of a call (the ones the handler makes; others get their own name on `*`). */
function authorizationOf(call: ApiCall, region: string, ownerUin: string, creatorUin: string): AccessRequest {
  if (call.action === 'Invoke') {
    const namespace = call.body.Namespace || 'default';
    return {
      action: 'name/scf:InvokeFunction',
      resource: `qcs::scf:${region}:uin/${ownerUin}:namespace/${namespace}/function/${call.body.FunctionName}`,
    };
  }
  if (call.action === 'GetSecretValue' || call.action === 'ListSecretVersionIds') {
    return {
      action: `name/ssm:${call.action}`,
      resource: `qcs::ssm:${region}:uin/${ownerUin}:secret/creatorUin/${creatorUin}/${call.body.SecretName}`,
    };
  }
  return { action: `name/unknown:${call.action}`, resource: '*' };
}
