import type { NotReadyReason } from '../domain/call-centre';
import type { RoutingEngine } from './routing-engine';
import type { RoutingEvent } from './routing.events';
import type { Actor, AgentProfile, NewContact, QueueDefinition } from './routing.types';

/**
 * The engine's commands as data, for callers that queue, log or replay them: the server's routing service sends
 * every change to the core this way, and the property tests generate them. `RoutingEngine.dispatch(command, now)`
 * runs one.
 */
export type RoutingCommand =
  | { readonly type: 'upsert_queue'; readonly queue: QueueDefinition }
  | { readonly type: 'remove_queue'; readonly queueId: string }
  | { readonly type: 'upsert_agent'; readonly agent: AgentProfile }
  | { readonly type: 'remove_agent'; readonly agentId: string }
  | {
      readonly type: 'login';
      readonly agentId: string;
      readonly notReadyReason?: NotReadyReason;
      readonly by?: Actor;
    }
  | { readonly type: 'logout'; readonly agentId: string; readonly by?: Actor }
  | { readonly type: 'set_available'; readonly agentId: string; readonly by?: Actor }
  | { readonly type: 'set_not_ready'; readonly agentId: string; readonly reason: NotReadyReason; readonly by?: Actor }
  | { readonly type: 'disconnect'; readonly agentId: string }
  | { readonly type: 'reconnect'; readonly agentId: string }
  | { readonly type: 'enqueue'; readonly contact: NewContact }
  | { readonly type: 'abandon'; readonly contactId: string }
  | { readonly type: 'accept'; readonly contactId: string; readonly agentId: string; readonly offerId?: string }
  | { readonly type: 'reject'; readonly contactId: string; readonly agentId: string; readonly offerId?: string }
  | { readonly type: 'end'; readonly contactId: string }
  | { readonly type: 'end_wrap_up'; readonly agentId: string; readonly contactId?: string; readonly by?: Actor }
  | { readonly type: 'transfer_to_queue'; readonly contactId: string; readonly queueId: string; readonly by?: Actor }
  | {
      readonly type: 'transfer_to_agent';
      readonly contactId: string;
      readonly agentId: string;
      readonly queueId?: string;
      readonly by?: Actor;
    }
  | { readonly type: 'request_callback'; readonly contactId: string }
  | { readonly type: 'reserve_agent'; readonly agentId: string; readonly contactId: string; readonly by?: Actor }
  | { readonly type: 'release_agent'; readonly agentId: string; readonly by?: Actor }
  | { readonly type: 'hand_over'; readonly contactId: string; readonly agentId: string; readonly by?: Actor }
  | { readonly type: 'set_priority_boost'; readonly contactId: string; readonly boost: number; readonly by?: Actor }
  | { readonly type: 'withdraw_ringing_offers' }
  | { readonly type: 'tick' };

export type RoutingCommandType = RoutingCommand['type'];

/** Runs a command given as data on the engine: the same call, at the same cost, as the matching method. */
export function dispatchCommand(engine: RoutingEngine, command: RoutingCommand, now: number): RoutingEvent[] {
  switch (command.type) {
    case 'upsert_queue':
      return engine.upsertQueue(command.queue, now);
    case 'remove_queue':
      return engine.removeQueue(command.queueId, now);
    case 'upsert_agent':
      return engine.upsertAgent(command.agent, now);
    case 'remove_agent':
      return engine.removeAgent(command.agentId, now);
    case 'login':
      return engine.login(command.agentId, now, { notReadyReason: command.notReadyReason, by: command.by });
    case 'logout':
      return engine.logout(command.agentId, now, command.by);
    case 'set_available':
      return engine.setAvailable(command.agentId, now, command.by);
    case 'set_not_ready':
      return engine.setNotReady(command.agentId, command.reason, now, command.by);
    case 'disconnect':
      return engine.disconnect(command.agentId, now);
    case 'reconnect':
      return engine.reconnect(command.agentId, now);
    case 'enqueue':
      return engine.enqueue(command.contact, now);
    case 'abandon':
      return engine.abandon(command.contactId, now);
    case 'accept':
      return engine.acceptOffer(command.contactId, command.agentId, now, command.offerId);
    case 'reject':
      return engine.rejectOffer(command.contactId, command.agentId, now, command.offerId);
    case 'end':
      return engine.endContact(command.contactId, now);
    case 'end_wrap_up':
      return engine.endWrapUp(command.agentId, now, command.contactId, command.by);
    case 'transfer_to_queue':
      return engine.transferToQueue(command.contactId, command.queueId, now, command.by);
    case 'transfer_to_agent':
      return engine.transferToAgent(command.contactId, command.agentId, now, {
        queueId: command.queueId,
        by: command.by,
      });
    case 'request_callback':
      return engine.requestCallback(command.contactId, now);
    case 'reserve_agent':
      return engine.reserveAgent(command.agentId, command.contactId, now, command.by);
    case 'release_agent':
      return engine.releaseAgent(command.agentId, now, command.by);
    case 'hand_over':
      return engine.handOver(command.contactId, command.agentId, now, command.by);
    case 'set_priority_boost':
      return engine.setPriorityBoost(command.contactId, command.boost, now, command.by);
    case 'withdraw_ringing_offers':
      return engine.withdrawRingingOffers(now);
    case 'tick':
      return engine.tick(now);
  }
}
