// Kafka takes IPv6 bootstrap addresses in brackets (`[::1]:9093`), and so do the construct and
// the handler's settings. This runs the bundled handler with its only seed broker on [::1]: a
// TCP relay there forwards to the mock broker (which listens on IPv4 only); the brokers the
// metadata then names are reached directly.
import * as net from 'net';
import { validateProps } from '../../lib/validation';
import { Peers, expectExactlyOnce, handlerEnv, readBackup, runTimer, startPeers } from '../support/backup-fixture';
import { produce } from '../support/kcat';
import { baseProps } from '../support/synth';

const TOPIC = 'v6';

/** A relay on [::1] to one IPv4 address, counting the connections it carried. */
async function relayOnIpv6Loopback(
  target: string,
): Promise<{ address: string; connections: () => number; close(): Promise<void> }> {
  const [host, port] = target.split(':');
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    connections += 1;
    const upstream = net.connect(Number(port), host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '::1', resolve));
  const { port: relayPort } = server.address() as net.AddressInfo;
  return {
    address: `[::1]:${relayPort}`,
    connections: () => connections,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('an IPv6 bootstrap address works end to end', () => {
  let peers: Peers;

  beforeAll(async () => {
    peers = await startPeers([{ name: TOPIC, partitions: 2 }]);
    await produce(
      peers.kafka.bootstrap,
      TOPIC,
      Array.from({ length: 50 }, (_, i) => ({ partition: i % 2, value: Buffer.from(`v${i}`) })),
    );
  });
  afterAll(() => peers?.stop());

  test('the construct accepts [::1]:port and the handler backs up through it', async () => {
    const relay = await relayOnIpv6Loopback(peers.kafka.bootstrap.split(',')[0]);
    try {
      expect(validateProps(baseProps({ kafka: { ...baseProps().kafka, bootstrapServers: [relay.address] } }))).toEqual(
        [],
      );
      const run = await runTimer(handlerEnv(peers, TOPIC, { BACKUP_BOOTSTRAP_SERVERS: relay.address }));
      expect(run.error).toBeUndefined();
      expect(run.ok).toBe(true);
      expect(relay.connections()).toBeGreaterThan(0);
      expectExactlyOnce(
        await readBackup(peers.cos, TOPIC),
        new Map([
          [0, 25],
          [1, 25],
        ]),
      );
    } finally {
      await relay.close();
    }
  });
});
