// Access control of a test peer (COS server, Cloud API server): requests signed with a SecretId
// that has a policy are checked against it, as the real services check a role's requests against
// its CAM policy. Requests with other or no credentials (the test harness's own) are not checked.
//
// Every access control of this process is kept in a list, so that a test can be failed on any
// denial (see expectNoDenials), and enforcing peers are found by endpoint, so that a handler run
// pointed at them gets a role (see function-role.ts).
import { AccessRequest, PolicyDocument, evaluate } from './cam-policy';

export interface Denial {
  /** Which peer denied: `cos` or the Cloud API service (`scf`, `ssm`). */
  readonly service: string;
  readonly secretId: string;
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string>>;
  readonly why: string;
  /** The request as it arrived, e.g. `PUT /bucket/key?uploadId=...`. */
  readonly request: string;
}

export class AccessControl {
  private readonly policies = new Map<string, PolicyDocument>();
  /** Denied requests, oldest first. */
  readonly denied: Denial[] = [];

  constructor(readonly service: string) {
    everyControl.push(this);
  }

  /** Requests signed with `secretId` are checked against `policy` from now on (undefined: no longer). */
  setPolicy(secretId: string, policy: PolicyDocument | undefined): void {
    if (policy) this.policies.set(secretId, policy);
    else this.policies.delete(secretId);
  }

  /** Whether requests signed with `secretId` are checked (it has a policy: a role's keys). */
  checks(secretId: string | undefined): boolean {
    return secretId !== undefined && this.policies.has(secretId);
  }

  /** The first authorization the request lacks, recorded as denied; undefined when allowed or unchecked. */
  check(
    secretId: string | undefined,
    needs: AccessRequest[],
    request: string,
    service = this.service,
  ): Denial | undefined {
    const policy = secretId === undefined ? undefined : this.policies.get(secretId);
    if (!policy) return undefined;
    totals.checked++;
    for (const need of needs) {
      const decision = evaluate(policy, need);
      if (decision.allowed) continue;
      const why = [decision.reason, ...decision.findings.map((f) => `finding: ${f}`)].join('; ');
      const denial: Denial = {
        service,
        secretId: secretId!,
        action: need.action,
        resource: need.resource,
        ...(need.context ? { context: need.context } : {}),
        why,
        request,
      };
      this.denied.push(denial);
      totals.denied++;
      return denial;
    }
    return undefined;
  }
}

const everyControl: AccessControl[] = [];
/** Requests checked against a role's policy by every peer of this process, and how many were denied. */
const totals = { checked: 0, denied: 0 };

/** The counts so far, for the CAM_REPORT summary (backup-fixture.ts). */
export function accessTotals(): { checked: number; denied: number } {
  return { ...totals };
}
const enforcing = new Map<string, AccessControl>();

/** Makes the peer at `endpoint` receive the policies of handler runs pointed at it. */
export function registerEnforcingPeer(endpoint: string, control: AccessControl): void {
  enforcing.set(endpoint, control);
}

export function unregisterEnforcingPeer(endpoint: string): void {
  enforcing.delete(endpoint);
}

export function enforcingPeerAt(endpoint: string | undefined): AccessControl | undefined {
  return endpoint === undefined ? undefined : enforcing.get(endpoint);
}

/** All denials so far of every peer of this process, which count as seen from now on. */
export function takeDenials(): Denial[] {
  return everyControl.flatMap((control) => control.denied.splice(0));
}

export function formatDenial(d: Denial): string {
  const context = d.context ? ` with ${JSON.stringify(d.context)}` : '';
  return `${d.service}: ${d.action} on ${d.resource}${context} (${d.request}): ${d.why}`;
}

/** Throws, listing them, when any peer denied a request since the last look. */
export function expectNoDenials(): void {
  const denials = takeDenials();
  if (denials.length === 0) return;
  const perAction = new Map<string, number>();
  for (const d of denials) perAction.set(d.action, (perAction.get(d.action) ?? 0) + 1);
  const summary = [...perAction].map(([action, n]) => `${action} x${n}`).join(', ');
  const shown = denials.slice(0, MAX_LISTED).map((d) => `  - ${formatDenial(d)}`);
  if (denials.length > MAX_LISTED) shown.push(`  ... and ${denials.length - MAX_LISTED} more`);
  throw new Error(
    `the role's CAM policy denied ${denials.length} request(s) (${summary}); ` +
      `real COS/SCF/SSM would answer 403 / AuthFailure:\n${shown.join('\n')}`,
  );
}

const MAX_LISTED = 12;
