import { DomainError } from '../../common/http/domain-error';
import type { RealtimeSocket } from './realtime.service';
import { runCommand } from './socket-commands';

function agentSocket(): RealtimeSocket {
  const data = { user: { id: 'agent-1', roles: ['agent'] }, sessionId: null, seq: 0, ready: true, tokens: 30, tokensAt: Date.now() };
  return { data } as unknown as RealtimeSocket;
}

describe('socket commands refused while routing is away', () => {
  it('keep the code and when to try again of a 503, as the REST answer does', async () => {
    const standby = await runCommand(agentSocket(), 'agent:state', null, {}, async () => {
      throw new DomainError('ROUTER_STANDBY', 'Another server instance routes contacts; this one stands by', 503, { retryAfterSeconds: 2 });
    });
    expect(standby).toEqual({
      ok: false,
      error: { code: 'ROUTER_STANDBY', message: 'Another server instance routes contacts; this one stands by', details: { retryAfterSeconds: 2 } },
    });
  });

  it('name an absent database, not an internal error', async () => {
    const refused = await runCommand(agentSocket(), 'agent:heartbeat', null, {}, async () => {
      throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'DATABASE_UNAVAILABLE', details: { retryAfterSeconds: 1 } } });
  });
});
