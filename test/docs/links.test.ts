// Every relative link in README.md and docs/**/*.md (docs/api included) reaches a file, and its #anchor a heading there.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../support/repo-root';

interface BrokenLink {
  file: string;
  link: string;
  reason: string;
}

/** Markdown files under `dir`, recursively, as absolute paths. */
function markdownFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(full);
    return entry.name.endsWith('.md') ? [full] : [];
  });
}

/** The lines of a Markdown text outside fenced code blocks (others replaced by empty lines). */
function proseLines(text: string): string[] {
  let fence: string | undefined;
  return text.split('\n').map((line) => {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined) {
      if (marker) fence = marker;
      return marker ? '' : line;
    }
    if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
    return '';
  });
}

/** A text without its code spans (`...`, within a paragraph), whose brackets are not links. */
function withoutCodeSpans(text: string): string {
  return text.replace(/(`+)(?:(?!\n\s*\n)[\s\S])*?\1/g, '');
}

/** Link targets of a Markdown text: inline links and images (their text may wrap), and reference definitions. */
function linkTargets(text: string): string[] {
  const prose = withoutCodeSpans(proseLines(text).join('\n'));
  const targets: string[] = [];
  for (const m of prose.matchAll(/!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*(<[^>]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)/g)) {
    targets.push(m[1].replace(/^<|>$/g, ''));
  }
  for (const m of prose.matchAll(/^\s{0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/gm)) targets.push(m[1].replace(/^<|>$/g, ''));
  return targets;
}

/** GitHub's anchor for a heading: its text as rendered, lowercase, punctuation but `-` and `_` dropped, spaces to `-`. */
function githubSlug(heading: string): string {
  const rendered = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images: their text
    .replace(/<[^>]+>/g, '') // inline HTML
    .replace(/`+([^`]*)`+/g, '$1') // code spans: their content
    .replace(/\\([!-/:-@[-`{-~])/g, '$1') // backslash escapes
    .replace(/(\*\*|__|\*|~~)(.+?)\1/g, '$2'); // emphasis
  return rendered
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors a Markdown file defines: its headings' slugs (repeats get -1, -2, ...) and HTML ids. */
function anchors(text: string): Set<string> {
  const found = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of proseLines(text)) {
    const heading = /^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line)?.[1];
    if (heading !== undefined) {
      const slug = githubSlug(heading);
      const count = seen.get(slug) ?? 0;
      seen.set(slug, count + 1);
      found.add(count === 0 ? slug : `${slug}-${count}`);
    }
    for (const m of line.matchAll(/<a\s[^>]*(?:id|name)="([^"]+)"/g)) found.add(m[1]);
  }
  return found;
}

/** The broken relative links of `files` (absolute paths of Markdown files under `root`). */
function brokenLinks(root: string, files: string[]): BrokenLink[] {
  const broken: BrokenLink[] = [];
  const anchorsOf = new Map<string, Set<string>>();
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (const link of linkTargets(text)) {
      if (/^(https?|mailto):/i.test(link)) continue;
      const report = (reason: string) => broken.push({ file: path.relative(root, file), link, reason });
      if (link === '') {
        report('empty link');
        continue;
      }
      const hash = link.indexOf('#');
      let linkPath: string;
      let anchor: string | undefined;
      try {
        linkPath = decodeURI(hash < 0 ? link : link.slice(0, hash));
        anchor = hash < 0 ? undefined : decodeURIComponent(link.slice(hash + 1));
      } catch {
        report('a malformed %-escape');
        continue;
      }
      const target =
        linkPath === ''
          ? file
          : linkPath.startsWith('/')
            ? path.join(root, linkPath)
            : path.resolve(path.dirname(file), linkPath);
      if (!fs.existsSync(target)) {
        report(`no file ${path.relative(root, target)}`);
        continue;
      }
      if (anchor === undefined) continue;
      if (!target.endsWith('.md') || !fs.statSync(target).isFile()) {
        report(`an anchor on ${path.relative(root, target)}, which is not a Markdown file`);
        continue;
      }
      if (!anchorsOf.has(target)) anchorsOf.set(target, anchors(fs.readFileSync(target, 'utf8')));
      if (!anchorsOf.get(target)!.has(anchor)) report(`no heading in ${path.relative(root, target)} for #${anchor}`);
    }
  }
  return broken;
}

describe('documentation links', () => {
  const files = [path.join(REPO_ROOT, 'README.md'), ...markdownFiles(path.join(REPO_ROOT, 'docs'))];

  test('the README and the docs pages are all read, and they link to each other', () => {
    expect(files.map((f) => path.relative(REPO_ROOT, f))).toEqual(
      expect.arrayContaining(['README.md', 'docs/benchmarks.md', 'docs/api/README.md']),
    );
    const readmeLinks = linkTargets(fs.readFileSync(files[0], 'utf8'));
    expect(readmeLinks.filter((l) => l.startsWith('docs/')).length).toBeGreaterThan(5);
  });

  test('every relative link reaches an existing file, and its anchor a heading of it', () => {
    expect(brokenLinks(REPO_ROOT, files)).toEqual([]);
  });
});

describe('the link check itself', () => {
  test('slugs headings as GitHub does', () => {
    expect(githubSlug('Command line: list, verify, restore, status')).toBe('command-line-list-verify-restore-status');
    expect(githubSlug('`ls`')).toBe('ls');
    expect(githubSlug('Exactly once, and what happens on failure')).toBe('exactly-once-and-what-happens-on-failure');
    expect(githubSlug('Variable: COS\\_BACKUP\\_ACTIONS')).toBe('variable-cos_backup_actions');
    expect(githubSlug('triggerMode?')).toBe('triggermode');
    expect(githubSlug('cdktf and CDK Terrain')).toBe('cdktf-and-cdk-terrain');
  });

  test('ignores brackets in code, and numbers repeated headings', () => {
    expect(
      linkTargets(
        '`ranges[{from,to}](x)` and\n```\n[a](b.md)\n```\n[c](d.md#e "title") ![f](g.png) [wrapped\ntext](h.md)',
      ),
    ).toEqual(['d.md#e', 'g.png', 'h.md']);
    expect([...anchors('# A\n## A\n```\n# Not\n```\n<a id="x"></a>')]).toEqual(['a', 'a-1', 'x']);
  });

  test('reports a missing file, a missing anchor and an anchor on a file that is no Markdown', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'doc-links-'));
    try {
      fs.mkdirSync(path.join(root, 'docs'));
      fs.writeFileSync(path.join(root, 'docs', 'page.md'), '# Page\n\n## A section\n');
      fs.writeFileSync(path.join(root, 'docs', 'picture.svg'), '<svg/>');
      const readme = path.join(root, 'README.md');
      fs.writeFileSync(
        readme,
        [
          '# Title',
          '[ok](docs/page.md) [ok](docs/page.md#a-section) [ok](#title) [ok](https://example.com/x.md#y)',
          '[gone](docs/gone.md) [no anchor](docs/page.md#b-section) [svg](docs/picture.svg#z) [here](#nowhere)',
        ].join('\n'),
      );
      expect(brokenLinks(root, [readme])).toEqual([
        { file: 'README.md', link: 'docs/gone.md', reason: 'no file docs/gone.md' },
        { file: 'README.md', link: 'docs/page.md#b-section', reason: 'no heading in docs/page.md for #b-section' },
        {
          file: 'README.md',
          link: 'docs/picture.svg#z',
          reason: 'an anchor on docs/picture.svg, which is not a Markdown file',
        },
        { file: 'README.md', link: '#nowhere', reason: 'no heading in README.md for #nowhere' },
      ]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
