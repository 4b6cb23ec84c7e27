import { ROUTING_ERROR_CODES, ROUTING_ERROR_MESSAGES, RoutingError, isRoutingError } from './routing.errors';

describe('RoutingError', () => {
  it('gives every code a message of its own, a sentence', () => {
    const messages = ROUTING_ERROR_CODES.map((code) => ROUTING_ERROR_MESSAGES[code]);
    for (const message of messages) expect(message).toMatch(/^[A-Z].*\.$/);
    expect(new Set(messages).size).toBe(ROUTING_ERROR_CODES.length);
    expect(Object.keys(ROUTING_ERROR_MESSAGES).sort()).toEqual([...ROUTING_ERROR_CODES].sort());
  });

  it('appends the problem to the code’s message, and leaves an empty problem out', () => {
    const error = new RoutingError('UNKNOWN_QUEUE', { queueId: 'q9', problem: 'q9 was removed' });
    expect(error.message).toBe('No such queue. q9 was removed');
    expect(error.name).toBe('RoutingError');
    expect(error.code).toBe('UNKNOWN_QUEUE');
    expect(error.details).toEqual({ queueId: 'q9', problem: 'q9 was removed' });
    expect(error).toBeInstanceOf(Error);

    expect(new RoutingError('OFFER_EXPIRED').message).toBe('The offer has expired.');
    expect(new RoutingError('OFFER_EXPIRED').details).toEqual({});
    expect(new RoutingError('OFFER_EXPIRED', { problem: '' }).message).toBe('The offer has expired.');
  });

  it('is recognised by isRoutingError, by any code or by its own code only', () => {
    const error = new RoutingError('AGENT_NOT_LOGGED_IN');
    expect(isRoutingError(error)).toBe(true);
    expect(isRoutingError(error, 'AGENT_NOT_LOGGED_IN')).toBe(true);
    expect(isRoutingError(error, 'UNKNOWN_AGENT')).toBe(false);
    expect(isRoutingError(Object.assign(new Error('No such agent.'), { code: 'UNKNOWN_AGENT' }), 'UNKNOWN_AGENT')).toBe(false);
    expect(isRoutingError(undefined)).toBe(false);
  });
});
