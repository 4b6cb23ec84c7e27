import { ConfigError, loadConfig } from '../../common/config/app-config';

describe('CENTRE_TIME_ZONE', () => {
  it('defaults to the server’s own time zone (or UTC) and accepts any IANA zone', () => {
    expect(loadConfig({}).CENTRE_TIME_ZONE).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
    expect(loadConfig({ CENTRE_TIME_ZONE: 'Asia/Shanghai' }).CENTRE_TIME_ZONE).toBe('Asia/Shanghai');
    expect(loadConfig({ CENTRE_TIME_ZONE: 'UTC' }).CENTRE_TIME_ZONE).toBe('UTC');
  });

  it.each(['Mars/Olympus_Mons', 'GMT+25', 'Shanghai'])('refuses %p with a line naming the variable', (zone) => {
    expect(() => loadConfig({ CENTRE_TIME_ZONE: zone })).toThrow(ConfigError);
    expect(() => loadConfig({ CENTRE_TIME_ZONE: zone })).toThrow('CENTRE_TIME_ZONE must be an IANA time zone');
  });
});
