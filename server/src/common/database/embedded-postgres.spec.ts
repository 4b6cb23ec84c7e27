import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertPostgresCanReach, embeddedSharedBuffersMb, EmbeddedPostgresUnreachableError, firstFolderClosedTo } from './embedded-postgres';

describe('whether the postgres system user can reach the embedded PostgreSQL', () => {
  let top: string;
  let project: string;
  /** Someone who neither owns nor shares a group with the test folders, as `postgres` is to a root clone. */
  let stranger: { uid: number; gid: number };

  beforeEach(() => {
    top = mkdtempSync(join(tmpdir(), 'callcentre-reach-'));
    project = join(top, 'home', 'callcentre');
    mkdirSync(project, { recursive: true });
    chmodSync(top, 0o755);
    const owner = statSync(top);
    stranger = { uid: owner.uid + 4242, gid: owner.gid + 4242 };
  });
  afterEach(() => {
    chmodSync(join(top, 'home'), 0o755);
    rmSync(top, { recursive: true, force: true });
  });

  it('finds the folder closed to others on the way, like root\'s home (mode 700)', () => {
    chmodSync(join(top, 'home'), 0o700);
    expect(firstFolderClosedTo(join(project, 'node_modules'), stranger)).toBe(join(top, 'home'));
    expect(() => assertPostgresCanReach([join(project, '.data')], stranger)).toThrow(EmbeddedPostgresUnreachableError);
    expect(() => assertPostgresCanReach([join(project, '.data')], stranger)).toThrow(
      `the embedded PostgreSQL runs as the system user "postgres", who cannot enter ${join(top, 'home')} (mode 700) on the way to ${join(project, '.data')}: ` +
        'put the project in a folder other users can enter (such as /opt or /srv), or set DATABASE_URL to a PostgreSQL of your own',
    );
  });

  it('lets through folders open to others, or to the user as owner or by group', () => {
    expect(firstFolderClosedTo(join(project, '.data', 'postgres'), stranger)).toBeNull();
    const owner = statSync(top);
    chmodSync(join(top, 'home'), 0o710);
    expect(firstFolderClosedTo(project, { uid: stranger.uid, gid: owner.gid })).toBeNull();
    chmodSync(join(top, 'home'), 0o700);
    expect(firstFolderClosedTo(project, { uid: owner.uid, gid: stranger.gid })).toBeNull();
    expect(() => assertPostgresCanReach([project], { uid: owner.uid, gid: stranger.gid })).not.toThrow();
  });
});

describe('the embedded PostgreSQL’s buffers', () => {
  const GB = 1024 ** 3;

  it('takes an eighth of the machine’s memory', () => {
    expect(embeddedSharedBuffersMb(4 * GB)).toBe(512);
  });

  it('keeps PostgreSQL’s default on a small machine and stops at 1 GB on a large one', () => {
    expect(embeddedSharedBuffersMb(0.5 * GB)).toBe(128);
    expect(embeddedSharedBuffersMb(24 * GB)).toBe(1024);
  });
});
