// Mutation testing against the example-based specs alone (`npm run mutate:examples`): the same as
// stryker.config.mjs, but jest leaves out the `*.properties.spec.ts` files, whose random days re-run for every
// routing mutant they cover (about 15 s each on two shared cores). A score from this configuration is a lower
// bound: a mutant that only a property test would kill counts as a survivor here. See TESTING.md.
import base from './stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  jest: {
    ...base.jest,
    config: { testPathIgnorePatterns: ['/node_modules/', '\\.properties\\.spec\\.ts$'] },
  },
};
