import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import vueParser from 'vue-eslint-parser';
import { builtinModules } from 'node:module';
import prettierConfig from 'eslint-config-prettier';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

// Process boundaries, enforced like VS Code's layer checks: the renderer is a web page that
// knows nothing of Node or Electron, and only src-main/app/ may touch Electron.
const rendererBoundary = {
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {
      paths: [
        { name: 'electron', message: 'The renderer talks to main only through window.api.' },
        ...nodeBuiltins.map((name) => ({ name, message: 'The renderer has no Node.js.' })),
      ],
      patterns: [
        { group: ['**/src-main/**', '**/src-main'], message: 'The renderer may not import main-process code.' },
        {
          // The channel table and its per-feature halves are type-only here. The environment-free
          // domain modules are not: the renderer validates with the very schemas main uses.
          regex: 'src-preload/contract(/(?!domain(/|$))[^/]+)?$',
          allowTypeImports: true,
          message:
            'Import channel-table types only (`import type`); values the renderer shares with main live in contract/domain/.',
        },
        {
          group: ['**/src-preload/index', '**/src-preload/build-api'],
          message: 'The preload is not part of the renderer.',
        },
        { group: ['**/test/**'], message: 'Test code is never shipped.' },
      ],
    },
  ],
};

const servicesBoundary = {
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {
      paths: [{ name: 'electron', message: 'Only src-main/app/ imports electron; inject what a service needs.' }],
      patterns: [
        { group: ['**/app/*', '**/src-main/app/**'], message: 'Services must not depend on the Electron shell.' },
      ],
    },
  ],
};

export default defineConfig([
  {
    ignores: [
      'out/**',
      'out-*/**',
      'test-results-*/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, sourceType: 'module' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'smart'],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  { files: ['src-renderer/**/*.{ts,vue}'], rules: rendererBoundary },
  { files: ['src-main/**/*.ts'], ignores: ['src-main/app/**'], rules: servicesBoundary },
  {
    files: ['src-preload/contract/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The contract is shared with the renderer.' }],
          patterns: [{ group: ['node:*'], message: 'The contract is shared with the renderer.' }],
        },
      ],
    },
  },
  {
    // Domain facts are shared by main, preload and renderer: no environment at all.
    files: ['src-preload/contract/domain/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'navigator',
        'localStorage',
        'process',
        'Buffer',
        'require',
      ],
    },
  },
  { files: ['test/**/*.{ts,mjs}', 'build/*.mjs', '*.config.*'], rules: { 'no-console': 'off' } },
  // Layout is prettier's (`npm run format`, checked by `npm test`): eslint keeps to what code does.
  prettierConfig,
]);
