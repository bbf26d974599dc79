// docs/configuration.md has a row for every prop the handler settings come from, and the pages
// that explain one backup for many topics (and the CHANGELOG) quote the limits the construct checks.
import * as fs from 'fs';
import * as path from 'path';
import { SETTINGS, TOPIC_SELECTORS } from '../../contract/settings';
import { CAM_POLICY_MAX_CHARS } from '../../lib/policies';
import { REPO_ROOT } from '../support/repo-root';

const read = (file: string): string => fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
const configuration = read('docs/configuration.md');
const readme = read('README.md');

/** The props of a page's props table: the first cell of each row, `prop`. */
function tableProps(page: string): string[] {
  return [...page.matchAll(/^\| `([A-Za-z.]+)` \|/gm)].map((m) => m[1]);
}

test('docs/configuration.md has a row for every prop a handler setting comes from (or for its parent)', () => {
  const rows = new Set(tableProps(configuration));
  const props = Object.values(SETTINGS).flatMap((setting) => ('props' in setting ? [...(setting.props ?? [])] : []));
  const missing = props.filter((prop) => {
    const parts = prop.split('.');
    return !parts.some((_, i) => rows.has(parts.slice(0, i + 1).join('.')));
  });
  expect(missing).toEqual([]);
});

test('the README props table and docs/configuration.md list each way of naming the topics', () => {
  const props = TOPIC_SELECTORS.map((name) => SETTINGS[name].props![0]);
  expect(props).toEqual(['kafka.topic', 'kafka.topics', 'kafka.topicPattern']);
  for (const page of [readme, configuration]) expect(tableProps(page)).toEqual(expect.arrayContaining(props));
});

test('the limits of a topic list are quoted as the construct checks them, with their sources', () => {
  const section = readme.slice(readme.indexOf('## One backup for many topics'), readme.indexOf('## Default settings'));
  expect(section).toContain(`${CAM_POLICY_MAX_CHARS} characters in one policy (intl 598/10609)`);
  expect(section).toContain('50 functions per namespace, 10 triggers of one type per function, 4 KB');
  expect(section).toContain('(cn 583/11637)');
  expect(read('docs/permissions-and-network.md')).toContain(
    `CAM takes at most ${CAM_POLICY_MAX_CHARS} characters in one policy document`,
  );
});

test("the CHANGELOG's unreleased release announces the ways of naming the topics and the limits of a list", () => {
  const changelog = read('CHANGELOG.md');
  const unreleased = changelog.slice(changelog.indexOf('## 0.2.0'), changelog.indexOf('## 0.1.0'));
  for (const prop of ['kafka.topics', 'kafka.topicPattern']) expect(unreleased).toContain(`\`${prop}\``);
  expect(unreleased).toContain(`${CAM_POLICY_MAX_CHARS} characters in one policy (intl 598/10609)`);
  expect(unreleased).toContain("SCF's 4 KB environment");
});
