import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** npm's own version-range reader (installed with npm's tooling); typed here for the two calls used. */
const semver = require('semver') as { minVersion(range: string): { version: string } | null; satisfies(version: string, range: string): boolean };

const ROOT = join(__dirname, '..', '..', '..');

interface LockedPackage {
  version?: string;
  engines?: { node?: string } | string[];
}

describe('platform: the Node.js the project declares', () => {
  it('runs every locked dependency, so an install on the oldest declared Node warns of no engine (EBADENGINE)', () => {
    const declared = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).engines.node as string;
    const oldest = semver.minVersion(declared)?.version;
    expect(oldest).toBe('20.19.0');
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockedPackage> };
    const refused = Object.entries(lock.packages)
      .map(([path, entry]) => ({ path, version: entry.version, node: Array.isArray(entry.engines) ? undefined : entry.engines?.node }))
      .filter((entry) => entry.node !== undefined && !semver.satisfies(oldest as string, entry.node))
      .map((entry) => `${entry.path}@${entry.version} needs Node ${entry.node}`);
    expect(refused).toEqual([]);
  });
});
