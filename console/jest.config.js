// Component tests: the shared SWC preset, run in jsdom with Testing Library's matchers.
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const preset = require('../jest.preset.js');
const here = import.meta.dirname;

/** @type {import('jest').Config} */
export default {
  ...preset,
  displayName: 'console',
  rootDir: here,
  testEnvironment: '<rootDir>/jest.environment.cjs',
  testMatch: ['<rootDir>/src/**/*.spec.{ts,tsx}'],
  setupFilesAfterEnv: ['<rootDir>/jest.setup.ts'],
  moduleNameMapper: {
    ...preset.moduleNameMapper,
    '\\.css$': 'identity-obj-proxy',
    '^@callcentre/shared$': join(here, '../shared/src/index.ts'),
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
};
