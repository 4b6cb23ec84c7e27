// Property tests at full size: an arbitrary given a maxLength (or maxDepth) generates up to it, instead of
// fast-check's small default that keeps a 150-step scenario near 20 steps. Arbitraries without a bound keep the
// default size, so an unbounded array stays small rather than growing towards 2^31 items.
require('fast-check').configureGlobal({ defaultSizeToMaxWhenMaxSpecified: true });
