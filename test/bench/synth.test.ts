// What this suite proves: the synth benchmark's child synthesizes a stack of the asked shape in a
// fresh process and reports the plan's size, or the construct's refusal of props over a limit,
// and writes nothing into the checkout's .build/ (which may be shared with other checkouts).
import * as fs from 'fs';
import * as path from 'path';
import { runSynth, topicRows } from '../../bench/synth';
import { REPO_ROOT } from '../support/repo-root';

test('one backup of one topic, of a pattern, and of too many named topics: plan size or refusal', () => {
  const child = path.join(REPO_ROOT, '.build', 'bench', 'synth-child.js');
  const before = fs.existsSync(child) ? fs.statSync(child).mtimeMs : undefined;
  const [one, pattern, many] = runSynth(
    [
      { backups: 1, topics: 1 },
      { backups: 1, topics: 'pattern' },
      { backups: 1, topics: 50 },
    ],
    1,
    () => undefined,
  );
  expect(one[0]).toMatchObject({ count: 1, topics: 1, resources: 12, dataSources: 4 });
  expect(one[0].refused).toBeUndefined();
  // No lag alarm and binding, no topic lookup, no metric list for the consumer-group policy type.
  expect(pattern[0]).toMatchObject({ topics: 'pattern', resources: 10, dataSources: 2 });
  expect(many[0].refused).toEqual([
    expect.stringMatching(/^kafka\.topics: 50 topics make the execution role's policy/),
  ]);
  const rows = topicRows([one, pattern, many]);
  expect(rows.map((row) => [row[0], row[1], row[4]])).toEqual([
    ['1 backup, kafka.topic', '1', '12 + 4'],
    ['1 backup, kafka.topicPattern', 'any', '10 + 2'],
    ['1 backup, kafka.topics', '50', 'refused at synth (CAM policy)'],
  ]);
  expect(fs.existsSync(child) ? fs.statSync(child).mtimeMs : undefined).toBe(before);
});
