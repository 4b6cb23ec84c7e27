import { credentialFromHeaders, parseCookies } from './credentials';
import { socketHandshakeToken } from './socket-auth';

describe('credentialFromHeaders', () => {
  it('prefers X-Api-Key, then Authorization, then the cc_session cookie', () => {
    expect(credentialFromHeaders({ 'x-api-key': 'cck_1', authorization: 'Bearer cca_2', cookie: 'cc_session=cca_3' })).toEqual({ kind: 'api_key', key: 'cck_1' });
    expect(credentialFromHeaders({ authorization: 'Bearer cca_2', cookie: 'cc_session=cca_3' })).toEqual({ kind: 'session', token: 'cca_2', from: 'bearer' });
    expect(credentialFromHeaders({ cookie: 'theme=dark; cc_session=cca_3' })).toEqual({ kind: 'session', token: 'cca_3', from: 'cookie' });
    expect(credentialFromHeaders({})).toEqual({ kind: 'none' });
  });

  it('treats a present but unusable header as malformed, never falling back to the cookie', () => {
    expect(credentialFromHeaders({ authorization: 'Basic abc', cookie: 'cc_session=cca_3' })).toEqual({ kind: 'malformed' });
    expect(credentialFromHeaders({ authorization: 'Bearer', cookie: 'cc_session=cca_3' })).toEqual({ kind: 'malformed' });
    expect(credentialFromHeaders({ 'x-api-key': '  ' })).toEqual({ kind: 'malformed' });
  });

  it('reads the scheme case-insensitively', () => {
    expect(credentialFromHeaders({ authorization: 'bearer cca_2' })).toMatchObject({ kind: 'session', token: 'cca_2' });
  });
});

describe('parseCookies', () => {
  it('splits, trims, unquotes and decodes, keeping the first of duplicates', () => {
    expect(parseCookies('a=1; b="two"; c=x%20y; a=9; broken; =nameless')).toEqual({ a: '1', b: 'two', c: 'x y' });
    expect(parseCookies(undefined)).toEqual({});
  });
});

describe('socketHandshakeToken', () => {
  it('takes auth.token first (with or without Bearer), then the Authorization header, then the cookie', () => {
    expect(socketHandshakeToken({ headers: { cookie: 'cc_session=cca_c' }, auth: { token: 'Bearer cca_a' } })).toBe('cca_a');
    expect(socketHandshakeToken({ headers: { authorization: 'Bearer cca_h', cookie: 'cc_session=cca_c' }, auth: {} })).toBe('cca_h');
    expect(socketHandshakeToken({ headers: { cookie: 'cc_session=cca_c' } })).toBe('cca_c');
  });

  it('ignores API keys: systems do not open sockets', () => {
    expect(socketHandshakeToken({ headers: { 'x-api-key': 'cck_k' } })).toBeNull();
  });
});
