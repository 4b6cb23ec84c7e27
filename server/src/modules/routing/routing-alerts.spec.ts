import { RoutingEngine, type RoutingEvent } from '@callcentre/shared';
import { ROUTING_ALERT_ROLES, routingAlerts } from './routing-alerts';

const T0 = Date.UTC(2026, 4, 20, 9, 0, 0);

function engine(): RoutingEngine {
  const routing = new RoutingEngine({ policy: { missedOffersBeforeNotReady: 2, disconnectGraceSeconds: 20, reofferCooldownSeconds: 0 } });
  routing.upsertQueue({ id: 'q0', name: 'Billing', offerTimeoutSeconds: 10, wrapUpSeconds: 0 }, T0);
  routing.upsertAgent({ id: 'a0', skills: {} }, T0);
  return routing;
}

const names = (id: string) => (id === 'a0' ? 'Amy' : id);
let serial = 0;
const ids = () => `alert-${(serial += 1)}`;

describe('routingAlerts', () => {
  beforeEach(() => (serial = 0));

  it('raises nothing for ordinary work', () => {
    const routing = engine();
    const events: RoutingEvent[] = [...routing.login('a0', T0), ...routing.setAvailable('a0', T0), ...routing.enqueue({ id: 'c1', queueId: 'q0', channel: 'voice' }, T0 + 1000)];
    expect(routingAlerts(events, names, ids)).toEqual([]);
  });

  it('alerts supervisors, team leads and administrators when an agent is made not ready after missed offers', () => {
    const routing = engine();
    routing.login('a0', T0);
    routing.setAvailable('a0', T0);
    // One caller, and nobody answers: each offer expires, and the second miss makes Amy not ready.
    const events: RoutingEvent[] = [...routing.enqueue({ id: 'c1', queueId: 'q0', channel: 'voice' }, T0)];
    for (let at = T0 + 11_000; !events.some((event) => event.type === 'agent.missed_offers') && at < T0 + 120_000; at += 11_000) events.push(...routing.tick(at));
    const alerts = routingAlerts(events, names, ids);
    expect(alerts).toEqual([
      {
        alert: {
          id: 'alert-1',
          kind: 'agent_missed_offers',
          severity: 'warning',
          at: expect.any(Number),
          message: 'Amy missed 2 offers in a row and was made not ready',
          agentId: 'a0',
          agentName: 'Amy',
          contactId: expect.any(String),
          details: { count: 2 },
          acknowledged: null,
        },
        audience: { users: [], roles: ROUTING_ALERT_ROLES },
      },
    ]);
  });

  it('alerts on a desktop lost with a live contact, and on the contact that lost its agent; not on a desktop lost with nothing', () => {
    const routing = engine();
    routing.login('a0', T0);
    routing.setAvailable('a0', T0);
    expect(routingAlerts(routing.disconnect('a0', T0 + 500), names, ids)).toEqual([]);
    routing.reconnect('a0', T0 + 600);
    routing.setAvailable('a0', T0 + 700);
    routing.enqueue({ id: 'c1', queueId: 'q0', channel: 'voice' }, T0 + 1000);
    routing.acceptOffer('c1', 'a0', T0 + 2000);
    const alerts = routingAlerts(routing.disconnect('a0', T0 + 5000), names, ids).map((stored) => stored.alert);
    expect(alerts.map((alert) => [alert.kind, alert.severity])).toEqual([
      ['agent_disconnected_with_contacts', 'critical'],
      ['contact_agent_lost', 'warning'],
    ]);
    expect(alerts[0]).toMatchObject({ agentName: 'Amy', details: { heldContactIds: ['c1'] }, message: "Amy's desktop disconnected while handling 1 contact(s)" });
    expect(alerts[1]).toMatchObject({ contactId: 'c1', queueId: 'q0', agentId: 'a0' });
    // An agent whose name is not known is named by id.
    routing.reconnect('a0', T0 + 6000);
    const [unnamed] = routingAlerts(routing.disconnect('a0', T0 + 7000), () => 'a0', ids);
    expect(unnamed.alert).toMatchObject({ agentName: 'a0', message: "a0's desktop disconnected while handling 1 contact(s)" });
  });
});
