// Checks of a backup that need the whole stack (provider version and region, names shared with
// another backup), run by cdktf's validation at synth time.
import { TerraformProvider, TerraformStack, Token } from 'cdktf';
import { Construct, IValidation } from 'constructs';
import { CkafkaCosBackupProps } from './props';

type StackProvider = TerraformProvider & { region?: string };

/** The provider release that added `tencentcloud_scf_trigger`. */
const MIN_PROVIDER = [1, 83, 16] as const;

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
    const provider = this.provider();
    return [...this.providerProblems(provider), ...this.regionProblems(provider), ...this.nameProblems()];
  }

  /**
   * The stack's default tencentcloud provider: ours or one from the user's own `cdktf get`
   * bindings (another class), so it is found by its Terraform type.
   */
  private provider(): StackProvider | undefined {
    return TerraformStack.of(this.backup)
      .node.findAll()
      .filter((c): c is TerraformProvider => c instanceof TerraformProvider)
      .find((p) => p.terraformResourceType === 'tencentcloud' && p.alias === undefined);
  }

  /** Bindings generated for a provider release older than the resources used here. */
  private providerProblems(provider: StackProvider | undefined): string[] {
    const version = provider?.terraformGeneratorMetadata?.providerVersion;
    if (!version || !/^\d+\.\d+\.\d+$/.test(version)) return [];
    const [major, minor, patch] = version.split('.').map(Number);
    const older = major * 1e6 + minor * 1e3 + patch < MIN_PROVIDER[0] * 1e6 + MIN_PROVIDER[1] * 1e3 + MIN_PROVIDER[2];
    return older
      ? [
          `provider: the tencentcloud bindings are for version ${version}; tencentcloud_scf_trigger needs ${MIN_PROVIDER.join('.')} or newer (regenerate them with "~> ${MIN_PROVIDER.join('.')}": cdktf get or cdktn get)`,
        ]
      : [];
  }

  /** The default provider's region, when it is a literal (otherwise it comes from the environment). */
  private providerRegion(provider: StackProvider | undefined): string | undefined {
    const region = provider?.region;
    return region === undefined || Token.isUnresolved(region) ? undefined : region;
  }

  private regionProblems(provider: StackProvider | undefined): string[] {
    const providerRegion = this.providerRegion(provider);
    if (!providerRegion) return [];
    const problems: string[] = [];
    const { createBucket, bucket, region } = this.props;
    const literal = (value: string | undefined): value is string => value !== undefined && !Token.isUnresolved(value);
    if (literal(createBucket?.region) && createBucket.region !== providerRegion) {
      problems.push(
        `createBucket.region: "${createBucket.region}" must be the provider's region ("${providerRegion}"): the provider creates the bucket there`,
      );
    }
    if (literal(region) && region !== providerRegion) {
      problems.push(
        `region: "${region}" must be the provider's region ("${providerRegion}"): the function is created there and its CAM resource strings name it`,
      );
    } else if (region === undefined && bucket && literal(bucket.region) && bucket.region !== providerRegion) {
      problems.push(
        `bucket.region: "${bucket.region}" is not the provider's region ("${providerRegion}"): set region: "${providerRegion}" for the function, whose CAM resource strings name its region`,
      );
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
      ? [
          `functionName: "${name}" is also used by ${earlier[0].node.path}: the function, its role "${name}-role" and policy "${name}-policy" need names of their own`,
        ]
      : [];
  }
}
