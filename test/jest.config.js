/** Integration suites: the real server on real PostgreSQL (embedded, or TEST_DATABASE_URL). */
module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'integration',
  rootDir: '.',
  testMatch: ['<rootDir>/integration/**/*.spec.ts'],
  globalSetup: '<rootDir>/support/global-setup.ts',
  globalTeardown: '<rootDir>/support/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
