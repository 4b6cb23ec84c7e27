import { RoutingEngine } from '@callcentre/shared';
import { unstaffedQueues } from './unstaffed-queues';

const T0 = Date.UTC(2026, 4, 20, 9, 0, 0);

/** Billing needs billing at 2; Mandarin speakers ask for zh-cmn. Ann speaks English, Mei Mandarin; nobody signed in. */
function centre(): RoutingEngine {
  const routing = new RoutingEngine();
  routing.upsertQueue({ id: 'billing', requiredSkills: [{ skill: 'billing', minProficiency: 2 }], offerTimeoutSeconds: 20, wrapUpSeconds: 0 }, T0);
  routing.upsertQueue({ id: 'general', offerTimeoutSeconds: 20, wrapUpSeconds: 0 }, T0);
  routing.upsertAgent({ id: 'ann', skills: { billing: 3 }, languages: ['en'] }, T0);
  routing.upsertAgent({ id: 'mei', skills: { billing: 1 }, languages: ['zh-cmn'] }, T0);
  routing.upsertAgent({ id: 'ted', skills: { billing: 3 }, languages: ['zh-cmn'], capacity: { voice: 0, chat: 3, email: 5, ticket: 5 } }, T0);
  return routing;
}

describe('unstaffedQueues', () => {
  it('names a queue whose caller no signed-in agent can take, with what they all lack', () => {
    const routing = centre();
    routing.login('ann', T0);
    routing.setNotReady('ann', 'break', T0);
    routing.enqueue({ id: 'c1', queueId: 'billing', channel: 'voice', language: 'zh-cmn' }, T0 + 1000);
    expect(unstaffedQueues(routing, T0 + 180_000)).toEqual([{ queueId: 'billing', contactId: 'c1', waitSeconds: 179, missing: [{ code: 'zh-cmn', kind: 'language' }] }]);
  });

  it('counts an agent on a break or busy as able to take it later, and an offline one as not', () => {
    const routing = centre();
    routing.enqueue({ id: 'c1', queueId: 'billing', channel: 'voice' }, T0 + 1000);
    expect(unstaffedQueues(routing, T0 + 2000)).toEqual([{ queueId: 'billing', contactId: 'c1', waitSeconds: 1, missing: [{ code: 'billing', kind: 'skill' }] }]);
    routing.login('ann', T0 + 3000); // offered to Ann at once
    routing.rejectOffer('c1', 'ann', T0 + 4000);
    routing.setNotReady('ann', 'lunch', T0 + 4000);
    expect(unstaffedQueues(routing, T0 + 5000)).toEqual([]);
  });

  it('lists every requirement when some agents have each but nobody has all, and none when only the channel is lacking', () => {
    const other = centre();
    for (const id of ['ann', 'mei']) {
      other.login(id, T0);
      other.setNotReady(id, 'break', T0);
    }
    other.enqueue({ id: 'c2', queueId: 'billing', channel: 'voice', language: 'zh-cmn' }, T0 + 1000);
    expect(unstaffedQueues(other, T0 + 2000)).toEqual([
      { queueId: 'billing', contactId: 'c2', waitSeconds: 1, missing: [{ code: 'billing', kind: 'skill' }, { code: 'zh-cmn', kind: 'language' }] },
    ]);

    const noPhone = centre();
    noPhone.login('ted', T0);
    noPhone.enqueue({ id: 'c3', queueId: 'billing', channel: 'voice', language: 'zh-cmn' }, T0 + 1000);
    expect(unstaffedQueues(noPhone, T0 + 2000)).toEqual([{ queueId: 'billing', contactId: 'c3', waitSeconds: 1, missing: [] }]);
  });

  it('judges each queue once, on its longest-waiting contact', () => {
    const routing = centre();
    routing.enqueue({ id: 'c1', queueId: 'general', channel: 'voice' }, T0 + 1000);
    routing.enqueue({ id: 'c2', queueId: 'general', channel: 'voice' }, T0 + 2000);
    expect(unstaffedQueues(routing, T0 + 3000)).toEqual([{ queueId: 'general', contactId: 'c1', waitSeconds: 2, missing: [] }]);
  });
});
