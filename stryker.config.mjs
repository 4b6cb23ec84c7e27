// Mutation testing of the shared logic (`npm run mutate`; slow, so not part of CI). Results and how to run a
// part of it are in TESTING.md. The sandbox holds only what shared's tests need.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'shared/jest.config.js', enableFindRelatedTests: true },
  checkers: ['typescript'],
  tsconfigFile: 'shared/tsconfig.json',
  coverageAnalysis: 'perTest',
  mutate: [
    'shared/src/routing/**/*.ts',
    'shared/src/statistics/**/*.ts',
    'shared/src/workforce/**/*.ts',
    'shared/src/calendar/**/*.ts',
    '!**/*.spec.ts',
    '!**/testing/**',
    '!**/index.ts',
  ],
  ignorePatterns: ['/*', '!/shared', '!/jest.preset.js', '!/tsconfig.base.json', '!/package.json', '/shared/dist'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
