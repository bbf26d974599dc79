// Writes the settings table (contract/settings.ts) into docs/how-it-works.md ("Handler
// configuration") between its markers; `--check` only reports whether the page is up to date (a
// test runs the same comparison).
import * as fs from 'fs';
import * as path from 'path';
import { settingsMarkdown } from '../contract/settings-doc';

const PAGE = path.resolve(__dirname, '..', '..', 'docs', 'how-it-works.md');
const NAME = 'docs/how-it-works.md';
const START = '<!-- settings-table:start -->';
const END = '<!-- settings-table:end -->';

const text = fs.readFileSync(PAGE, 'utf8');
const [before, rest] = text.split(START);
const after = rest?.split(END)[1];
if (after === undefined) {
  console.error(`${NAME} has no ${START} ... ${END} block`);
  process.exit(1);
}
const updated = `${before}${START}\n${settingsMarkdown()}\n${END}${after}`;
if (process.argv.includes('--check')) {
  if (updated !== text) {
    console.error(`${NAME} settings table is out of date: run npm run docs:settings`);
    process.exit(1);
  }
} else {
  fs.writeFileSync(PAGE, updated);
}
