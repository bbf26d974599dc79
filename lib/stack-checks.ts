import { TerraformStack, Token } from 'cdktf';
import { Construct, IValidation } from 'constructs';
import { TencentcloudProvider } from '../.gen/providers/tencentcloud/provider';
import { CkafkaCosBackupProps } from './props';

/**
 * Checks that need the rest of the stack (the provider, other backups), so they run at synth
 * time through `node.addValidation`, after the whole stack is built. Each problem names the prop,
 * the value and the rule, like the prop checks.
 */
export class StackChecks implements IValidation {
  /** Every backup's props, so each can find the others in its stack. */
  private static readonly backups = new WeakMap<Construct, CkafkaCosBackupProps>();

  constructor(
    private readonly backup: Construct,
    private readonly props: CkafkaCosBackupProps,
  ) {
    StackChecks.backups.set(backup, props);
  }

  validate(): string[] {
    return [...this.regionProblems(), ...this.nameProblems()];
  }

  /** The default provider's region, when it is a literal (otherwise it comes from the environment). */
  private providerRegion(): string | undefined {
    const providers = TerraformStack.of(this.backup)
      .node.findAll()
      .filter((c): c is TencentcloudProvider => c instanceof TencentcloudProvider && c.alias === undefined);
    const region = providers[0]?.region;
    return region === undefined || Token.isUnresolved(region) ? undefined : region;
  }

  private regionProblems(): string[] {
    const providerRegion = this.providerRegion();
    if (!providerRegion) return [];
    const problems: string[] = [];
    const { createBucket, bucket, region } = this.props;
    const literal = (value: string | undefined): value is string => value !== undefined && !Token.isUnresolved(value);
    if (literal(createBucket?.region) && createBucket.region !== providerRegion) {
      problems.push(`createBucket.region: "${createBucket.region}" must be the provider's region ("${providerRegion}"): the provider creates the bucket there`);
    }
    if (literal(region) && region !== providerRegion) {
      problems.push(`region: "${region}" must be the provider's region ("${providerRegion}"): the function is created there and its CAM resource strings name it`);
    } else if (region === undefined && bucket && literal(bucket.region) && bucket.region !== providerRegion) {
      problems.push(`bucket.region: "${bucket.region}" is not the provider's region ("${providerRegion}"): set region: "${providerRegion}" for the function, whose CAM resource strings name its region`);
    }
    return problems;
  }

  /** CAM role and policy names are unique in the account, function names in the namespace. */
  private nameProblems(): string[] {
    const name = this.props.functionName;
    if (Token.isUnresolved(name)) return [];
    const others = TerraformStack.of(this.backup)
      .node.findAll()
      .filter((c) => c !== this.backup && StackChecks.backups.get(c)?.functionName === name);
    const earlier = others.filter((c) => c.node.path < this.backup.node.path);
    return earlier.length > 0
      ? [`functionName: "${name}" is also used by ${earlier[0].node.path}: the function, its role "${name}-role" and policy "${name}-policy" need names of their own`]
      : [];
  }
}
