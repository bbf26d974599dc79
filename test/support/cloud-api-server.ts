import * as http from 'http';
import { AddressInfo } from 'net';

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
  stop(): Promise<void>;
}

export type ApiResponder = (call: ApiCall) => Record<string, unknown> | { error: { Code: string; Message: string } };

/**
 * A loopback server that speaks the Tencent Cloud API 3.0 JSON protocol (POST /, action in the
 * X-TC-Action header, answer wrapped in {"Response": ...}). Tests point BACKUP_SCF_ENDPOINT or
 * BACKUP_SSM_ENDPOINT at it and assert on the recorded calls.
 */
export async function startCloudApiServer(respond: ApiResponder): Promise<CloudApiServer> {
  const calls: ApiCall[] = [];
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
      const answer = respond(call);
      const requestId = `local-${++counter}`;
      const response = 'error' in answer ? { Error: answer.error, RequestId: requestId } : { ...answer, RequestId: requestId };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ Response: response }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
