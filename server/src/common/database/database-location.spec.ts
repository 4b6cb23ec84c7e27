import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedDataDir } from './database-location';

/** A data folder holding a cluster, as the embedded PostgreSQL leaves it. */
function makeCluster(dataDir: string, marker: string): void {
  mkdirSync(join(dataDir, 'postgres'), { recursive: true });
  writeFileSync(join(dataDir, 'postgres', 'PG_VERSION'), '18\n');
  writeFileSync(join(dataDir, 'postgres-credentials.json'), JSON.stringify({ marker }));
}

describe('where the embedded PostgreSQL keeps its data', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'callcentre-root-'));
    mkdirSync(join(root, 'server'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('takes a relative DATA_DIR from the repository root, whatever the working folder, and an absolute one as given', () => {
    expect(embeddedDataDir('.data', root)).toEqual({ path: join(root, '.data') });
    expect(embeddedDataDir('/var/lib/callcentre', root)).toEqual({ path: '/var/lib/callcentre' });
  });

  it('moves the data an earlier version kept under server/ to the repository root, and says so', () => {
    makeCluster(join(root, 'server', '.data'), 'earlier');
    const found = embeddedDataDir('.data', root);
    expect(found.path).toBe(join(root, '.data'));
    expect(found.notice).toBe(`data moved from ${join(root, 'server', '.data')}, where an earlier version put it, to ${join(root, '.data')}`);
    expect(JSON.parse(readFileSync(join(root, '.data', 'postgres-credentials.json'), 'utf8'))).toEqual({ marker: 'earlier' });
    expect(existsSync(join(root, 'server', '.data'))).toBe(false);
    expect(embeddedDataDir('.data', root)).toEqual({ path: join(root, '.data') });
  });

  it('keeps using the earlier folder, with a notice, when the new place already holds files', () => {
    makeCluster(join(root, 'server', '.data'), 'earlier');
    mkdirSync(join(root, '.data'));
    writeFileSync(join(root, '.data', 'notes.txt'), 'someone else\'s file');
    expect(embeddedDataDir('.data', root)).toEqual({
      path: join(root, 'server', '.data'),
      notice: expect.stringContaining(`data kept in ${join(root, 'server', '.data')}, where an earlier version put it`),
    });
    expect(readFileSync(join(root, '.data', 'notes.txt'), 'utf8')).toBe('someone else\'s file');
  });

  it('prefers a cluster already at the repository root', () => {
    makeCluster(join(root, 'server', '.data'), 'earlier');
    makeCluster(join(root, '.data'), 'current');
    expect(embeddedDataDir('.data', root)).toEqual({ path: join(root, '.data') });
    expect(existsSync(join(root, 'server', '.data', 'postgres', 'PG_VERSION'))).toBe(true);
  });
});
