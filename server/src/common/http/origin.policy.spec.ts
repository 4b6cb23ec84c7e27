import { OriginPolicy } from './origin.policy';

describe('OriginPolicy', () => {
  const policy = new OriginPolicy(' https://console.example.com , http://localhost:5173,not a url');

  it('allows the same origin as the Host the request reached', () => {
    expect(policy.allows('http://127.0.0.1:3000', '127.0.0.1:3000')).toBe(true);
    expect(policy.allows('https://CC.example.org', 'cc.example.org')).toBe(true);
  });

  it('allows the origins listed in CORS_ORIGINS, whatever the Host', () => {
    expect(policy.allows('https://console.example.com', 'api.internal:3000')).toBe(true);
    expect(policy.allows('http://localhost:5173', 'localhost:3000')).toBe(true);
    expect(policy.isListed('http://localhost:5173')).toBe(true);
  });

  it('refuses other sites, opaque and malformed origins', () => {
    expect(policy.allows('https://evil.example', '127.0.0.1:3000')).toBe(false);
    expect(policy.allows('http://127.0.0.1:3001', '127.0.0.1:3000')).toBe(false);
    expect(policy.allows('null', '127.0.0.1:3000')).toBe(false);
    expect(policy.allows('file:///tmp/page.html', '127.0.0.1:3000')).toBe(false);
    expect(policy.allows('https://console.example.com.evil.example', 'x')).toBe(false);
    expect(policy.isListed('https://evil.example')).toBe(false);
  });

  it('lets a client without Origin through (not a browser page: it must bring its own credentials)', () => {
    expect(policy.allows(undefined, '127.0.0.1:3000')).toBe(true);
  });
});
