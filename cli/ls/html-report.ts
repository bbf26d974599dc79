// `ls --html`: one self-contained page (inline CSS, no script, no request: a Content-Security-Policy
// forbids any) with a timeline per partition along its offset axis: backed-up ranges, objects (and
// their sizes), gaps by kind, overlaps, and the partition's freshness.
//
// The markup is meant to be read by tests and scripts as well as people: a row per partition
// (`data-topic`, `data-partition`, `data-axis-from`/`data-axis-to`, the offsets the track spans,
// end excluded), and on the track elements with `data-from`/`data-to` (inclusive) placed with
// `left`/`width` in percent of the axis; gaps carry `data-kind` (`missing`, `expired-before-backup`).
//
// Everything `ls` finds wrong with a partition is on the page, not only on hover: an object without
// offset metadata (damaged, not written by the backup, or still being written) is drawn in a
// colour of its own over the offsets it is taken to hold (`.object.no-metadata`,
// `data-problem="no-metadata"`); a partition with a problem has the class `problems`, lists its
// problems under its name and in `data-problems` (`missing`, `expired-before-backup`, `overlap`,
// `inexact-gap`, `no-metadata`), and says what they are in its notes (as the text output does); the
// page's headline counts them.
//
// Without --topic (`grouped`), the page is grouped by topic: a table of the topics with their
// totals (`.topic-index tr[data-topic]`), and each topic's section (`section.topic[data-topic]`,
// class `problems` when a partition has one) opens with its summary line (`.topic-summary`).
import type { Int64 } from '../../contract/int64';
import type { GapKind } from '../backup/coverage';
import {
  partitionNotes,
  PartitionNote,
  ProblemKind,
  summaryText,
  topicSummary,
  type PartitionSummary,
  type TopicSummary,
} from './partition-summary';
import { WITHOUT_METADATA_CAUSES } from '../backup/without-metadata';
import { newestRecordText, newestRecordTime, NewestRecordTime } from '../backup/newest-record';
import {
  counted,
  formatAge,
  formatBytes,
  formatHour,
  formatRanges,
  formatTime,
  formatTimestamp,
} from '../command-line/text-format';

/** One object of a partition, as the report shows it. */
export interface ReportObject {
  key: string;
  bytes: number;
  /** Offsets the object accounts for (inclusive); from its key and metadata. */
  from: number;
  to: number;
  /** Records (metadata record-count); null without offset metadata (see WITHOUT_METADATA_CAUSES). */
  records: number | null;
  /** Start of the UTC hour of the first record (the key's dt/hour). */
  hourStartMs: number;
  /** Timestamp of the last record (metadata last-timestamp); null when the object has none. */
  lastTimestamp: Int64 | null;
}

export interface ReportPartition {
  summary: PartitionSummary;
  objects: ReportObject[];
}

export interface Report {
  location: string;
  /** When the report was made: ages are measured to it. */
  generatedMs: number;
  from: number | null;
  to: number | null;
  topics: { topic: string; partitions: ReportPartition[] }[];
  /**
   * Every topic of the instance (no --topic): the page is grouped by topic, with a summary per
   * topic; `emptyTopics` are topic folders without backup objects.
   */
  grouped?: { emptyTopics: string[] };
}

/** Text for an element's content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Attributes from a record; values are escaped, undefined ones left out. */
function attrs(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeHtml(String(v))}"`)
    .join('');
}

/** A percentage with four decimals, as CSS takes it. */
function percent(value: number): string {
  return `${Number(value.toFixed(4))}%`;
}

/** The newest record's time, from the partition's last object. */
export function newestRecord(objects: readonly ReportObject[], now: number): NewestRecordTime | null {
  const last = objects[objects.length - 1];
  return last ? newestRecordTime(last.hourStartMs, last.lastTimestamp ?? undefined, now) : null;
}

/** The offsets a partition's track spans: [from, to), covering every object, range and gap. */
export function axisOf(partition: ReportPartition): { from: number; to: number } {
  const { summary, objects } = partition;
  const starts = [
    ...objects.map((o) => o.from),
    ...summary.ranges.map((r) => r.from),
    ...summary.gaps.map((g) => g.from),
  ];
  const ends = [
    ...objects.map((o) => o.to + 1),
    ...summary.ranges.map((r) => r.to + 1),
    ...summary.gaps.map((g) => g.to + 1),
  ];
  if (starts.length === 0) return { from: 0, to: 1 };
  const from = Math.min(...starts);
  return { from, to: Math.max(from + 1, ...ends) };
}

/** Backgrounds of the track's elements, shared by the style sheet and the legend. */
const COLOUR = {
  range: '#2e9d5b',
  object: '#1b6e3e',
  objectOdd: '#4cc083',
  missing: '#d93025',
  expired: 'repeating-linear-gradient(45deg,#f29900 0 6px,#fbd38d 6px 12px)',
  overlap: '#7b3fe4',
  noMetadata: 'repeating-linear-gradient(-45deg,#ad1457 0 3px,#f8bbd0 3px 6px)',
};

/** Keys of objects without offset metadata named in a partition's note; the rest are counted. */
const KEYS_NAMED = 20;

const GAP_LABEL: Record<GapKind, string> = {
  missing: 'missing (no object holds these offsets)',
  'expired-before-backup': 'expired before backup (deleted by retention before the backup read them)',
};

function track(partition: ReportPartition): string {
  const axis = axisOf(partition);
  const span = axis.to - axis.from;
  const place = (from: number, to: number) =>
    `left:${percent(((from - axis.from) / span) * 100)};width:${percent(((to + 1 - from) / span) * 100)}`;
  const { summary, objects } = partition;
  const count = (from: number, to: number) => `${formatRanges([{ from, to }])} (${to - from + 1})`;
  const parts: string[] = [];
  for (const r of summary.ranges) {
    parts.push(
      `<div class="range"${attrs({ 'data-from': r.from, 'data-to': r.to, style: place(r.from, r.to), title: `backed up: offsets ${count(r.from, r.to)}` })}></div>`,
    );
  }
  objects.forEach((o, i) => {
    const common = { 'data-key': o.key, 'data-from': o.from, 'data-to': o.to, 'data-bytes': o.bytes };
    if (o.records === null) {
      // Full height over the range: those offsets are not known to be backed up.
      const title = `${o.key}\nno offset metadata: ${WITHOUT_METADATA_CAUSES}; run verify\ntaken to hold offsets ${count(o.from, o.to)} (up to the next object), ${formatBytes(o.bytes)}`;
      parts.push(
        `<div class="object no-metadata"${attrs({ ...common, 'data-problem': 'no-metadata', style: place(o.from, o.to), title })}></div>`,
      );
      return;
    }
    const title = `${o.key}\noffsets ${count(o.from, o.to)}, ${formatBytes(o.bytes)}, ${o.records} records`;
    parts.push(
      `<div class="object${i % 2 ? ' odd' : ''}"${attrs({ ...common, style: place(o.from, o.to), title })}></div>`,
    );
  });
  for (const g of summary.gaps) {
    const inexact = g.inexact
      ? '\nthe object before it has no next-offset metadata (written before it existed): on a compacted or transactional topic this may be compaction'
      : '';
    const title = `gap ${count(g.from, g.to)}: ${GAP_LABEL[g.kind]}${g.marker ? `\nmarker ${g.marker}` : ''}${inexact}`;
    parts.push(
      `<div class="gap ${g.kind}"${attrs({ 'data-kind': g.kind, 'data-from': g.from, 'data-to': g.to, 'data-marker': g.marker, 'data-inexact': g.inexact ? 'true' : undefined, style: place(g.from, g.to), title })}></div>`,
    );
  }
  for (const o of summary.overlaps) {
    const title = `overlap ${count(o.from, o.to)}: in both ${o.keys[0]} and ${o.keys[1]}`;
    parts.push(
      `<div class="overlap"${attrs({ 'data-from': o.from, 'data-to': o.to, style: place(o.from, o.to), title })}></div>`,
    );
  }
  return (
    `<div class="track"${attrs({ 'data-axis-from': axis.from, 'data-axis-to': axis.to })}>${parts.join('')}</div>` +
    `<div class="axis"><span>${axis.from}</span><span>${axis.to - 1}</span></div>`
  );
}

/** A partition's problems, as its label lists them, in the order of `data-problems`. */
function problemsOf(p: PartitionSummary): { kind: ProblemKind; text: string }[] {
  const missing = p.gaps.filter((g) => g.kind === 'missing').length;
  const expired = p.gaps.filter((g) => g.kind === 'expired-before-backup').length;
  const inexact = p.gaps.filter((g) => g.inexact).length;
  const problems: { kind: ProblemKind; text: string }[] = [];
  if (missing > 0) problems.push({ kind: 'missing', text: counted(missing, 'missing gap') });
  if (expired > 0) problems.push({ kind: 'expired-before-backup', text: counted(expired, 'expired gap') });
  if (p.overlaps.length > 0) problems.push({ kind: 'overlap', text: counted(p.overlaps.length, 'overlap') });
  if (inexact > 0) problems.push({ kind: 'inexact-gap', text: `${counted(inexact, 'gap')} that may be compaction` });
  if (p.objectsWithoutMetadata > 0) {
    problems.push({
      kind: 'no-metadata',
      text: counted(p.objectsWithoutMetadata, 'object without offset metadata', 'objects without offset metadata'),
    });
  }
  return problems;
}

/** The partition's notes as `ls` prints them, the objects without offset metadata named. */
function notesList(topic: string, partition: ReportPartition): string {
  const withoutMetadata = partition.objects.filter((o) => o.records === null).map((o) => o.key);
  const text = (note: PartitionNote) => {
    if (note.problem !== 'no-metadata' || withoutMetadata.length === 0) return note.text;
    const more = withoutMetadata.length - KEYS_NAMED;
    return `${note.text}: ${withoutMetadata.slice(0, KEYS_NAMED).join(', ')}${more > 0 ? ` and ${more} more (in the object table)` : ''}`;
  };
  const notes = partitionNotes(topic, partition.summary);
  if (notes.length === 0) return '';
  return `<ul class="notes">${notes.map((n) => `<li${attrs({ 'data-kind': n.problem })}>${escapeHtml(text(n))}</li>`).join('')}</ul>`;
}

function partitionRow(topic: string, partition: ReportPartition, now: number): string {
  const { summary: p, objects } = partition;
  const axis = axisOf(partition);
  const newest = newestRecord(objects, now);
  const newestText = newestRecordText(newest?.iso ?? null, newest?.exact ?? null);
  const ageText = newest?.ageSeconds == null ? '-' : formatAge(newest.ageSeconds);
  const firstHour = p.firstRecordHour === null ? '-' : formatHour(Date.parse(p.firstRecordHour));
  const timeRange =
    p.firstTimestamp !== null && p.lastTimestamp !== null
      ? `${formatTimestamp(p.firstTimestamp)} to ${formatTimestamp(p.lastTimestamp)}`
      : `${firstHour === '-' ? '-' : `~${firstHour}`} to ${newestText}`;
  const gapCount = (kind: GapKind) => p.gaps.filter((g) => g.kind === kind).length;
  // [name, value, a problem?]
  const facts: [string, string, boolean][] = [
    ['offsets', formatRanges(p.ranges), false],
    ['objects', `${p.objects} (${formatBytes(p.bytes)})`, false],
    ['records', p.objectsWithoutMetadata > 0 ? `${p.records}+` : String(p.records), p.objectsWithoutMetadata > 0],
    ['time', timeRange, false],
    ['newest record', newestText, false],
    ['age', ageText, false],
    ['gaps', `${gapCount('missing')} missing, ${gapCount('expired-before-backup')} expired`, p.gaps.length > 0],
    ['overlaps', String(p.overlaps.length), p.overlaps.length > 0],
  ];
  if (p.objectsWithoutMetadata > 0) facts.push(['without offset metadata', String(p.objectsWithoutMetadata), true]);
  const objectRows = objects
    .map(
      (o) =>
        `<tr${attrs({ 'data-key': o.key, class: o.records === null ? 'no-metadata' : undefined })}><td class="key">${escapeHtml(o.key)}</td><td class="num">${o.from}-${o.to}</td>` +
        `<td class="num">${o.records ?? 'no offset metadata'}</td><td class="num"${attrs({ 'data-bytes': o.bytes })}>${escapeHtml(formatBytes(o.bytes))}</td>` +
        `<td>${escapeHtml(formatHour(o.hourStartMs))}</td><td>${o.lastTimestamp === null ? '-' : escapeHtml(formatTimestamp(o.lastTimestamp))}</td></tr>`,
    )
    .join('');
  const problems = problemsOf(p);
  const problemList =
    problems.length > 0
      ? `<span class="problem-list">${escapeHtml(problems.map((q) => q.text).join(', '))}</span>`
      : '';
  return (
    `<div class="partition${problems.length > 0 ? ' problems' : ''}"${attrs({
      'data-topic': topic,
      'data-partition': p.partition,
      'data-axis-from': axis.from,
      'data-axis-to': axis.to,
      'data-newest-record': newest?.iso ?? undefined,
      'data-newest-exact': newest ? String(newest.exact) : undefined,
      'data-age-seconds': newest?.ageSeconds ?? undefined,
      'data-problems': problems.length > 0 ? problems.map((q) => q.kind).join(' ') : undefined,
    })}>` +
    `<div class="label">${escapeHtml(topic)}/${p.partition}${problemList}</div>` +
    `<div class="timeline">${track(partition)}</div>` +
    `<dl class="facts">${facts.map(([k, v, problem]) => `<div${problem ? ' class="problem"' : ''}><dt>${k}</dt><dd${attrs({ 'data-fact': k })}>${escapeHtml(v)}</dd></div>`).join('')}</dl>` +
    notesList(topic, partition) +
    (objects.length > 0
      ? `<details><summary>${objects.length} object(s)</summary><table class="objects"><thead><tr><th>key</th><th>offsets</th><th>records</th><th>size</th><th>first record hour</th><th>last record</th></tr></thead><tbody>${objectRows}</tbody></table></details>`
      : '') +
    `</div>`
  );
}

const STYLE = `
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1d2330;background:#fff}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px}
.meta{color:#555;margin:0 0 12px}.meta code{font-size:13px}
.legend{display:flex;gap:16px;flex-wrap:wrap;margin:8px 0 16px;font-size:13px}
.legend span{display:inline-flex;align-items:center;gap:6px}
.swatch{display:inline-block;width:18px;height:12px;border-radius:2px}
.partition{display:grid;grid-template-columns:120px 1fr;gap:4px 12px;padding:10px 0;border-top:1px solid #e4e7ee}
.partition.problems .label{color:#b3261e}
.label{font-weight:600;grid-row:span 4;padding-top:4px;word-break:break-all}
.problem-list{display:block;font-weight:400;font-size:12px;margin-top:2px;word-break:normal}
.track{position:relative;height:28px;background:#f1f3f7;border-radius:3px;overflow:hidden}
.track>div{position:absolute;top:0;height:100%;box-sizing:border-box;min-width:2px}
.range{background:${COLOUR.range}}
.object{top:20px!important;height:8px!important;background:${COLOUR.object};border-right:1px solid #fff}
.object.odd{background:${COLOUR.objectOdd}}
.object.no-metadata{top:0!important;height:100%!important;background:${COLOUR.noMetadata}}
.gap.missing{background:${COLOUR.missing}}
.gap.expired-before-backup{background:${COLOUR.expired}}
.overlap{height:8px!important;background:${COLOUR.overlap}}
.axis{display:flex;justify-content:space-between;font-size:11px;color:#666}
.facts{display:flex;flex-wrap:wrap;gap:4px 18px;margin:2px 0;font-size:13px}
.facts div{display:flex;gap:4px}.facts dt{color:#666}.facts dd{margin:0;font-variant-numeric:tabular-nums}
.facts .problem dd{color:#b3261e;font-weight:600}
.notes{grid-column:2;margin:2px 0;padding-left:18px;font-size:12px;color:#b3261e;overflow-wrap:anywhere}
.verdict{margin:0 0 12px;font-weight:600;color:#1b6e3e}.verdict.problems{color:#b3261e}
.topic-summary{margin:0 0 8px;color:#555}.topic.problems>h2,.topic.problems>.topic-summary,.topic-index tr.problems td{color:#b3261e}
.topic-index{margin:0 0 12px;font-size:13px}
details{grid-column:2;font-size:12px}
table{border-collapse:collapse;margin-top:4px}td,th{padding:2px 8px;text-align:left;border-bottom:1px solid #eee}
tr.no-metadata td{color:#ad1457}
.num{text-align:right;font-variant-numeric:tabular-nums}.key{font-family:ui-monospace,monospace;word-break:break-all}
`;

/** Topics named in the headline; the index table lists them all. */
const TOPICS_NAMED = 20;

/** The table of topics at the top of a grouped page: one row per topic with its totals. */
function topicIndex(topics: { topic: string; summary: TopicSummary }[]): string {
  const head = [
    'topic',
    'partitions',
    'objects',
    'size',
    'records',
    'missing gaps',
    'expired gaps',
    'overlaps',
    'without offset metadata',
  ];
  const rows = topics.map(({ topic, summary: t }) => {
    const cells = [
      `<td>${escapeHtml(topic)}</td>`,
      ...[t.partitions, t.objects].map((n) => `<td class="num">${n}</td>`),
      `<td class="num"${attrs({ 'data-bytes': t.bytes })}>${escapeHtml(formatBytes(t.bytes))}</td>`,
      `<td class="num">${t.records}${t.objectsWithoutMetadata > 0 ? '+' : ''}</td>`,
      ...[t.missingGaps, t.expiredGaps, t.overlaps, t.objectsWithoutMetadata].map((n) => `<td class="num">${n}</td>`),
    ];
    const problems = t.partitionsWithProblems > 0;
    return `<tr${attrs({ 'data-topic': topic, class: problems ? 'problems' : undefined, 'data-problem-partitions': t.partitionsWithProblems })}>${cells.join('')}</tr>`;
  });
  return `<table class="topic-index" id="topics"><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The whole page. Every name (topic, keys, location) is escaped. */
export function renderHtml(report: Report): string {
  const partitions = report.topics.flatMap((t) => t.partitions);
  const gaps = partitions.flatMap((p) => p.summary.gaps);
  const overlaps = partitions.reduce((n, p) => n + p.summary.overlaps.length, 0);
  const bytes = partitions.reduce((n, p) => n + p.summary.bytes, 0);
  const objects = partitions.reduce((n, p) => n + p.summary.objects, 0);
  const withoutMetadata = partitions.reduce((n, p) => n + p.summary.objectsWithoutMetadata, 0);
  const withProblems = partitions.filter((p) => problemsOf(p.summary).length > 0).length;
  const grouped = report.grouped;
  const topics = report.topics.map(({ topic, partitions: list }) => ({
    topic,
    summary: topicSummary(list.map((p) => p.summary)),
  }));
  const topicsWithProblems = topics.filter((t) => t.summary.partitionsWithProblems > 0).map((t) => t.topic);
  const named = (names: string[]) =>
    names.slice(0, TOPICS_NAMED).join(', ') +
    (names.length > TOPICS_NAMED ? ` and ${names.length - TOPICS_NAMED} more` : '');
  const inTopics = grouped
    ? ` in ${topicsWithProblems.length} of ${topics.length} topic(s) (${named(topicsWithProblems)})`
    : '';
  const verdict =
    withProblems > 0
      ? `<p class="verdict problems" id="verdict">Problems in ${withProblems} of ${partitions.length} partition(s)${escapeHtml(inTopics)}, marked in red below; run verify, which reads every object.</p>`
      : `<p class="verdict" id="verdict">No gap, overlap or object without offset metadata in ${partitions.length} partition(s)${grouped ? ` of ${topics.length} topic(s)` : ''}. This page reads the objects' metadata only; verify reads every object.</p>`;
  const range =
    report.from !== null || report.to !== null
      ? ` Objects that may hold records from ${report.from === null ? 'the start' : formatTime(report.from)} to ${report.to === null ? 'the end' : formatTime(report.to)}.`
      : '';
  const sections = report.topics
    .map(({ topic, partitions: list }, i) => {
      const summary = topics[i].summary;
      const problems = grouped && summary.partitionsWithProblems > 0;
      const summaryLine = grouped
        ? `<p class="topic-summary"${attrs({ 'data-topic': topic })}>${escapeHtml(list.length === 0 ? 'no objects in the given time range' : summaryText(summary))}</p>`
        : '';
      return (
        `<section class="topic${problems ? ' problems' : ''}"${attrs({
          'data-topic': topic,
          'data-partitions': grouped ? summary.partitions : undefined,
          'data-problem-partitions': grouped ? summary.partitionsWithProblems : undefined,
        })}><h2>${escapeHtml(topic)}</h2>` +
        summaryLine +
        (list.length === 0 && !grouped ? '<p>(no objects in the given time range)</p>' : '') +
        list.map((p) => partitionRow(topic, p, report.generatedMs)).join('') +
        `</section>`
      );
    })
    .join('');
  const topicsTotal = grouped ? `${topics.length} topic(s), ` : '';
  const index = grouped
    ? topicIndex(topics) +
      (grouped.emptyTopics.length > 0
        ? `<p class="meta" id="empty-topics">Topic folders without backup objects (only _state/ bookkeeping or other keys): ${escapeHtml(grouped.emptyTopics.join(', '))}</p>`
        : '')
    : '';
  const swatch = (style: string) => `<i class="swatch" style="${style}"></i>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Backup coverage: ${escapeHtml(report.location)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Backup coverage</h1>
<p class="meta"><code>${escapeHtml(report.location)}</code>, at ${escapeHtml(formatTime(report.generatedMs))} (ages are to this time).${escapeHtml(range)}</p>
${verdict}
<p class="meta" id="totals">${topicsTotal}${partitions.length} partition(s), ${objects} object(s), ${escapeHtml(formatBytes(bytes))}; ${gaps.filter((g) => g.kind === 'missing').length} missing gap(s), ${gaps.filter((g) => g.kind === 'expired-before-backup').length} expired-before-backup gap(s), ${overlaps} overlap(s), ${withoutMetadata} object(s) without offset metadata.</p>
<div class="legend">
<span data-legend="range">${swatch(`background:${COLOUR.range}`)}backed up</span>
<span data-legend="object">${swatch(`background:linear-gradient(90deg,${COLOUR.object} 50%,${COLOUR.objectOdd} 50%)`)}objects (lower band)</span>
<span data-legend="missing">${swatch(`background:${COLOUR.missing}`)}missing gap</span>
<span data-legend="expired-before-backup">${swatch(`background:${COLOUR.expired}`)}expired before backup</span>
<span data-legend="overlap">${swatch(`background:${COLOUR.overlap}`)}overlap</span>
<span data-legend="no-metadata">${swatch(`background:${COLOUR.noMetadata}`)}object without offset metadata</span>
</div>
<p class="meta">Each track spans its partition's offsets (numbers below it); hover for keys and offsets. An object without offset metadata is drawn full height over the offsets it is taken to hold (up to the next object): they are not known to be backed up. Times: the first record's hour from its object's key (~, approximate), the newest record from the last object's last-timestamp (or ~ its key's hour when it has none); --exact reads both from the data.</p>
${index}${sections}
</body>
</html>
`;
}
