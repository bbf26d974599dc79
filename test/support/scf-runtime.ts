// Runs the bundled handler as SCF does: a fresh process on Node.js 18.15 per invocation, with an
// SCF context and the role's credentials, its JSON logs collected, and crashes on cue.
import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import { PolicyDocument } from './cam-policy';
import { withFunctionRole } from './function-role';
import { REPO_ROOT as ROOT } from './repo-root';

/** SCF's default runtime is Nodejs18.15: the bundle runs on exactly that version (tools/scf-node/fetch.sh). */
export const SCF_NODE = path.join(ROOT, '.build', 'scf-node', 'node-v18.15.0', 'bin', 'node');
export const HANDLER_BUNDLE = path.join(ROOT, 'dist', 'handler');
const RUNNER = path.join(ROOT, 'test', 'support', 'scf-runner.js');

export interface LogLine {
  level: string;
  event: string;
  [field: string]: any;
}

export interface Invocation {
  ok: boolean;
  result?: any;
  error?: string;
  logs: LogLine[];
  /** Exit code, or null when the process was killed. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Everything the process wrote to stdout, as SCF's log pipeline receives it. */
  stdout: string;
  stderr: string;
}

export interface InvokeOptions {
  env: Record<string, string>;
  context?: Record<string, unknown>;
  /** Kills the process (SIGKILL) when a log line matches: a crash at that exact step. */
  killWhen?: (line: LogLine) => boolean;
  /**
   * Called on each log line: returns ms after which to SIGKILL the process, or undefined. So a
   * crash can come a little after the line (e.g. while a request sent after it waits for its
   * answer); only the first crash counts.
   */
  crashAfter?: (line: LogLine) => number | undefined;
  /** Kills the process (SIGKILL) when this settles: a run killed while a request of its is held. */
  killOn?: Promise<unknown>;
  /** Called on each log line, e.g. to act (inject a fault) at an exact step of the run. */
  onLine?: (line: LogLine) => void;
  timeoutMs?: number;
  /** Changes the role policy the construct writes, for this run (see function-role.ts). */
  rolePolicy?: (policy: PolicyDocument) => PolicyDocument;
}

/** Invokes the bundled handler in a fresh SCF-like process (a cold start) and collects its JSON logs. */
export function invokeHandler(event: unknown, options: InvokeOptions): Promise<Invocation> {
  const context = {
    request_id: `req-${Date.now()}`,
    function_name: 'orders-backup',
    namespace: 'default',
    time_limit_in_ms: 60_000,
    memory_limit_in_mb: 512,
    ...options.context,
  };
  // Against enforcing peers the run signs with its role's keys, checked against the construct's policy.
  const env = withFunctionRole(options.env, {
    functionName: context.function_name,
    namespace: context.namespace,
    event,
    editPolicy: options.rolePolicy,
  });
  const child: ChildProcess = spawn(
    SCF_NODE,
    [RUNNER, HANDLER_BUNDLE, JSON.stringify(event), JSON.stringify(context)],
    {
      env: {
        PATH: process.env.PATH ?? '',
        TENCENTCLOUD_SECRETID: 'test-id',
        TENCENTCLOUD_SECRETKEY: 'test-key',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const logs: LogLine[] = [];
  let stderr = '';
  let result: any;
  let error: string | undefined;
  let armed = false;
  const onLine = (line: string) => {
    if (line.startsWith('SCF_RESULT ')) result = JSON.parse(line.slice(11));
    else if (line.startsWith('SCF_ERROR ')) error = JSON.parse(line.slice(10)).message;
    if (!line.startsWith('{')) return;
    let parsed: LogLine;
    try {
      parsed = JSON.parse(line) as LogLine;
    } catch {
      return; // Not a log line.
    }
    logs.push(parsed);
    options.onLine?.(parsed);
    if (options.killWhen?.(parsed)) child.kill('SIGKILL');
    const delay = armed ? undefined : options.crashAfter?.(parsed);
    if (delay === undefined) return;
    armed = true;
    setTimeout(() => child.kill('SIGKILL'), delay);
  };
  const lines = (stream: NodeJS.ReadableStream, keep?: (chunk: string) => void) => {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      keep?.(chunk);
      const parts = (rest + chunk).split('\n');
      rest = parts.pop()!;
      parts.forEach(onLine);
    });
    stream.on('end', () => rest && onLine(rest));
  };
  let stdout = '';
  lines(child.stdout!, (chunk) => {
    stdout += chunk;
  });
  lines(child.stderr!, (chunk) => {
    stderr += chunk;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
  void options.killOn?.finally(() => child.kill('SIGKILL'));
  return new Promise((resolve) => {
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ ok: exitCode === 0, result, error, logs, exitCode, signal, stdout, stderr });
    });
  });
}
