import { at, contactOf, engineWith, offers, queueDef, agentProfile } from './testing/routing-factories';

/**
 * The choice of contact when the best candidates tie on priority, across a queue whose waiting contacts were
 * refused by someone else (the agent then looks past refusals) and one whose were not. Without aging, contacts of
 * one value tier tie on priority, so arrival and then creation decide.
 */
describe('routing engine: the freed agent’s choice past another agent’s refusal', () => {
  /**
   * `refused` waits in queue `b` after agent `other` refused it; `plain` waits in queue `a`. Then `agent`, who
   * serves both, logs in. Returns what is offered to `agent`.
   */
  function chooseBetween(options: { refused: { enqueuedAt: number }; plain: { enqueuedAt: number }; refusedCreatedFirst: boolean }): string[] {
    const engine = engineWith({
      policy: { agingSecondsPerPoint: 0, reofferCooldownSeconds: 600, missedOffersBeforeNotReady: 0 },
      queues: [
        queueDef('a', { requiredSkills: [{ skill: 'a', minProficiency: 1 }] }),
        queueDef('b', { requiredSkills: [{ skill: 'b', minProficiency: 1 }] }),
      ],
      agents: [agentProfile('agent', { a: 1, b: 1 }), agentProfile('other', { b: 1 })],
      loggedIn: ['other'],
    });
    const refuse = () => {
      expect(offers(engine.enqueue(contactOf('refused', 'b', { enqueuedAt: at(options.refused.enqueuedAt) }), at(10)))).toEqual(['refused>other']);
      engine.rejectOffer('refused', 'other', at(10));
    };
    const wait = () => expect(offers(engine.enqueue(contactOf('plain', 'a', { enqueuedAt: at(options.plain.enqueuedAt) }), at(10)))).toEqual([]);
    if (options.refusedCreatedFirst) {
      refuse();
      wait();
    } else {
      wait();
      refuse();
    }
    expect(engine.getContact('refused')).toMatchObject({ status: 'waiting' });
    return offers(engine.login('agent', at(11)));
  }

  it.each([
    ['the refused contact, which arrived and was created first', { refused: { enqueuedAt: 1 }, plain: { enqueuedAt: 2 }, refusedCreatedFirst: true }, 'refused'],
    ['the other contact, which arrived and was created first', { refused: { enqueuedAt: 2 }, plain: { enqueuedAt: 1 }, refusedCreatedFirst: false }, 'plain'],
    ['the refused contact, arrived first though created second', { refused: { enqueuedAt: 1 }, plain: { enqueuedAt: 2 }, refusedCreatedFirst: false }, 'refused'],
    ['the other contact, arrived first though created second', { refused: { enqueuedAt: 2 }, plain: { enqueuedAt: 1 }, refusedCreatedFirst: true }, 'plain'],
    ['the refused contact, arrived together and created first', { refused: { enqueuedAt: 1 }, plain: { enqueuedAt: 1 }, refusedCreatedFirst: true }, 'refused'],
    ['the other contact, arrived together and created first', { refused: { enqueuedAt: 1 }, plain: { enqueuedAt: 1 }, refusedCreatedFirst: false }, 'plain'],
  ])('offers %s', (_name, options, winner) => {
    expect(chooseBetween(options)).toEqual([`${winner}>agent`]);
  });
});

describe('routing engine: the strategy’s choice across relaxation steps', () => {
  it('gives a contact already relaxed on arrival to the longest idle agent, whichever step each agent qualifies at', () => {
    const engine = engineWith({
      queues: [queueDef('q', { requiredSkills: [{ skill: 'tech', minProficiency: 4 }], relaxation: [{ afterSeconds: 15, lowerMinProficiencyBy: 2 }] })],
      // `expert` qualifies from the start, `novice` only once the contact has relaxed; `novice` is idle longer.
      agents: [agentProfile('expert', { tech: 4 }), agentProfile('novice', { tech: 2 })],
      loggedIn: [],
    });
    engine.login('novice', at(0));
    engine.login('expert', at(5));
    // Waited 30 s in the IVR: relaxed to the second step on arrival, so both agents can take it.
    expect(offers(engine.enqueue(contactOf('c', 'q', { enqueuedAt: at(0) }), at(30)))).toEqual(['c>novice']);
  });
});
