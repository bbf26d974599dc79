// What this suite proves: every line the handler writes reaches SCF's log as one JSON object with
// `level` and `event`, so SCF parses it into fields that CLS can index and alarm on. The test
// runtime prefixes console output with the time and request id as SCF's Node.js runtimes may
// (cn 583/46772): a line printed with console.log would fail here.
import { BUCKET, Peers, handlerEnv, startPeers } from '../support/backup-fixture';
import { produce } from '../support/kcat';
import { Invocation } from '../support/scf-runtime';
import { runTimer } from '../support/fault-harness';

const LEVELS = ['debug', 'info', 'warn', 'error'];

/** The log lines of a run as SCF's pipeline would split them: stdout, one line each. */
function logLinesOf(run: Invocation): string[] {
  return run.stdout
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('SCF_RESULT ') && !line.startsWith('SCF_ERROR '));
}

function expectJsonLines(run: Invocation): Record<string, unknown>[] {
  const lines = logLinesOf(run);
  expect(lines.length).toBeGreaterThan(2);
  return lines.map((line) => {
    let parsed: unknown;
    expect(() => (parsed = JSON.parse(line))).not.toThrow();
    expect(parsed).toEqual(expect.objectContaining({ level: expect.any(String), event: expect.any(String) }));
    expect(LEVELS).toContain((parsed as { level: string }).level);
    return parsed as Record<string, unknown>;
  });
}

describe('log lines as SCF receives them', () => {
  let peers: Peers;

  beforeAll(async () => {
    peers = await startPeers([{ name: 'logged', partitions: 2 }]);
    await produce(
      peers.kafka.bootstrap,
      'logged',
      Array.from({ length: 20 }, (_, i) => ({ partition: i % 2, value: Buffer.from(`v${i}`) })),
    );
  });
  afterAll(() => peers?.stop());

  test('a run that backs up records: every line on stdout is one JSON object, errors included', async () => {
    const env = handlerEnv(peers, 'logged', { BACKUP_PREFIX: 'ok/' });
    const run = await runTimer(env);
    expect(run.ok).toBe(true);
    const events = expectJsonLines(run).map((l) => l.event);
    expect(events).toEqual(expect.arrayContaining(['object-written', 'run-finished']));
    // Nothing on stderr either: SCF would ship it as unparsed text.
    expect(run.stderr).toBe('');
  });

  test('a run that fails: its error lines are JSON on stdout too', async () => {
    peers.cos.faults.add({ match: { method: 'PUT', keyPrefix: 'failing/' }, action: { status: 500 }, times: 1000 });
    const env = handlerEnv(peers, 'logged', { BACKUP_PREFIX: 'failing/', BACKUP_CONSUMER_GROUP: 'failing-group' });
    const run = await runTimer(env);
    peers.cos.faults.clear();
    expect(run.ok).toBe(false);
    const lines = expectJsonLines(run);
    expect(lines.filter((l) => l.level === 'error').length).toBeGreaterThan(0);
    expect(await peers.cos.listObjects(BUCKET, 'failing/')).toEqual([]);
  });
});
