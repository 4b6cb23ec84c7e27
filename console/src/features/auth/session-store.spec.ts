import { memoryStorage } from '../../testing/render';
import { aSession } from '../../testing/fixtures';
import { createSessionStore, SESSION_STORAGE_KEY } from './session-store';

const amy = aSession({ username: 'amy', displayName: 'Amy Walker', role: 'agent' });

describe('session store', () => {
  it('starts signed out, keeps the session and tells subscribers', () => {
    const storage = memoryStorage();
    const store = createSessionStore(storage);
    const listener = jest.fn();
    store.subscribe(listener);

    expect(store.get()).toBeNull();
    store.set(amy);
    expect(store.get()).toEqual(amy);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(JSON.parse(storage.getItem(SESSION_STORAGE_KEY) ?? 'null')).toEqual(amy);
  });

  it('restores the session of this tab after a reload', () => {
    const storage = memoryStorage({ [SESSION_STORAGE_KEY]: JSON.stringify(amy) });
    expect(createSessionStore(storage).get()).toEqual(amy);
  });

  it('forgets the session on sign-out', () => {
    const storage = memoryStorage();
    const store = createSessionStore(storage);
    store.set(amy);
    store.set(null);
    expect(store.get()).toBeNull();
    expect(store.endReason()).toBeNull();
    expect(storage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('remembers why a session ended by itself until the next sign-in', () => {
    const store = createSessionStore(memoryStorage());
    store.set(amy);
    store.set(null, 'expired');
    expect(store.endReason()).toBe('expired');
    store.set(amy);
    expect(store.endReason()).toBeNull();
  });

  it('keeps no token, only who is signed in and when the tokens expire', () => {
    const storage = memoryStorage();
    createSessionStore(storage).set(amy);
    expect(Object.keys(JSON.parse(storage.getItem(SESSION_STORAGE_KEY) ?? '{}')).sort()).toEqual(
      ['accessTokenExpiresAt', 'displayName', 'role', 'roles', 'sessionExpiresAt', 'teamLeadId', 'userId', 'username'].sort(),
    );
  });

  it.each([['not json'], [JSON.stringify({ ...aSession(), role: 'janitor' })], [JSON.stringify({ username: 'amy', displayName: 'amy', role: 'agent' })], [JSON.stringify({ role: 'agent' })]])(
    'starts signed out from unreadable stored data %s',
    (saved) => {
      expect(createSessionStore(memoryStorage({ [SESSION_STORAGE_KEY]: saved })).get()).toBeNull();
    },
  );

  it('works without storage', () => {
    const store = createSessionStore();
    store.set(amy);
    expect(store.get()).toEqual(amy);
  });
});
