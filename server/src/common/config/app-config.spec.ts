import { ConfigError, listenHost, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('uses defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, MODE: 'demo', DATA_DIR: '.data', LOG_LEVEL: 'info' });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('reads PORT and DATABASE_URL', () => {
    const config = loadConfig({ PORT: '8080', DATABASE_URL: 'postgres://user@127.0.0.1:5432/centre' });
    expect(config.PORT).toBe(8080);
    expect(config.DATABASE_URL).toBe('postgres://user@127.0.0.1:5432/centre');
  });

  it('sees a closed desktop before a ringing offer (15 s by default) expires, and a vanished router within 30 s', () => {
    expect(loadConfig({})).toMatchObject({ HEARTBEAT_TIMEOUT_SECONDS: 6, RECONNECT_WINDOW_SECONDS: 2, ROUTER_LOCK_TIMEOUT_SECONDS: 30 });
    expect(loadConfig({ RECONNECT_WINDOW_SECONDS: '0' }).RECONNECT_WINDOW_SECONDS).toBe(0);
    expect(() => loadConfig({ ROUTER_LOCK_TIMEOUT_SECONDS: '2' })).toThrow('ROUTER_LOCK_TIMEOUT_SECONDS must be between 5 and 3600');
  });

  it('reads the centre\'s phone region in any case; demo mode reads national numbers as British, like its customers\'', () => {
    expect(loadConfig({ CENTRE_PHONE_REGION: 'hk' }).CENTRE_PHONE_REGION).toBe('HK');
    expect(loadConfig({}).CENTRE_PHONE_REGION).toBe('GB');
    expect(loadConfig({ MODE: 'production' }).CENTRE_PHONE_REGION).toBeUndefined();
  });

  it('listens on 127.0.0.1 in demo mode unless HOST opens it up', () => {
    expect(listenHost(loadConfig({}))).toBe('127.0.0.1');
    expect(listenHost(loadConfig({ HOST: '0.0.0.0' }))).toBe('0.0.0.0');
    expect(listenHost(loadConfig({ HOST: 'callcentre.internal' }))).toBe('callcentre.internal');
  });

  it('makes production name the address it listens on', () => {
    expect(() => listenHost(loadConfig({ MODE: 'production' }))).toThrow(ConfigError);
    expect(() => listenHost(loadConfig({ MODE: 'production' }))).toThrow(/^HOST must be set in production/);
    expect(listenHost(loadConfig({ MODE: 'production', HOST: '::' }))).toBe('::');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be a whole number'],
    [{ PORT: '70000' }, 'PORT must be between 0 and 65535'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must be a postgres:// or postgresql:// URL'],
    [{ MODE: 'staging' }, 'MODE must be one of: demo, production'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of'],
    [{ CENTRE_PHONE_REGION: 'XX' }, 'CENTRE_PHONE_REGION must be a two-letter ISO country code'],
    [{ HOST: 'every interface' }, 'HOST must be an IP address or a host name'],
  ])('rejects %p with a line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
