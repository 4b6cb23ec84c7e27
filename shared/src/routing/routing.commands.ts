import type { NotReadyReason } from '../domain/call-centre';
import type { Actor, AgentProfile, NewContact, QueueDefinition } from './routing.types';

/**
 * The engine's commands as data, for callers that queue, log or replay them (the simulator, the property tests,
 * a server-side command log). `RoutingEngine.dispatch(command, now)` runs one.
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
  | { readonly type: 'tick' };

export type RoutingCommandType = RoutingCommand['type'];
