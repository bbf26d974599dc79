// Where the documentation says which Cloud API hosts the handler calls by default, it names the
// hosts functions/cloud-api.ts gives with the default `enablePublicNet` (public network access):
// the `*.internal.tencentcloudapi.com` hosts are only for `enablePublicNet: false`.
import * as fs from 'fs';
import * as path from 'path';
import { SETTINGS } from '../../contract/settings';
import { cloudApiUrl } from '../../functions/cloud-api';
import { REPO_ROOT } from '../support/repo-root';

/** README.md and every Markdown file under docs/ (docs/api included), as absolute paths. */
function documentationFiles(): string[] {
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return walk(full);
      return entry.name.endsWith('.md') ? [full] : [];
    });
  return [path.join(REPO_ROOT, 'README.md'), ...walk(path.join(REPO_ROOT, 'docs'))];
}

/** The sentences (and `;`-separated clauses) of a Markdown text, its lines joined. */
function sentences(text: string): string[] {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .split(/(?<=[.;])\s+/)
    .map((s) => s.trim());
}

/** Cloud API hosts a sentence names: `scf.tencentcloudapi.com`, `<service>.internal.tencentcloudapi.com`... */
function apiHosts(sentence: string): string[] {
  return [...sentence.matchAll(/[A-Za-z0-9<>-]+(?:\.internal)?\.tencentcloudapi\.com/g)].map((m) => m[0]);
}

const hostOf = (url: string): string => url.replace(/^https:\/\//, '');
const DEFAULT_PUBLIC_NET = SETTINGS.enablePublicNet.default as boolean;

test('the handler calls the public Cloud API hosts unless enablePublicNet is false', () => {
  expect(DEFAULT_PUBLIC_NET).toBe(true);
  expect(hostOf(cloudApiUrl('scf', true))).toBe('scf.tencentcloudapi.com');
  expect(hostOf(cloudApiUrl('scf', false))).toBe('scf.internal.tencentcloudapi.com');
});

test('every sentence about the default Cloud API hosts names the hosts of the default mode', () => {
  const defaultHosts = new Set(['scf', 'ssm', '<service>'].map((s) => hostOf(cloudApiUrl(s, DEFAULT_PUBLIC_NET))));
  const checked: string[] = [];
  const wrong: string[] = [];
  for (const file of documentationFiles()) {
    const name = path.relative(REPO_ROOT, file);
    for (const sentence of sentences(fs.readFileSync(file, 'utf8'))) {
      const hosts = apiHosts(sentence);
      if (hosts.length === 0 || !/\bdefault\b/i.test(sentence)) continue;
      checked.push(name);
      if (hosts.some((host) => !defaultHosts.has(host))) wrong.push(`${name}: ${sentence}`);
    }
  }
  expect(wrong).toEqual([]);
  // Not vacuous: both pages that describe the network modes state the default hosts.
  expect(checked).toEqual(expect.arrayContaining(['docs/how-it-works.md', 'docs/permissions-and-network.md']));
});
