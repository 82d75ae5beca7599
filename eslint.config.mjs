// @ts-check
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Which way dependencies point: entrypoints → feature modules → `common/` → `core/`. `core/` and
 * `common/` never import `modules/`; a module imports another module only through its public files:
 * its Nest module, services, repositories, entities, DTOs and the contracts it publishes (event
 * types, conversation states, bot configuration, sample payloads). Anything else is its own.
 */
const MODULES = readdirSync(join(import.meta.dirname, 'src', 'modules'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const PUBLIC_FILES = String.raw`([\w-]+/)*[\w-]+\.module|[\w-]+\.(service|repository|entity|guard)|dto/[\w.-]+|event-types|conversation-states|bot-config|samples`;
const BOUNDARY_MESSAGE =
  'Import another module only through its public files (module, service, repository, entity, dto, published contracts); core/ and common/ never import modules/.';
/** Imports refused everywhere; the boundary blocks below repeat them, since a rule's options replace. */
const RESTRICTED_PATHS = [
  {
    name: 'class-validator',
    importNames: ['IsOptional'],
    message: 'Use Omittable() from common/http/validation: IsOptional() lets null through as well.',
  },
];
const restrictImports = (regex) => ({
  'no-restricted-imports': [
    'error',
    { paths: RESTRICTED_PATHS, patterns: [{ regex, message: BOUNDARY_MESSAGE }] },
  ],
});
const boundaries = [
  {
    files: ['src/core/**/*.ts', 'src/common/**/*.ts'],
    rules: restrictImports(String.raw`(^|/)modules(/|$)`),
  },
  {
    files: ['src/*.ts', 'src/cli/**/*.ts'],
    rules: restrictImports(String.raw`(^|/)modules/(${MODULES.join('|')})/(?!(${PUBLIC_FILES})$)`),
  },
  ...MODULES.map((name) => ({
    files: [`src/modules/${name}/**/*.ts`],
    rules: restrictImports(
      String.raw`^(\.\./)+(${MODULES.filter((other) => other !== name).join('|')})/(?!(${PUBLIC_FILES})$)`,
    ),
  })),
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'migrations/**', 'bin/**', '.nebulahex/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: ['./tsconfig.test.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { disallowTypeAnnotations: false, fixStyle: 'inline-type-imports' },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      'no-restricted-imports': ['error', { paths: RESTRICTED_PATHS }],
    },
  },
  {
    // Tests read JSON bodies whose shape is what they assert.
    files: ['test/**/*.ts', 'src/**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      'preserve-caught-error': 'off',
    },
  },
  ...boundaries,
  {
    files: ['**/*.mjs', '**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // The dashboard's app runs in the browser, type-checked with its own DOM and JSX settings.
    files: ['dashboard/src/**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { project: ['./dashboard/tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    // The demo chat page's script runs in the browser.
    files: ['src/modules/widget/demo/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: {
        document: 'readonly',
        fetch: 'readonly',
        setInterval: 'readonly',
        sessionStorage: 'readonly',
      },
    },
  },
);
