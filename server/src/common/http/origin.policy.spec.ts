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

  it('admits a customer page from an allowed origin, and a cross-site one only when it is listed', () => {
    expect(policy.admitsCustomerPage({ origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000', 'sec-fetch-site': 'same-origin' })).toBe(true);
    expect(policy.admitsCustomerPage({ origin: 'https://console.example.com', host: 'cc.example.org', 'sec-fetch-site': 'cross-site' })).toBe(true);
    expect(policy.admitsCustomerPage({ origin: 'https://evil.example', host: '127.0.0.1:3000', 'sec-fetch-site': 'cross-site' })).toBe(false);
    expect(policy.admitsCustomerPage({ host: '127.0.0.1:3000' })).toBe(true);
  });

  it('lets a client without Origin through (not a browser page: it must bring its own credentials)', () => {
    expect(policy.allows(undefined, '127.0.0.1:3000')).toBe(true);
  });
});
