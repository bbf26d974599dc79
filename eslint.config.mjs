// One lint setup for the whole repository; formatting is Prettier's job (eslint-config-prettier
// turns off the rules that would fight it). Generated bindings are not ours to lint.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

// The house rules of the source tree: which folder may import which (see docs/contributing.md).
const COMMANDS = ['ls', 'verify', 'status', 'restore'];
const BELOW_THE_CONSTRUCT = ['./clients', './functions', './cli'];
const layers = [
  // The contract is what the construct, the handler and the CLI agree on: it imports none of them.
  { target: './contract', from: ['./lib', ...BELOW_THE_CONSTRUCT], message: 'contract/ imports only contract/.' },
  // The construct is synthesized by cdktf/cdktn: no handler or CLI code may reach it.
  { target: './lib', from: BELOW_THE_CONSTRUCT, message: 'lib/ imports only contract/ and .gen/.' },
  {
    target: './clients',
    from: ['./lib', './functions', './cli'],
    message: 'clients/ serve the handler and the CLI; they import neither.',
  },
  { target: './functions', from: ['./lib', './cli'], message: 'The handler imports only contract/ and clients/.' },
  {
    target: './cli',
    from: ['./lib', './functions'],
    message: 'The CLI imports only contract/ and clients/, never the handler (functions/).',
  },
  // Shared clients have one door each: their index files.
  ...['./contract', './lib', './functions', './cli', './bench', './scripts', './examples'].map((target) => ({
    target,
    from: './clients',
    except: ['./index.ts', './kafka/index.ts', './cos/index.ts'],
    message: 'Import the shared clients through clients/, clients/kafka or clients/cos (their index files).',
  })),
  // One folder per command; the shared CLI folders (backup/, command-line/) import no command.
  ...COMMANDS.map((command) => ({
    target: [
      ...COMMANDS.filter((other) => other !== command).map((other) => `./cli/${other}`),
      './cli/backup',
      './cli/command-line',
    ],
    from: `./cli/${command}`,
    message: `Only cli/index.ts and cli/${command}/ import the ${command} command.`,
  })),
  {
    target: './cli/command-line',
    from: './cli/backup',
    message: 'cli/command-line/ is the plumbing below cli/backup/.',
  },
];

// Every file opens with what it is for: `//` lines at the top, before the first import (a `#!`
// line may come first). `/** */` stays for the doc comments of exported symbols.
const fileHeader = {
  meta: {
    type: 'suggestion',
    schema: [],
    messages: { missing: 'Start the file with a // comment that says what it is for.' },
  },
  create(context) {
    return {
      Program(program) {
        const first = context.sourceCode.getAllComments().find((comment) => comment.type !== 'Shebang');
        const code = program.body[0];
        if (!first || first.type !== 'Line' || (code && first.range[0] > code.range[0])) {
          context.report({ loc: { line: 1, column: 0 }, messageId: 'missing' });
        }
      },
    };
  },
};

export default tseslint.config(
  {
    ignores: [
      '.gen/**',
      '.gen-cdktn/**',
      'dist/**',
      'cdktf.out/**',
      'coverage/**',
      '.build/**',
      'node_modules/**',
      'docs/api/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      // `_`-prefixed names mark deliberately unused parameters and destructured leftovers.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // `import x = require('m')` is TypeScript's typed CommonJS import (untyped internals, JSON).
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    plugins: { house: { rules: { 'file-header': fileHeader } } },
    rules: { 'house/file-header': 'error' },
  },
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.d.ts', '.js', '.json'] })],
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': ['error', { zones: layers }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: Object.fromEntries(
        [
          'require',
          'module',
          'process',
          '__dirname',
          'console',
          'Buffer',
          'setInterval',
          'clearInterval',
          'setTimeout',
          'clearTimeout',
        ].map((g) => [g, 'readonly']),
      ),
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests poke at loosely typed JSON (synthesized Terraform, log lines) and load built bundles
    // and optional packages at run time.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
);
