// Writes the licenses of the npm packages a bundle contains next to it (THIRD_PARTY_NOTICES.txt):
// the bundles are redistributed (in the package, and the handler in every function's archive), and
// minifying them drops the license headers the packages carry.
const fs = require('fs');
const path = require('path');

const LICENSE_FILE = /^(licen[cs]e|copying|notice)(\.|-|$)/i;

/** The package folder (…/node_modules/name or …/node_modules/@scope/name) of a bundled input. */
function packageDir(input) {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  return match ? match[1] : undefined;
}

/** The notice text for every package among a metafile's inputs, sorted by name. */
function noticesText(root, metafile) {
  const dirs = new Set(
    Object.keys(metafile.inputs)
      .map(packageDir)
      .filter((dir) => dir !== undefined),
  );
  const entries = [...dirs]
    .map((dir) => {
      const manifest = JSON.parse(fs.readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
      const files = fs
        .readdirSync(path.join(root, dir))
        .filter((f) => LICENSE_FILE.test(f))
        .sort();
      const texts = files.map((f) => fs.readFileSync(path.join(root, dir, f), 'utf8').trim());
      const license = typeof manifest.license === 'string' ? manifest.license : JSON.stringify(manifest.license);
      const heading = `${manifest.name} ${manifest.version} (${license ?? 'no license field'})`;
      const body = texts.length ? texts.join('\n\n') : '(the package ships no license file)';
      return { name: manifest.name, text: `${heading}\n${'-'.repeat(heading.length)}\n${body}\n` };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  // One entry per package name and version, even when nested copies are bundled.
  const unique = [...new Map(entries.map((e) => [e.text, e])).values()];
  return (
    'This bundle contains the following npm packages, under their own licenses.\n\n' +
    unique.map((e) => e.text).join('\n')
  );
}

module.exports = { noticesText };
