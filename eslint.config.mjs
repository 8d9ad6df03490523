// Lint rules, including the import directions of the architecture:
//   kernel -> simclr, protocol      host -> protocol      extension -> host, notebookLanguage, protocol      webview -> protocol
//   cli -> jupyter, host, protocol      jupyter -> host, notebookLanguage, protocol
//   setup-native -> simclr          simclr, notebookLanguage -> nothing internal
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Forbid imports of the named internal folders from files matching `files`. Folders in `typesOnly` may
 * be imported with `import type` / `export type` (erased at build time: no runtime dependency).
 */
const forbid = (files, folders, why, typesOnly = []) => ({
  files,
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        patterns: [
          ...folders.map((folder) => ({ group: [`**/${folder}`, `**/${folder}/**`], message: why })),
          ...typesOnly.map((folder) => ({
            group: [`**/${folder}`, `**/${folder}/**`],
            message: `${why} (types only)`,
            allowTypeImports: true,
          })),
        ],
      },
    ],
  },
});

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      'node_modules/**',
      'test/tools/node_modules/**',
      'test/tools/.install/**',
      '.cache/**',
      'media/**',
      'test-results/**',
      '.look-twice-native/**',
      // AssemblyScript (wasm kernels): its own types (v128, usize), checked by asc when the build compiles it.
      'src/**/assembly/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        performance: 'readonly',
        structuredClone: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        __dirname: 'readonly',
        require: 'readonly',
        module: 'writable',
        window: 'readonly',
        document: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'ImportDeclaration[source.value="vscode"]', message: "Only src/extension imports 'vscode'." },
      ],
    },
  },
  { files: ['src/extension/**', 'test/vscode/**'], rules: { 'no-restricted-syntax': 'off' } },
  // Type-aware (as vscode-jupyter): a promise nobody awaits, returns or hands to `void` loses its error.
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // node:test's test()/describe() return promises the runner itself awaits.
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['test', 'describe', 'it', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
            },
          ],
        },
      ],
    },
  },
  forbid(
    ['src/simclr/**'],
    ['kernel', 'host', 'jupyter', 'extension', 'webview', 'protocol', 'cli', 'setup-native'],
    'simclr is the pure ML library: it imports nothing internal.',
  ),
  // The library owns its training events; the protocol re-exports their types (src/protocol/trainingEvents.ts).
  forbid(
    ['src/protocol/**'],
    ['kernel', 'host', 'jupyter', 'extension', 'webview', 'cli', 'setup-native'],
    'protocol holds message types only.',
    ['simclr'],
  ),
  forbid(
    ['src/kernel/**'],
    ['host', 'jupyter', 'extension', 'webview', 'cli', 'setup-native'],
    'kernel imports simclr and protocol only.',
  ),
  forbid(
    ['src/host/**'],
    ['kernel', 'jupyter', 'extension', 'webview', 'simclr', 'cli', 'setup-native'],
    'host (the kernel client, .ipynb files) imports protocol only: it talks to the kernel over IPC.',
  ),
  forbid(
    ['src/extension/**'],
    ['kernel', 'jupyter', 'webview', 'simclr', 'cli', 'setup-native'],
    'extension imports protocol and host only: it talks to the kernel through host.',
  ),
  forbid(
    ['src/cli/**'],
    ['kernel', 'extension', 'webview', 'simclr', 'setup-native'],
    'cli imports protocol, host and jupyter only: it talks to the kernel through host.',
  ),
  forbid(
    ['src/notebookLanguage/**'],
    ['kernel', 'host', 'jupyter', 'extension', 'webview', 'simclr', 'protocol', 'cli', 'setup-native'],
    'notebookLanguage is the TypeScript engine over notebook cells: it imports nothing internal (the extension and a Jupyter front door both use it).',
  ),
  forbid(
    ['src/jupyter/**'],
    ['kernel', 'extension', 'webview', 'simclr', 'cli', 'setup-native'],
    'jupyter (the Jupyter front door) imports protocol, host and notebookLanguage only: it talks to the kernel through host.',
  ),
  forbid(
    ['src/webview/**'],
    ['kernel', 'host', 'jupyter', 'extension', 'simclr', 'cli', 'setup-native'],
    'webview code runs in the browser: it imports protocol only.',
  ),
  forbid(
    ['src/setup-native/**'],
    ['kernel', 'host', 'jupyter', 'extension', 'webview', 'protocol', 'cli'],
    "setup-native builds the native backend: it imports the library's native loader only.",
  ),
);
