// Lint is a gate: no unused code, no focused or skipped tests, no ts-ignore, and the dependency rules
// of the design (see the zones below).
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import jest from 'eslint-plugin-jest';
import tseslint from 'typescript-eslint';

const services = readdirSync(`${import.meta.dirname}/functions`, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

// What a service's domain, ports and use cases may not reach: its adapters, handlers and composition
// root, and the parts of lib/ that speak HTTP, SQS or the SDK.
const outerLayers = (service) => [
  `./functions/${service}/adapters`,
  `./functions/${service}/handlers`,
  `./functions/${service}/compose.ts`,
  `./functions/${service}/compose-stock.ts`,
  `./functions/${service}/compose-tokens.ts`,
  './lib/aws',
  './lib/http',
  './lib/queue',
  './lib/messaging',
];

export default tseslint.config(
  // client/src/generated/ is hey-api's output, checked for staleness (client/test/generated.test.ts), not style.
  { ignores: ['node_modules/', '.esbuild/', '.serverless/', '.local/', 'coverage/', 'client/src/generated/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-ignore': true, 'ts-nocheck': true, 'ts-expect-error': 'allow-with-description' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // An async function that does not await yet is still the right shape for a handler or port.
      '@typescript-eslint/require-await': 'off',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            // No service reaches into another service's folder; they talk over queues (or HTTP).
            ...services.map((service) => ({
              target: `./functions/${service}`,
              from: './functions',
              except: [`./${service}`],
              message: 'A service may not import another service; use a message contract in lib/contracts.',
            })),
            ...services.flatMap((service) =>
              [`./functions/${service}/domain`, `./functions/${service}/use-cases`, `./functions/${service}/ports.ts`].map((target) => ({
                target,
                from: outerLayers(service),
                message: 'Domain and use cases depend on ports, not on adapters, handlers or transports.',
              })),
            ),
            { target: './lib', from: './functions', message: 'lib/ is shared by every service and knows none of them.' },
          ],
        },
      ],
    },
  },
  {
    files: ['functions/*/domain/**', 'functions/*/use-cases/**', 'functions/*/ports.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@aws-sdk/*'], message: 'Domain and use cases reach AWS through ports.' }] },
      ],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Use cases get configuration from compose.ts.' }],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**'],
    ...jest.configs['flat/recommended'],
    rules: {
      ...jest.configs['flat/recommended'].rules,
      'jest/no-focused-tests': 'error',
      'jest/no-disabled-tests': 'error',
      'jest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*'] }],
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
);
