// The settings table (contract/settings.ts) as the Markdown table in the README's "Handler
// configuration" section (written by npm run docs:settings).
import { SETTINGS, Setting } from './settings';

/** The settings table as Markdown, for the README (kept in step by a test). */
export function settingsMarkdown(): string {
  const rows = (Object.entries(SETTINGS) as [string, Setting<unknown>][]).map(([name, s]) => {
    const prop = s.props ? s.props.map((p) => `\`${p}\``).join(' / ') : 'none (handler only)';
    const fallback =
      s.default !== undefined
        ? `\`${JSON.stringify(s.default)}\`${s.defaultFrom ? `, or ${s.defaultFrom.doc}` : ''}`
        : s.defaultFromProps
          ? s.defaultFromProps.map((p) => `\`${p}\``).join(' / ')
          : s.optional
            ? 'off'
            : 'required';
    const unit = s.unit ? ` (${s.unit})` : '';
    return `| ${name} | ${prop} | \`${s.env}\` | ${s.type.summary.replace(/\|/g, '\\|')}${unit} | ${fallback} | ${s.doc} |`;
  });
  return ['| Setting | Prop | Variable | Allowed | Default | Meaning |', '|---|---|---|---|---|---|', ...rows].join(
    '\n',
  );
}
