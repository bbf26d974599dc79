// `npm run demo -- --keep`: after the backup the demo keeps its Kafka broker and COS server
// running, prints CLI commands that work as printed (run here through a shell, as pasted), and
// stops both servers on SIGINT, exiting 0.
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../support/repo-root';

const RUN_TS = path.join(REPO_ROOT, 'scripts', 'run-ts.js');
const DEMO = ['scripts/demo.ts'];

/** The demo as `npm run demo -- <args>` starts it, after npm's bundling steps (done by the test setup). */
function startDemo(...args: string[]): ChildProcess {
  return spawn(process.execPath, [RUN_TS, ...DEMO, ...args], {
    cwd: REPO_ROOT,
    // npm names the directory it was started from; the printed paths are relative to it.
    env: { ...process.env, INIT_CWD: REPO_ROOT },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves with `host:port` refused, rejects when something still listens there. */
function expectClosed(hostPort: string): Promise<void> {
  const [host, port] = [hostPort.slice(0, hostPort.lastIndexOf(':')), Number(hostPort.split(':').pop())];
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    socket.on('connect', () => {
      socket.destroy();
      reject(new Error(`${hostPort} still accepts connections`));
    });
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNREFUSED' ? resolve() : reject(error)));
  });
}

describe('npm run demo -- --keep', () => {
  let demo: ChildProcess;
  let stdout = '';
  let stderr = '';
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  let home: string;
  /** What the demo printed to paste: the environment line, the commands and where to run them. */
  let printed: { env: string; commands: Record<string, string>; cwd: string };

  beforeAll(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-home-'));
    demo = startDemo('--keep');
    demo.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    demo.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    exited = new Promise((resolve) => demo.on('close', (code, signal) => resolve({ code, signal })));
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (stdout.includes('Press Ctrl-C')) resolve();
        else if (demo.exitCode !== null) reject(new Error(`the demo exited early:\n${stdout}\n${stderr}`));
        else return;
        clearInterval(timer);
      }, 100);
    });
    const lines = stdout.split('\n').map((l) => l.trim());
    const commands: Record<string, string> = {};
    for (const line of lines) {
      const command = /^node \S*dist\/cli\/index\.js (ls|verify|status|restore) /.exec(line);
      if (command) commands[command[1]] = line;
    }
    printed = {
      env: lines.find((l) => l.startsWith('export '))!,
      commands,
      cwd: /Try the CLI on the backup in another shell, from (.+):$/m.exec(stdout)![1],
    };
  }, 120_000);

  afterAll(() => {
    // Only if a test failed before the SIGINT one: the broker child exits when its stdin closes.
    if (demo.exitCode === null && demo.signalCode === null) demo.kill('SIGKILL');
    fs.rmSync(home, { recursive: true, force: true });
  });

  /** One printed command, pasted into a shell after the printed environment line. */
  function paste(name: string) {
    const run = spawnSync('bash', ['-c', `${printed.env}\n${printed.commands[name]}`], {
      cwd: printed.cwd,
      // Nothing of the test's environment: only what the printed line exports.
      env: { PATH: process.env.PATH ?? '', HOME: home },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  }

  test('prints the endpoint environment and the ls, verify, status and restore commands', () => {
    expect(printed.cwd).toBe(REPO_ROOT);
    expect(printed.env).toMatch(
      /^export BACKUP_COS_ENDPOINT=http:\/\/127\.0\.0\.1:\d+ TENCENTCLOUD_SECRETID=\S+ TENCENTCLOUD_SECRETKEY=\S+$/,
    );
    expect(Object.keys(printed.commands).sort()).toEqual(['ls', 'restore', 'status', 'verify']);
    expect(printed.commands.ls).toBe(
      'node dist/cli/index.js ls --bucket backup-1250000000 --region ap-guangzhou --prefix kafka/',
    );
    expect(printed.commands.restore).toContain(' --to-topic orders-restored ');
  });

  test('ls works as printed and lists the three objects', () => {
    const ls = paste('ls');
    expect(ls).toMatchObject({ code: 0, stderr: '' });
    expect(ls.stdout.split('\n')[0]).toBe('Backup cos://backup-1250000000/kafka/ckafka-test1234/');
    const rows = ls.stdout.split('\n').filter((l) => l.startsWith('orders '));
    expect(rows).toHaveLength(3);
    rows.forEach((row, partition) =>
      expect(row).toMatch(new RegExp(`^orders\\s+${partition}\\s+1\\s+.*\\s1000\\s+0-999\\s+0\\s`)),
    );
  });

  test('verify works as printed and finds the backup complete', () => {
    const verify = paste('verify');
    expect(verify).toMatchObject({ code: 0, stderr: '' });
    expect(verify.stdout).toMatch(
      /^OK: 3 objects, [\d.]+ KiB, 3000 records in cos:\/\/backup-1250000000\/kafka\/ckafka-test1234\/orders\/\n$/,
    );
  });

  test('status and restore work as printed', () => {
    const status = paste('status');
    expect(status).toMatchObject({ code: 0, stderr: '' });
    // With --bootstrap: every partition's end offset is 1000, none behind.
    expect(status.stdout.split('\n').filter((l) => /^orders\s+\d\s.*\s1000\s+0$/.test(l))).toHaveLength(3);

    const restore = paste('restore');
    expect(restore).toMatchObject({ code: 0, stderr: '' });
    expect(restore.stdout).toContain('Restored 3000 records of orders into orders-restored');
  });

  test('stops both servers on SIGINT and exits 0', async () => {
    const cos = new URL(/BACKUP_COS_ENDPOINT=(\S+)/.exec(printed.env)![1]).host;
    const brokers = /--bootstrap (\S+)/.exec(printed.commands.status)![1].split(',');
    const checkpointDir = path.dirname(/--checkpoint (\S+)/.exec(printed.commands.restore)![1]);
    expect(fs.existsSync(checkpointDir)).toBe(true);

    demo.kill('SIGINT');
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(stdout).toMatch(/SIGINT: stopping the Kafka broker and the COS server \.\.\.\nStopped\.\n$/);
    expect(stderr).toBe('');
    await Promise.all([cos, ...brokers].map(expectClosed));
    expect(fs.existsSync(checkpointDir)).toBe(false);
  });
});

describe('npm run demo -- <unknown option>', () => {
  test('says which option it does not know and exits 1 before starting anything', async () => {
    const demo = startDemo('--kepp');
    let stderr = '';
    demo.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise((resolve) => demo.on('close', resolve));
    expect(code).toBe(1);
    expect(stderr).toBe("error: unknown option '--kepp'\n(Did you mean --keep?)\n(add --help for usage)\n");
  });
});
