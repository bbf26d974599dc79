import { ENV, HANDLER_DEFAULTS as D } from './config-keys';

export type StartPosition =
  | { readonly kind: 'earliest' }
  | { readonly kind: 'latest' }
  | { readonly kind: 'timestamp'; readonly timestampMs: number };

export interface SaslConfig {
  readonly mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  readonly username: string;
  readonly secretName: string;
}

/** The handler's whole configuration, parsed once at cold start. */
export interface BackupConfig {
  readonly bucket: string;
  readonly bucketRegion: string;
  readonly prefix: string;
  readonly storageClass: string;
  readonly instanceId: string;
  readonly topic: string;
  readonly bootstrapServers: string[];
  readonly consumerGroup: string;
  readonly startPosition: StartPosition;
  readonly granularityMinutes: number;
  readonly maxObjectBytes: number;
  readonly partSizeBytes: number;
  readonly gzipLevel: number;
  readonly partitionsPerInvocation: number;
  readonly safetyMarginMs: number;
  readonly sasl?: SaslConfig;
  readonly kafkaTls: boolean;
  readonly functionRegion: string;
  readonly cosEndpoint?: string;
  readonly cosTimeoutMs: number;
  readonly scfEndpoint?: string;
  readonly ssmEndpoint?: string;
}

const MIB = 1024 * 1024;
/** COS multipart parts are at least 1 MB (the last may be smaller) and an object at most 5 GB for the metadata copy. */
const MIN_PART_BYTES = MIB;
const MAX_OBJECT_BYTES = 4096 * MIB;

/** Every configuration problem, reported together before anything touches Kafka or COS. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  required(name: string): string {
    const value = this.env[name];
    if (value === undefined || value.trim() === '') {
      this.problems.push(`${name} is missing (it must be set by the construct)`);
      return '';
    }
    return value.trim();
  }

  optional(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  integer(name: string, min: number, max: number, fallback?: number): number {
    const raw = fallback === undefined ? this.required(name) : this.optional(name);
    if (raw === undefined) return fallback!;
    if (raw === '') return 0;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      this.problems.push(`${name}=${JSON.stringify(raw)} must be an integer from ${min} to ${max}`);
    }
    return value;
  }

  url(name: string): string | undefined {
    const raw = this.optional(name);
    if (raw === undefined) return undefined;
    if (!/^https?:\/\/[^/\s]+/.test(raw)) {
      this.problems.push(`${name}=${JSON.stringify(raw)} must be an http(s) URL such as http://127.0.0.1:9000`);
    }
    return raw.replace(/\/+$/, '');
  }

  fail(name: string, value: string, rule: string): void {
    this.problems.push(`${name}=${JSON.stringify(value)} ${rule}`);
  }
}

function parseStartPosition(r: Reader, raw: string): StartPosition {
  if (raw === 'earliest' || raw === 'latest') return { kind: raw };
  const m = /^timestamp:(\d+)$/.exec(raw);
  if (m) return { kind: 'timestamp', timestampMs: Number(m[1]) };
  r.fail(ENV.startPosition, raw, 'must be "earliest", "latest" or "timestamp:<epoch ms>"');
  return { kind: 'earliest' };
}

function parseSasl(r: Reader): SaslConfig | undefined {
  const mechanism = r.optional(ENV.saslMechanism);
  if (mechanism === undefined) return undefined;
  const normalized = mechanism.toLowerCase();
  if (normalized !== 'plain' && normalized !== 'scram-sha-256' && normalized !== 'scram-sha-512') {
    r.fail(ENV.saslMechanism, mechanism, 'must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512');
  }
  return {
    mechanism: normalized as SaslConfig['mechanism'],
    username: r.required(ENV.saslUsername),
    secretName: r.required(ENV.saslSecretName),
  };
}

/** Parses and checks the environment; throws one ConfigError listing every problem. */
export function loadConfig(env: Env = process.env): BackupConfig {
  const r = new Reader(env);
  const prefix = env[ENV.prefix] ?? '';
  if (prefix !== '' && (!prefix.endsWith('/') || prefix.startsWith('/'))) {
    r.fail(ENV.prefix, prefix, 'must be empty or end with "/" and not start with "/"');
  }
  const bootstrap = r.required(ENV.bootstrapServers);
  const bootstrapServers = bootstrap.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const server of bootstrapServers) {
    if (!/^[^\s:]+:\d{1,5}$/.test(server)) r.fail(ENV.bootstrapServers, server, 'must be a comma-separated list of host:port');
  }
  const startRaw = r.optional(ENV.startPosition) ?? D.startPosition;
  const partSizeBytes = r.integer(ENV.partSizeBytes, MIN_PART_BYTES, 64 * MIB, D.partSizeMiB * MIB);
  const maxObjectBytes = r.integer(ENV.maxObjectBytes, MIN_PART_BYTES, MAX_OBJECT_BYTES, D.maxObjectMiB * MIB);
  const config: BackupConfig = {
    bucket: r.required(ENV.bucket),
    bucketRegion: r.required(ENV.bucketRegion),
    prefix,
    storageClass: r.optional(ENV.storageClass) ?? D.storageClass,
    instanceId: r.required(ENV.instanceId),
    topic: r.required(ENV.topic),
    bootstrapServers,
    consumerGroup: r.required(ENV.consumerGroup),
    startPosition: parseStartPosition(r, startRaw),
    granularityMinutes: r.integer(ENV.granularityMinutes, 1, 60, D.granularityMinutes),
    maxObjectBytes,
    partSizeBytes,
    gzipLevel: r.integer(ENV.gzipLevel, 1, 9, D.gzipLevel),
    partitionsPerInvocation: r.integer(ENV.partitionsPerInvocation, 1, 1000, D.partitionsPerInvocation),
    safetyMarginMs: r.integer(ENV.safetyMarginSeconds, 1, 300, D.safetyMarginSeconds) * 1000,
    sasl: parseSasl(r),
    kafkaTls: r.optional(ENV.kafkaTls) === 'true',
    functionRegion: r.optional(ENV.functionRegion) ?? env[ENV.bucketRegion] ?? '',
    cosEndpoint: r.url(ENV.cosEndpoint),
    cosTimeoutMs: r.integer(ENV.cosTimeoutMs, 100, 600_000, 60_000),
    scfEndpoint: r.url(ENV.scfEndpoint),
    ssmEndpoint: r.url(ENV.ssmEndpoint),
  };
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return config;
}
