// Three tiers: `unit` (domain, use cases with in-memory fakes, pure helpers), `integration` (the real
// local stack on free ports: DynamoDB Local, fauxqs and serverless-offline, over real HTTP and queues),
// and `stacks`: the files that start stacks of their own (npm start itself, one without some grants, a
// chaos run), which share nothing with the others but the machine, so `npm test` runs them beside the
// rest in a second jest process. A test that needs the shared stack but lives by what it tests (an
// adapter's, say) is named *.integration.test.ts.
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2023' }, module: { type: 'commonjs' } }];

/** The test files that start stacks of their own. */
const OWN_STACKS = ['test/integration/start-script.test.ts', 'test/integration/local-iam.test.ts', 'test/integration/chaos.test.ts'];

const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.[tj]s$': swc },
  // middy, jose and cockatiel are published as ES modules only; they are compiled for jest like our own code.
  transformIgnorePatterns: ['/node_modules/(?!@middy/|jose/|cockatiel/)'],
  moduleNameMapper: {
    '^@middy/([^/]+)$': '<rootDir>/node_modules/@middy/$1/index.js',
    '^jose$': '<rootDir>/node_modules/jose/dist/webapi/index.js',
  },
};

export default {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{functions,lib,scripts}/**/*.test.ts', '<rootDir>/{client,web}/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.integration\\.test\\.ts$'],
      setupFiles: ['<rootDir>/test/unit-env.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts', '<rootDir>/{functions,lib,scripts}/**/*.integration.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...OWN_STACKS],
      globalSetup: '<rootDir>/test/integration/global-setup.ts',
      globalTeardown: '<rootDir>/test/integration/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/integration/setup-timeouts.ts'],
    },
    {
      ...common,
      displayName: 'stacks',
      testMatch: OWN_STACKS.map((file) => `<rootDir>/${file}`),
      setupFilesAfterEnv: ['<rootDir>/test/integration/setup-timeouts.ts'],
    },
  ],
};
