// What this suite proves: one backup for many topics on the construct's side. `kafka.topics` and
// `kafka.topicPattern` are checked at synth with messages that name the prop, the value and the
// rule; the function, its timer and its policy say in words which topics they serve, and the
// role reaches each named topic's keys, or the instance's with a pattern.
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { CkafkaCosBackup, CkafkaCosBackupProps } from '../../lib';
import { handlerEnvironment } from '../../lib/handler-settings';
import { SCF_DESCRIPTION } from '../../lib/scf-description';
import { baseProps, makeScope, parse, synthBackup } from '../support/synth';

const FUNCTION = 'tencentcloud_scf_function';
const TRIGGER = 'tencentcloud_scf_trigger';
const POLICY = 'tencentcloud_cam_policy';

/** Props that name the topics with `selection` instead of `kafka.topic`. */
function topicsProps(
  selection: Pick<CkafkaCosBackupProps['kafka'], 'topic' | 'topics' | 'topicPattern'>,
  overrides: Omit<Partial<CkafkaCosBackupProps>, 'kafka'> & { kafka?: Partial<CkafkaCosBackupProps['kafka']> } = {},
): CkafkaCosBackupProps {
  const { topic: _one, ...kafka } = baseProps().kafka;
  return baseProps({ ...overrides, kafka: { ...kafka, ...selection, ...overrides.kafka } });
}

/** Every problem of the props, one per line, as the constructor reports them. */
function problemsOf(props: CkafkaCosBackupProps): string[] {
  try {
    new CkafkaCosBackup(makeScope(), 'Backup', props);
  } catch (error) {
    const [first, ...problems] = (error as Error).message.split('\n  - ');
    expect(first).toBe('CkafkaCosBackup "Backup" has invalid props:');
    return problems;
  }
  throw new Error('expected the props to be rejected');
}

describe('kafka.topics and kafka.topicPattern: bad values fail at synth with prop, value and rule', () => {
  const NAME_RULE = 'must be 1-249 characters of letters, digits, ".", "_" and "-", and not "." or ".."';

  test.each<[string, Parameters<typeof topicsProps>[0], string[]]>([
    ['an empty list', { topics: [] }, ['kafka.topics: [] must list at least one topic']],
    ['a name twice', { topics: ['a', 'b', 'a'] }, ['kafka.topics[2]: "a" is listed twice (also at [0])']],
    ['a name with a space', { topics: ['orders', 'a b'] }, [`kafka.topics[1]: "a b" ${NAME_RULE}`]],
    ['a name Kafka refuses', { topics: ['..'] }, [`kafka.topics[0]: ".." ${NAME_RULE}`]],
    ['a name too long', { topics: ['x'.repeat(250)] }, [`kafka.topics[0]: "${'x'.repeat(250)}" ${NAME_RULE}`]],
    ['one topic named "."', { topic: '.' }, [`kafka.topic: "." ${NAME_RULE}`]],
    [
      'a pattern that does not compile',
      { topicPattern: 'orders(' },
      ['kafka.topicPattern: "orders(" must be a JavaScript regular expression (Unterminated group)'],
    ],
    [
      // Inside the whole-name wrapper ^(?:...)$ this would compile, and match far more than meant.
      'a pattern that compiles only inside the whole-name wrapper',
      { topicPattern: 'a)|(b' },
      ['kafka.topicPattern: "a)|(b" must be a JavaScript regular expression (Unmatched \')\')'],
    ],
    [
      'a pattern written as a JavaScript literal',
      { topicPattern: '/orders\\..*/i' },
      [
        'kafka.topicPattern: "/orders\\\\..*/i" must be the expression alone, without the slashes (or flags) of a JavaScript literal',
      ],
    ],
    ['an empty pattern', { topicPattern: '' }, ['kafka.topicPattern: "" must be a non-empty regular expression']],
    [
      'no topic at all',
      {},
      ['kafka.topic: undefined is required (or kafka.topics or kafka.topicPattern: exactly one of the three)'],
    ],
    [
      'a list and a pattern',
      { topics: ['a'], topicPattern: 'a.*' },
      [
        'kafka.topicPattern: "a.*" conflicts with kafka.topics: give exactly one of kafka.topic, kafka.topics and kafka.topicPattern',
      ],
    ],
  ])('%s', (_name, selection, problems) => {
    expect(problemsOf(topicsProps(selection))).toEqual(problems);
  });

  test('a long list is shown by its first names and a count', () => {
    const topics = Array.from({ length: 40 }, (_, i) => `t${i}`);
    expect(problemsOf(topicsProps({ topic: 'orders', topics }))).toEqual([
      'kafka.topics: ["t0","t1","t2","t3","t4", ... and 35 more] conflicts with kafka.topic: give exactly one of kafka.topic, kafka.topics and kafka.topicPattern',
    ]);
  });

  test('a list known only at apply time is refused; a name known only at apply time is not', () => {
    const scope = makeScope();
    const list = new TerraformVariable(scope, 'topics', { type: 'list(string)' }).listValue;
    expect(() => new CkafkaCosBackup(scope, 'Backup', topicsProps({ topics: list }))).toThrow(
      "kafka.topics: a list known only at apply time cannot be used: write the list out (a name in it may be known only at apply time), since the role's policy and the lag alarm name each topic",
    );
    const other = makeScope();
    const name = new TerraformVariable(other, 'topic', { type: 'string' }).stringValue;
    expect(() => new CkafkaCosBackup(other, 'Backup', topicsProps({ topics: ['orders', name] }))).not.toThrow();
  });
});

describe('named topics', () => {
  const s = synthBackup(topicsProps({ topics: ['orders', 'payments', 'refunds.eu'] }));

  test('the function gets the list, and no single topic', () => {
    const env = s.one(FUNCTION).environment;
    expect(env.BACKUP_TOPICS).toBe('orders,payments,refunds.eu');
    expect(env.BACKUP_TOPIC).toBeUndefined();
    expect(env.BACKUP_TOPIC_PATTERN).toBeUndefined();
  });

  test('the function, its timer and its policy say how many topics they serve', () => {
    expect(s.one(FUNCTION).description).toBe(
      'Backs up 3 CKafka topics of ckafka abc123 to COS bucket backup 1250000000',
    );
    expect(s.one(TRIGGER).description).toBe('Backs up 3 topics every 5 minutes');
    expect(s.one(POLICY).description).toBe(
      'Least privilege for orders-backup: write under the prefixes of 3 topics in backup-1250000000/kafka/ckafka-abc123/',
    );
  });

  test("the role writes under each topic's keys, and lists uploads under each topic's prefix only", () => {
    const [cos, list] = JSON.parse(s.one(POLICY).document).statement;
    expect(cos.resource).toEqual(
      ['orders', 'payments', 'refunds.eu'].map(
        (topic) => `qcs::cos:ap-guangzhou:uid/1250000000:backup-1250000000/kafka/ckafka-abc123/${topic}/*`,
      ),
    );
    expect(list.condition.string_equal['cos:prefix']).toEqual([
      'kafka%2Fckafka-abc123%2Forders%2F',
      'kafka/ckafka-abc123/orders/',
      'kafka%2Fckafka-abc123%2Fpayments%2F',
      'kafka/ckafka-abc123/payments/',
      'kafka%2Fckafka-abc123%2Frefunds.eu%2F',
      'kafka/ckafka-abc123/refunds.eu/',
    ]);
  });

  test('a list of one topic reads like kafka.topic', () => {
    const one = synthBackup(topicsProps({ topics: ['orders'] }));
    const single = synthBackup(baseProps());
    for (const type of [FUNCTION, TRIGGER, POLICY]) {
      expect(one.one(type).description).toBe(single.one(type).description);
    }
    expect(one.one(POLICY).document).toBe(single.one(POLICY).document);
  });

  test('descriptions say what they can when a value is known only at apply time', () => {
    const timerDescription = (selection: Parameters<typeof topicsProps>[0]): string => {
      const stack = makeScope() as TerraformStack;
      const minutes = new TerraformVariable(stack, 'minutes', { type: 'number' }).numberValue;
      new CkafkaCosBackup(stack, 'Backup', topicsProps(selection, { granularityMinutes: minutes }));
      return parse(Testing.synth(stack)).one(TRIGGER).description;
    };
    expect(timerDescription({ topic: 'orders' })).toBe('Backs up the topic on a timer');
    expect(timerDescription({ topics: ['a', 'b'] })).toBe('Backs up 2 topics on a timer');
    expect(timerDescription({ topicPattern: 'a.*' })).toBe('Backs up the topics matching a pattern on a timer');
  });
});

describe('a topic pattern', () => {
  const s = synthBackup(topicsProps({ topicPattern: 'orders\\..*' }));

  test('the function gets the pattern, and no name', () => {
    const env = s.one(FUNCTION).environment;
    expect(env.BACKUP_TOPIC_PATTERN).toBe('orders\\..*');
    expect(env.BACKUP_TOPIC).toBeUndefined();
    expect(env.BACKUP_TOPICS).toBeUndefined();
  });

  test('the function, its timer and its policy say that a pattern picks the topics', () => {
    // SCF refuses most of a pattern's characters in a description: the environment holds it.
    expect(s.one(FUNCTION).description).toBe(
      'Backs up the CKafka topics of ckafka abc123 that match a pattern, to COS bucket backup 1250000000',
    );
    expect(s.one(TRIGGER).description).toBe('Backs up the topics matching a pattern every 5 minutes');
    expect(s.one(POLICY).description).toBe(
      'Least privilege for orders-backup: write under backup-1250000000/kafka/ckafka-abc123/ (every topic matching the pattern)',
    );
  });

  test("the role writes under the instance's keys (its topics are known only at run time), and lists them once", () => {
    const [cos, list] = JSON.parse(s.one(POLICY).document).statement;
    expect(cos.resource).toEqual(['qcs::cos:ap-guangzhou:uid/1250000000:backup-1250000000/kafka/ckafka-abc123/*']);
    expect(list.condition.string_equal['cos:prefix']).toEqual(['kafka%2Fckafka-abc123%2F', 'kafka/ckafka-abc123/']);
  });
});

test('every generated description holds only what SCF accepts, for each way of naming the topics', () => {
  for (const selection of [
    { topic: 'orders_v2-eu.raw' },
    { topics: ['orders_v2', 'payments-eu'] },
    { topicPattern: '(orders|payments)_v[0-9]+' },
  ]) {
    const s = synthBackup(topicsProps(selection));
    for (const text of [s.one(FUNCTION).description, s.one(TRIGGER).description]) {
      expect(text).toMatch(SCF_DESCRIPTION);
    }
  }
});

describe('the native ckafka trigger stays one topic', () => {
  const RULE =
    'conflicts with triggerMode "ckafka": the native trigger reads one topic, kafka.topic (back up many topics in the timer mode)';

  test('a list or a pattern in ckafka mode fails at synth, naming the prop, its value and the mode', () => {
    expect(problemsOf(topicsProps({ topics: ['orders', 'payments'] }, { triggerMode: 'ckafka' }))).toEqual([
      `kafka.topics: ["orders","payments"] ${RULE}`,
    ]);
    expect(problemsOf(topicsProps({ topics: ['orders'] }, { triggerMode: 'ckafka' }))).toEqual([
      `kafka.topics: ["orders"] ${RULE}`,
    ]);
    expect(problemsOf(topicsProps({ topicPattern: 'orders\\..*' }, { triggerMode: 'ckafka' }))).toEqual([
      `kafka.topicPattern: "orders\\\\..*" ${RULE}`,
    ]);
  });

  test('kafka.topic in ckafka mode still synthesizes its one trigger', () => {
    const s = synthBackup(baseProps({ triggerMode: 'ckafka' }));
    expect(s.one(TRIGGER).trigger_name).toBe('ckafka-abc123-orders');
  });
});

describe("SCF's 4 KB environment", () => {
  /** `count` topic names of `length` characters each. */
  const names = (count: number, length: number): string[] =>
    Array.from(
      { length: count },
      (_, i) => `${'orders.events.region-'.padEnd(length - 4, 'x')}${String(i).padStart(4, '0')}`,
    );
  const bytesOf = (env: Record<string, string>): number =>
    Object.entries(env).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(v), 0);

  test('200 long topic names overflow it: the error says so, with the sizes, and suggests kafka.topicPattern', () => {
    const topics = names(200, 60);
    const props = topicsProps({ topics });
    const env = handlerEnvironment(props);
    const own = bytesOf({ BACKUP_TOPICS: env.BACKUP_TOPICS });
    expect(own).toBe('BACKUP_TOPICS'.length + 200 * 61 - 1);
    expect(problemsOf(props)).toContain(
      `kafka.topics: 200 topics make the function's environment ${bytesOf(env)} bytes (${own} of them in BACKUP_TOPICS), ` +
        'and SCF allows at most 4096 bytes per function: back up by kafka.topicPattern instead (the variable then holds ' +
        'one regular expression), or split the topics across backups',
    );
  });

  test('the same topics as a pattern fit', () => {
    expect(() => synthBackup(topicsProps({ topicPattern: 'orders\\.events\\.region-x+[0-9]{4}' }))).not.toThrow();
  });

  test('when the user variables take most of it, the message names the environment, not the topics', () => {
    const fits = topicsProps({ topics: ['orders', 'payments'] });
    const room = 4096 - bytesOf(handlerEnvironment(fits)) - 'PAD'.length;
    expect(() => synthBackup({ ...fits, environment: { PAD: 'x'.repeat(room) } })).not.toThrow();
    expect(problemsOf({ ...fits, environment: { PAD: 'x'.repeat(room + 1) } })).toEqual([
      'environment: 4097 bytes in all must be at most 4096 bytes (SCF limit, construct variables included)',
    ]);
  });
});

describe("CAM's 6144 characters in one policy", () => {
  /** `count` topic names of 20 characters. */
  const twenty = (count: number): string[] =>
    Array.from({ length: count }, (_, i) => `topic-name-${String(i).padStart(9, '0')}`);
  const SUGGESTION =
    "back up by kafka.topicPattern instead (the policy then names the instance's prefix once), or split the topics across backups";

  test('28 topics of 20 characters fit: the synthesized policy stays under the limit', () => {
    const s = synthBackup(topicsProps({ topics: twenty(28) }));
    const document: string = s.one(POLICY).document;
    expect(document.length).toBeLessThanOrEqual(6144);
    expect(document.length).toBeGreaterThan(6144 - 194);
    expect(JSON.parse(document).statement[0].resource).toHaveLength(28);
  });

  test('29 fail at synth, naming the count, the size, the limit and how many fit, and suggesting a pattern', () => {
    expect(problemsOf(topicsProps({ topics: twenty(29) }))).toEqual([
      `kafka.topics: 29 topics make the execution role's policy 6187 characters, and CAM takes at most 6144 in one policy ` +
        `(intl 598/10609): the first 28 of them fit; ${SUGGESTION}`,
    ]);
  });

  test('with SASL the secret statement takes room too (counted with the longest UIN)', () => {
    const sasl = { mechanism: 'PLAIN', username: 'ckafka-abc123#backup', passwordSecretName: 'kafka-pw' } as const;
    const problems = problemsOf(topicsProps({ topics: twenty(28) }, { kafka: { sasl } }));
    expect(problems).toEqual([expect.stringContaining('kafka.topics: 28 topics make the execution role')]);
    expect(problems[0]).toContain('the first 27 of them fit');
  });

  test('200 topics fail on both limits at once; as a pattern, the policy names the instance once', () => {
    const problems = problemsOf(topicsProps({ topics: twenty(200) }));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^kafka\.topics: 200 topics make the function's environment \d+ bytes/);
    expect(problems[1]).toMatch(/^kafka\.topics: 200 topics make the execution role's policy \d+ characters/);
    const pattern = synthBackup(topicsProps({ topicPattern: 'topic-name-[0-9]{9}' }));
    expect(pattern.one(POLICY).document.length).toBeLessThan(1000);
  });

  test('a prefix long enough to overflow the policy alone is named as the cause', () => {
    const prefix = `${'p'.repeat(1999)}/`;
    expect(problemsOf(baseProps({ prefix }))).toEqual([
      expect.stringMatching(
        /^prefix: a 2000-character prefix makes the execution role's policy \d+ characters, and CAM takes at most 6144 in one policy \(intl 598\/10609\): shorten it/,
      ),
    ]);
  });
});
