import { EventEmitter2 } from '@nestjs/event-emitter';
import { SURVEY_CREATED, type SurveyCreated } from '../../../server/src/modules/satisfaction/satisfaction.events';
import { call, type DemoStaff } from '../../factories/routing';
import type { TestApp } from '../../support/test-app';
import { eventually } from '../realtime/support';

/** Every survey announced by the server, kept with its token (the only place a web survey's token exists). */
export function recordSurveys(server: TestApp): Map<string, SurveyCreated> {
  const surveys = new Map<string, SurveyCreated>();
  server.app.get(EventEmitter2).on(SURVEY_CREATED, (created: SurveyCreated) => surveys.set(created.interactionId, created));
  return surveys;
}

/**
 * A contact served by `agent` and ended by the telephony (the agent goes into after-contact work): ingested on
 * `queue` with the agent preferred, accepted, ended.
 */
export async function servedContact(
  server: TestApp,
  options: { pbx: Record<string, string>; agent: DemoStaff; supervisor: DemoStaff; channel: 'voice' | 'chat' | 'email'; queue?: string; customerId?: string },
): Promise<string> {
  const caller = options.customerId ? { customerId: options.customerId } : { name: 'Survey caller' };
  const ingested = await call(server.baseUrl, 'POST', '/api/interactions', options.pbx, { channel: options.channel, caller, queue: options.queue ?? 'general', preferredAgentId: options.agent.id });
  expect(ingested.status).toBe(201);
  const id: string = ingested.body.interaction.id;
  const offer = await eventually(async () => (await call(server.baseUrl, 'GET', `/api/interactions/${id}`, options.supervisor.headers)).body.offer, 5000, 'the offer');
  expect((await call(server.baseUrl, 'POST', `/api/interactions/${id}/accept`, options.agent.headers, { offerId: offer.offerId })).status).toBe(200);
  expect((await call(server.baseUrl, 'POST', `/api/interactions/${id}/end`, options.pbx)).body.status).toBe('wrap_up');
  return id;
}

/** Finishes the agent's after-contact work so they take the next contact. */
export async function finishWrapUp(server: TestApp, agent: DemoStaff, id: string): Promise<void> {
  expect((await call(server.baseUrl, 'POST', `/api/interactions/${id}/wrap-up`, agent.headers, { disposition: 'resolved' })).status).toBe(200);
}
