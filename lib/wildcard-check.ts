// CamWildcardCheck: an aspect that reports every wildcard in the stack's CAM and COS policy
// documents, with a way to acknowledge one the platform forces (and why).
import { Annotations, IAspect, TerraformResource } from 'cdktf';
import { IConstruct } from 'constructs';

/** One wildcard found in a CAM or COS policy document. */
export interface WildcardFinding {
  /** Index of the statement in the document's `statement` list, from 0. */
  readonly statement: number;
  /** Whether the wildcard is an action (`*`, `name/cos:*`) or a resource (`*`, `qcs::cos:...:*`). */
  readonly field: 'action' | 'resource';
  /** The wildcard action or resource as written. */
  readonly value: string;
  /** The statement's actions, to match acknowledgements. */
  readonly actions: string[];
}

/**
 * A wildcard the platform forces, accepted with a written reason (cdk-nag style): the statement
 * with exactly these actions may have this wildcard resource.
 */
export interface WildcardAcknowledgement {
  /** The statement's actions, all of them (order does not matter). */
  readonly actions: string[];
  /** The wildcard resource accepted on that statement, e.g. `*`. */
  readonly resource: string;
  /** Why the platform needs the wildcard (at least 20 characters), shown in the info annotation. */
  readonly reason: string;
}

const ACKNOWLEDGEMENTS = 'ckafka-cos-backup/wildcard-acknowledgement';

/** Records on a policy resource that one wildcard is deliberate; CamWildcardCheck then reports it as info. */
export function acknowledgeWildcard(resource: IConstruct, acknowledgement: WildcardAcknowledgement): void {
  if (acknowledgement.reason.trim().length < 20) {
    throw new Error(
      `acknowledgeWildcard: the reason ${JSON.stringify(acknowledgement.reason)} must say why the platform needs the wildcard`,
    );
  }
  resource.node.addMetadata(ACKNOWLEDGEMENTS, acknowledgement);
}

function acknowledgementFor(node: IConstruct, finding: WildcardFinding): WildcardAcknowledgement | undefined {
  return node.node.metadata
    .filter((m) => m.type === ACKNOWLEDGEMENTS)
    .map((m) => m.data as WildcardAcknowledgement)
    .find(
      (a) =>
        finding.field === 'resource' &&
        a.resource === finding.value &&
        a.actions.length === finding.actions.length &&
        a.actions.every((x) => finding.actions.includes(x)),
    );
}

/** `*`, `name/*:*` or `name/cos:*`: an action list that grants a whole service or more. */
function isWildcardAction(action: string): boolean {
  return action === '*' || action.endsWith(':*');
}

/** `*`, or a six-segment string whose resource part is only `*` (`qcs::cos:ap-x:uid/1:*`). */
function isWildcardResource(resource: string): boolean {
  if (resource === '*') return true;
  const segments = resource.split(':');
  return segments.length >= 6 && segments.slice(5).join(':') === '*';
}

/** Lists every wildcard action and resource of a policy document given as JSON text. */
export function findWildcards(documentJson: string): WildcardFinding[] {
  let document: { statement?: { action?: unknown; resource?: unknown }[] };
  try {
    document = JSON.parse(documentJson);
  } catch {
    return []; // Documents with unresolved parts are checked by the provider at apply time.
  }
  const findings: WildcardFinding[] = [];
  (document.statement ?? []).forEach((statement, index) => {
    const actions = (Array.isArray(statement.action) ? statement.action : [statement.action]).map(String);
    for (const field of ['action', 'resource'] as const) {
      const raw = statement[field];
      const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
      for (const value of values) {
        const wildcard = field === 'action' ? isWildcardAction(String(value)) : isWildcardResource(String(value));
        if (wildcard) findings.push({ statement: index, field, value: String(value), actions });
      }
    }
  });
  return findings;
}

const POLICY_ARGUMENTS: Record<string, string> = {
  tencentcloud_cam_policy: 'document',
  tencentcloud_cam_role: 'document',
  tencentcloud_cos_bucket_policy: 'policy',
};

/**
 * An aspect that reports every wildcard action or resource in the CAM and bucket policies of a
 * stack as an error annotation, one per wildcard. Add it to your own stack to check the policies
 * you write next to the backup: `Aspects.of(stack).add(new CamWildcardCheck())`.
 */
export class CamWildcardCheck implements IAspect {
  /**
   * Called by cdktf for every construct at synth: annotates a `tencentcloud_cam_policy`,
   * `tencentcloud_cam_role` (trust document) or `tencentcloud_cos_bucket_policy` with an error per
   * wildcard, or an info line when `acknowledgeWildcard` accepted it.
   */
  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource)) return;
    const argument = POLICY_ARGUMENTS[node.terraformResourceType];
    if (!argument) return;
    const attributes = (node as unknown as { synthesizeAttributes(): Record<string, unknown> }).synthesizeAttributes();
    const document = attributes[argument];
    if (typeof document !== 'string') return;
    for (const finding of findWildcards(document)) {
      const acknowledged = acknowledgementFor(node, finding);
      if (acknowledged) {
        Annotations.of(node).addInfo(
          `${node.terraformResourceType}.${argument}: statement ${finding.statement} has the wildcard ${finding.field} ` +
            `${JSON.stringify(finding.value)}, acknowledged: ${acknowledged.reason}`,
        );
        continue;
      }
      Annotations.of(node).addError(
        `${node.terraformResourceType}.${argument}: statement ${finding.statement} has the wildcard ${finding.field} ` +
          `${JSON.stringify(finding.value)}; scope it to the actions and resources the workload needs`,
      );
    }
  }
}
