// Lint rules, including the import directions of the architecture:
//   kernel -> simclr, protocol      extension -> protocol, kernel/client      webview -> protocol      simclr -> nothing internal
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Forbid imports of the named internal folders from files matching `files`. */
const forbid = (files, folders, why) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', {
      patterns: folders.map((folder) => ({ group: [`**/${folder}`, `**/${folder}/**`], message: why })),
    }],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test/tools/node_modules/**', 'test/tools/.install/**', '.cache/**', 'media/**', 'test-results/**', '.look-twice-native/**',
    // AssemblyScript (wasm kernels): its own types (v128, usize), checked by asc when the build compiles it.
    'src/**/assembly/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', performance: 'readonly', structuredClone: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable', window: 'readonly', document: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': ['error', { selector: 'ImportDeclaration[source.value="vscode"]', message: "Only src/extension imports 'vscode'." }],
    },
  },
  { files: ['src/extension/**', 'test/vscode/**'], rules: { 'no-restricted-syntax': 'off' } },
  forbid(['src/simclr/**'], ['kernel', 'extension', 'webview', 'protocol', 'cli'], 'simclr is the pure ML library: it imports nothing internal.'),
  forbid(['src/protocol/**'], ['kernel', 'extension', 'webview', 'simclr', 'cli'], 'protocol holds message types only.'),
  forbid(['src/kernel/**'], ['extension', 'webview', 'cli'], 'kernel imports simclr and protocol only.'),
  forbid(['src/webview/**'], ['kernel', 'extension', 'simclr', 'cli'], 'webview code runs in the browser: it imports protocol only.'),
  {
    files: ['src/extension/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/simclr', '**/simclr/**', '**/webview/**', '**/cli/**'], message: 'extension imports protocol and kernel/client only.' },
          { group: ['**/kernel/*', '!**/kernel/client', '**/kernel/!(client)/**'], message: 'extension talks to the kernel through kernel/client only.' },
        ],
      }],
    },
  },
);
