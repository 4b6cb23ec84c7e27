// Browser end-to-end suites: the built product started as `npm start` runs it, driven through Chromium.
// Build first (`npm run build`); `npm run e2e` does both.
const path = require('node:path');
const preset = require('../jest.preset.js');

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  displayName: 'e2e',
  rootDir: path.join(__dirname, '..'),
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testEnvironment: 'node',
  // The server starts an embedded PostgreSQL and Chromium starts cold: minutes, not seconds.
  testTimeout: 180_000,
  // One worker: suites run one after another in this process (the equivalent of --runInBand).
  maxWorkers: 1,
};
