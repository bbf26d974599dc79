// What this suite proves: a record survives the trip through a backup line exactly: text stays
// readable, other bytes go base64, null stays apart from empty, int64 timestamps keep every digit.
import { decodeRecordLine, encodeRecordLine } from '../../../contract/backup-format';
import type { BackupRecord } from '../../../contract/backup-format';

const base: BackupRecord = {
  topic: 'orders',
  partition: 3,
  offset: 42,
  timestamp: 1_700_000_000_123,
  key: Buffer.from('k'),
  value: Buffer.from('v'),
  headers: [],
};

const roundTrip = (record: BackupRecord) => decodeRecordLine(encodeRecordLine(record));

describe('encodeRecordLine / decodeRecordLine', () => {
  test('text stays readable, with numbers as JSON numbers', () => {
    const line = encodeRecordLine({ ...base, headers: [{ key: 'trace', value: Buffer.from('abc') }] });
    expect(line).toBe(
      '{"topic":"orders","partition":3,"offset":42,"timestamp":1700000000123,"key":"k","value":"v","headers":[{"key":"trace","value":"abc"}]}',
    );
    expect(decodeRecordLine(line)).toEqual({ ...base, headers: [{ key: 'trace', value: Buffer.from('abc') }] });
  });

  test('binary and invalid UTF-8 become base64 with an encoding marker', () => {
    const cases = [
      Buffer.from([0xff, 0xfe, 0x00]),
      Buffer.from([0xc3, 0x28]), // invalid continuation byte
      Buffer.from([0xed, 0xa0, 0x80]), // an encoded surrogate: not UTF-8
      Buffer.from([0xe2, 0x82]), // truncated sequence
      Buffer.from([0xc0, 0xaf]), // overlong '/'
    ];
    for (const bytes of cases) {
      const line = encodeRecordLine({ ...base, key: bytes, value: bytes, headers: [{ key: 'h', value: bytes }] });
      const json = JSON.parse(line);
      expect(json).toMatchObject({
        key: bytes.toString('base64'),
        keyEncoding: 'base64',
        value: bytes.toString('base64'),
        valueEncoding: 'base64',
      });
      expect(json.headers).toEqual([{ key: 'h', value: bytes.toString('base64'), valueEncoding: 'base64' }]);
      const back = decodeRecordLine(line);
      expect([back.key, back.value, back.headers[0].value]).toEqual([bytes, bytes, bytes]);
    }
  });

  test('valid UTF-8 of every width, including a BOM, stays text', () => {
    const text = '\ufeffa é € 😀 \u0000 \u2028';
    const line = encodeRecordLine({ ...base, value: Buffer.from(text) });
    expect(JSON.parse(line)).toMatchObject({ value: text });
    expect(JSON.parse(line).valueEncoding).toBeUndefined();
    expect(decodeRecordLine(line).value).toEqual(Buffer.from(text));
  });

  test('null and empty stay distinct', () => {
    const record = {
      ...base,
      key: null,
      value: Buffer.alloc(0),
      headers: [
        { key: 'n', value: null },
        { key: 'e', value: Buffer.alloc(0) },
      ],
    };
    const line = encodeRecordLine(record);
    expect(JSON.parse(line)).toMatchObject({
      key: null,
      value: '',
      headers: [
        { key: 'n', value: null },
        { key: 'e', value: '' },
      ],
    });
    expect(decodeRecordLine(line)).toEqual(record);
    expect(roundTrip({ ...base, key: Buffer.alloc(0), value: null })).toMatchObject({
      key: Buffer.alloc(0),
      value: null,
    });
  });

  test('newlines in values keep the record on one line', () => {
    const record = {
      ...base,
      value: Buffer.from('line 1\nline 2\r\n'),
      headers: [{ key: 'k\n', value: Buffer.from('\n') }],
    };
    const line = encodeRecordLine(record);
    expect(line).not.toMatch(/[\r\n]/);
    expect(decodeRecordLine(line)).toEqual(record);
  });

  test('interleaved repeated headers keep their order', () => {
    const headers = [
      { key: 'a', value: Buffer.from('1') },
      { key: 'b', value: Buffer.from([0xff]) },
      { key: 'a', value: null },
      { key: 'b', value: Buffer.from('4') },
    ];
    expect(roundTrip({ ...base, headers }).headers).toEqual(headers);
  });

  test('offsets and timestamps up to Number.MAX_SAFE_INTEGER', () => {
    const record = { ...base, offset: Number.MAX_SAFE_INTEGER, timestamp: -1 };
    expect(roundTrip(record)).toEqual(record);
  });

  // A Kafka timestamp is any int64; beyond the safe range it is a bigint in memory and its exact
  // digits (a JSON number) in the line.
  test.each([
    ['int64 max', 2n ** 63n - 1n, '9223372036854775807'],
    ['int64 min', -(2n ** 63n), '-9223372036854775808'],
    ['2^53 + 1', 2n ** 53n + 1n, '9007199254740993'],
    ['2^53', 2n ** 53n, '9007199254740992'],
    ['nanoseconds', 1_730_000_000_000_000_123n, '1730000000000000123'],
  ])('a timestamp of %s keeps every digit', (_name, timestamp, digits) => {
    const record = { ...base, timestamp, headers: [{ key: 'h', value: Buffer.from([0xff]) }] };
    const line = encodeRecordLine(record);
    expect(line).toBe(
      `{"topic":"orders","partition":3,"offset":42,"timestamp":${digits},"key":"k","value":"v","headers":[{"key":"h","value":"/w==","valueEncoding":"base64"}]}`,
    );
    expect(decodeRecordLine(line)).toEqual(record);
    expect(decodeRecordLine(line).timestamp).toBe(timestamp);
  });

  test.each([-(2 ** 53) + 1, -5, -1, 0, 1, 1_730_000_000_000_000, 8_640_000_000_000_001])(
    'a safe timestamp (%d) stays a plain number',
    (timestamp) => {
      expect(encodeRecordLine({ ...base, timestamp })).toContain(`"timestamp":${timestamp},`);
      expect(roundTrip({ ...base, timestamp }).timestamp).toBe(timestamp);
    },
  );

  test('exact digits are found whatever the text around them holds', () => {
    const tricky = Buffer.from('"timestamp":1,\\"}{[');
    const record = {
      ...base,
      topic: 'timestamp',
      timestamp: 2n ** 63n - 1n,
      key: tricky,
      value: Buffer.from('"timestamp":9007199254740995'),
      headers: [{ key: 'timestamp', value: tricky }],
    };
    expect(roundTrip(record)).toEqual(record);
    // Hand-written: another member order, whitespace, the timestamp last, a nested "timestamp".
    const line =
      '{ "headers" : [ {"key":"timestamp","value":"9007199254740995"} ], "key":null, "value":"{\\"timestamp\\":1}",' +
      ' "offset" : 1, "partition" : 0, "topic" : "t", "timestamp" : 9007199254740993 }';
    expect(decodeRecordLine(line).timestamp).toBe(2n ** 53n + 1n);
  });
});

describe('decodeRecordLine validation', () => {
  const valid = JSON.parse(encodeRecordLine(base));
  const withField = (changes: Record<string, unknown>) => JSON.stringify({ ...valid, ...changes });
  const withoutField = (field: string) => {
    const copy = { ...valid };
    delete copy[field];
    return JSON.stringify(copy);
  };

  test.each([
    ['not json', '{"topic":', /^backup line 7: not valid JSON/],
    ['not an object', '[1,2]', 'backup line 7: a record line must be a JSON object, got [1,2]'],
    ['missing topic', withoutField('topic'), 'backup line 7: field "topic" is missing and must be a non-empty string'],
    ['empty topic', withField({ topic: '' }), 'field "topic" is "" and must be a non-empty string'],
    [
      'negative partition',
      withField({ partition: -1 }),
      'field "partition" is -1 and must be an integer from 0 to 2147483647',
    ],
    ['string offset', withField({ offset: '42' }), 'field "offset" is "42" and must be a non-negative safe integer'],
    ['fractional offset', withField({ offset: 1.5 }), 'field "offset" is 1.5 and must be a non-negative safe integer'],
    [
      'unsafe offset',
      withField({ offset: 2 ** 53 }),
      'field "offset" is 9007199254740992 and must be a non-negative safe integer',
    ],
    [
      'fractional timestamp',
      withField({ timestamp: 1.5 }),
      'field "timestamp" is 1.5 and must be an integer of milliseconds from -9223372036854775808 to 9223372036854775807',
    ],
    [
      'string timestamp',
      withField({ timestamp: '1' }),
      'field "timestamp" is "1" and must be an integer of milliseconds',
    ],
    [
      'timestamp beyond int64',
      '{"topic":"t","partition":0,"offset":0,"timestamp":9223372036854775808,"key":null,"value":null,"headers":[]}',
      'field "timestamp" is 9223372036854776000 and must be an integer of milliseconds from',
    ],
    [
      'timestamp below int64',
      '{"topic":"t","partition":0,"offset":0,"timestamp":-9223372036854775809,"key":null,"value":null,"headers":[]}',
      'field "timestamp" is -9223372036854776000 and must be an integer of milliseconds from',
    ],
    [
      'unsafe timestamp with an exponent (not exact digits)',
      withField({ timestamp: 1e300 }),
      'field "timestamp" is 1e+300 and must be an integer of milliseconds from',
    ],
    [
      'unsafe timestamp with a fraction',
      '{"topic":"t","partition":0,"offset":0,"timestamp":9007199254740993.0,"key":null,"value":null,"headers":[]}',
      'field "timestamp" is 9007199254740992 and must be an integer of milliseconds from',
    ],
    ['numeric key', withField({ key: 5 }), 'field "key" is 5 and must be a string or null'],
    ['missing value', withoutField('value'), 'field "value" is missing and must be a string or null'],
    [
      'unknown encoding',
      withField({ valueEncoding: 'hex' }),
      'field "valueEncoding" is "hex" and must be "base64" when present',
    ],
    [
      'encoding on null',
      withField({ key: null, keyEncoding: 'base64' }),
      'field "keyEncoding" is "base64" and must be absent when "key" is null',
    ],
    [
      'bad base64',
      withField({ value: 'ab$=', valueEncoding: 'base64' }),
      'field "value" is "ab$=" and must be canonical base64',
    ],
    [
      'unpadded base64',
      withField({ value: 'QQ', valueEncoding: 'base64' }),
      'field "value" is "QQ" and must be canonical base64',
    ],
    [
      'lone surrogate',
      '{"topic":"t","partition":0,"offset":0,"timestamp":0,"key":"\\ud800","value":null,"headers":[]}',
      'field "key" is "\\ud800" and must be well-formed Unicode text',
    ],
    [
      'headers not array',
      withField({ headers: {} }),
      'field "headers" is {} and must be an array of {"key","value"} objects',
    ],
    [
      'header not object',
      withField({ headers: ['a'] }),
      'field "headers[0]" is "a" and must be an object with "key" and "value"',
    ],
    [
      'header key missing',
      withField({ headers: [{ value: 'x' }] }),
      'field "headers[0].key" is missing and must be a string',
    ],
    [
      'header value binary marker',
      withField({ headers: [{ key: 'a', value: '%%', valueEncoding: 'base64' }] }),
      'field "headers[0].value" is "%%" and must be canonical base64',
    ],
    [
      'unknown header field',
      withField({ headers: [{ key: 'a', value: null, extra: 1 }] }),
      'field "headers[0].extra" is 1 and is not a header field',
    ],
    ['unknown field', withField({ extra: true }), 'field "extra" is true and is not a record field'],
  ])('rejects %s', (_name, line, message) => {
    expect(() => decodeRecordLine(line, 'backup line 7')).toThrow(message);
  });

  test('names no location when none is given', () => {
    expect(() => decodeRecordLine(withField({ partition: 'x' }))).toThrow(/^field "partition" is "x"/);
  });
});
