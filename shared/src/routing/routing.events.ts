import type { AgentState, Channel, NotReadyReason, ValueTier } from '../domain/call-centre';
import type { Actor } from './routing.types';

/**
 * Everything that changed, in the order it happened. Each command returns the events it caused; the server
 * persists them in one transaction, then announces them. Times are epoch ms; durations are seconds (decimals kept).
 *
 * Per-queue accounting: `queueId` is the queue the contact is in when the event happens. A contact entering a
 * queue (arrival, overflow in, transfer in) always gets a `contact.queued` there, and one leaving a queue by
 * overflow or transfer gets `contact.overflowed` / `contact.transferred` with the queue it leaves as `queueId`.
 * `queueEnteredAt` (entry into the current queue) measures per-queue waits; `enqueuedAt` is the place in line
 * (kept on overflow, callback and release after a disconnect; fresh on transfer); `totalWaitSeconds` is all the
 * waiting the customer did.
 */
interface ContactEventBase {
  readonly at: number;
  readonly contactId: string;
  readonly queueId: string;
  readonly channel: Channel;
}

export interface RoutingContactQueuedEvent extends ContactEventBase {
  readonly type: 'contact.queued';
  readonly reason: 'arrival' | 'overflow' | 'transfer';
  readonly enqueuedAt: number;
  readonly queueEnteredAt: number;
  readonly valueTier: ValueTier;
  readonly complaint: boolean;
  readonly language: string | null;
  readonly callback: boolean;
  readonly priority: number;
  readonly preferredAgentId: string | null;
}

export interface RoutingContactOfferedEvent extends ContactEventBase {
  readonly type: 'contact.offered';
  readonly agentId: string;
  readonly offerId: string;
  readonly expiresAt: number;
  /** Wait of the current leg so far. */
  readonly waitSeconds: number;
  readonly callback: boolean;
  /** 1 for the first offer of this contact, 2 for the second, ... */
  readonly attempt: number;
}

interface OfferEventBase extends ContactEventBase {
  readonly agentId: string;
  readonly offerId: string;
  /** How long the offer rang. */
  readonly ringSeconds: number;
}

export interface RoutingOfferAcceptedEvent extends OfferEventBase {
  readonly type: 'offer.accepted';
}

export interface RoutingOfferRejectedEvent extends OfferEventBase {
  readonly type: 'offer.rejected';
  readonly countsAsMissed: boolean;
}

export interface RoutingOfferExpiredEvent extends OfferEventBase {
  readonly type: 'offer.expired';
}

export type OfferWithdrawnReason =
  | 'abandoned'
  | 'agent_not_ready'
  | 'agent_logged_out'
  | 'agent_disconnected'
  | 'transferred'
  /** Routing was rebuilt from its journal (a restart, a takeover, a failed commit): the desktop may have missed the offer's end. */
  | 'routing_rebuilt';

export interface RoutingOfferWithdrawnEvent extends OfferEventBase {
  readonly type: 'offer.withdrawn';
  readonly reason: OfferWithdrawnReason;
}

export interface RoutingContactConnectedEvent extends ContactEventBase {
  readonly type: 'contact.connected';
  readonly agentId: string;
  /** Wait of the current leg (what ASA and service level use). */
  readonly waitSeconds: number;
  /** All waiting the customer did, earlier legs included. */
  readonly totalWaitSeconds: number;
  readonly enqueuedAt: number;
  readonly queueEnteredAt: number;
  readonly firstEnqueuedAt: number;
  readonly serviceLevelThresholdSeconds: number;
  readonly callback: boolean;
  readonly valueTier: ValueTier;
}

export interface RoutingContactWrapUpEvent extends ContactEventBase {
  readonly type: 'contact.wrap_up';
  readonly agentId: string;
  readonly talkSeconds: number;
  readonly wrapUpEndsAt: number;
}

export interface RoutingContactCompletedEvent extends ContactEventBase {
  readonly type: 'contact.completed';
  readonly agentId: string;
  readonly talkSeconds: number;
  readonly wrapUpSeconds: number;
  /** Talk plus after-contact work (AHT input). */
  readonly handleSeconds: number;
  /** Who ended the work: the telephony (no wrap-up), the agent, or the wrap-up timer. */
  readonly endedBy: 'contact_end' | 'agent' | 'wrap_up_timer';
}

export interface RoutingContactAbandonedEvent extends ContactEventBase {
  readonly type: 'contact.abandoned';
  readonly waitSeconds: number;
  readonly totalWaitSeconds: number;
  readonly enqueuedAt: number;
  readonly queueEnteredAt: number;
  /** The agent whose offer was ringing when the customer left, if any. */
  readonly offeredAgentId: string | null;
  readonly callback: boolean;
}

/** The contact left `queueId` for `toQueueId` (which reports a `contact.queued`), keeping its place in line. */
export interface RoutingContactOverflowedEvent extends ContactEventBase {
  readonly type: 'contact.overflowed';
  readonly toQueueId: string;
  readonly enqueuedAt: number;
  readonly queueEnteredAt: number;
  readonly waitSeconds: number;
}

/** The contact left `queueId` (or its agent) for `toQueueId`, which reports a `contact.queued`. */
export interface RoutingContactTransferredEvent extends ContactEventBase {
  readonly type: 'contact.transferred';
  readonly toQueueId: string;
  /** The agent who held the contact (null when it was waiting). */
  readonly fromAgentId: string | null;
  /** Set for a transfer to a specific agent. */
  readonly toAgentId: string | null;
  readonly by: Actor;
  /** Customer's waiting so far, kept across the transfer. */
  readonly totalWaitSeconds: number;
  /**
   * Talk of the agent who held the contact, from the answer to the transfer: that agent's handle time, as no
   * after-contact work follows a transfer. Null when the contact was waiting.
   */
  readonly talkSeconds: number | null;
}

export interface RoutingContactCallbackRequestedEvent extends ContactEventBase {
  readonly type: 'contact.callback_requested';
  readonly waitSeconds: number;
}

export interface RoutingContactRequeuedEvent extends ContactEventBase {
  readonly type: 'contact.requeued';
  readonly fromAgentId: string;
  readonly reason: 'agent_disconnected';
  readonly enqueuedAt: number;
  /** Talk of the agent whose desktop was lost, from the answer to the hand-back: that agent's handle time. */
  readonly talkSeconds: number;
}

export interface RoutingContactRelaxedEvent extends ContactEventBase {
  readonly type: 'contact.relaxed';
  readonly step: number;
}

/** A supervisor changed the priority points of a waiting (or ringing) contact: its place in line follows. */
export interface RoutingContactReprioritizedEvent extends ContactEventBase {
  readonly type: 'contact.reprioritized';
  readonly boost: number;
  readonly previousBoost: number;
  /** Effective priority after the change (aging included). */
  readonly priority: number;
  readonly by?: Actor;
}

export interface RoutingContactPreferenceEndedEvent extends ContactEventBase {
  readonly type: 'contact.preference_ended';
  readonly preferredAgentId: string;
  readonly reason: 'window_elapsed' | 'agent_logged_out' | 'agent_disconnected' | 'refused' | 'overflowed';
}

export interface RoutingContactAgentLostEvent extends ContactEventBase {
  readonly type: 'contact.agent_lost';
  readonly agentId: string;
  readonly graceEndsAt: number;
}

export interface RoutingAgentStateChangedEvent {
  readonly type: 'agent.state_changed';
  readonly at: number;
  readonly agentId: string;
  readonly from: AgentState;
  readonly fromReason: NotReadyReason | null;
  readonly to: AgentState;
  readonly reason: NotReadyReason | null;
  readonly by: Actor;
  /** Time spent in `from`. */
  readonly secondsInPrevious: number;
}

export interface RoutingAgentNotReadyPendingEvent {
  readonly type: 'agent.not_ready_pending';
  readonly at: number;
  readonly agentId: string;
  /** Null when the pending request was cleared (the agent asked to stay available). */
  readonly reason: NotReadyReason | null;
  readonly by: Actor;
}

export interface RoutingAgentMissedOffersEvent {
  readonly type: 'agent.missed_offers';
  readonly at: number;
  readonly agentId: string;
  readonly count: number;
  readonly lastContactId: string;
}

export interface RoutingAgentDisconnectedEvent {
  readonly type: 'agent.disconnected';
  readonly at: number;
  readonly agentId: string;
  readonly graceEndsAt: number | null;
  readonly heldContactIds: readonly string[];
}

export interface RoutingAgentReconnectedEvent {
  readonly type: 'agent.reconnected';
  readonly at: number;
  readonly agentId: string;
  readonly heldContactIds: readonly string[];
}

export type RoutingEvent =
  | RoutingContactQueuedEvent
  | RoutingContactOfferedEvent
  | RoutingOfferAcceptedEvent
  | RoutingOfferRejectedEvent
  | RoutingOfferExpiredEvent
  | RoutingOfferWithdrawnEvent
  | RoutingContactConnectedEvent
  | RoutingContactWrapUpEvent
  | RoutingContactCompletedEvent
  | RoutingContactAbandonedEvent
  | RoutingContactOverflowedEvent
  | RoutingContactTransferredEvent
  | RoutingContactCallbackRequestedEvent
  | RoutingContactRequeuedEvent
  | RoutingContactRelaxedEvent
  | RoutingContactReprioritizedEvent
  | RoutingContactPreferenceEndedEvent
  | RoutingContactAgentLostEvent
  | RoutingAgentStateChangedEvent
  | RoutingAgentNotReadyPendingEvent
  | RoutingAgentMissedOffersEvent
  | RoutingAgentDisconnectedEvent
  | RoutingAgentReconnectedEvent;

export type RoutingEventType = RoutingEvent['type'];
export type RoutingEventOf<T extends RoutingEventType> = Extract<RoutingEvent, { type: T }>;

export const ROUTING_EVENT_TYPES: readonly RoutingEventType[] = [
  'contact.queued',
  'contact.offered',
  'offer.accepted',
  'offer.rejected',
  'offer.expired',
  'offer.withdrawn',
  'contact.connected',
  'contact.wrap_up',
  'contact.completed',
  'contact.abandoned',
  'contact.overflowed',
  'contact.transferred',
  'contact.callback_requested',
  'contact.requeued',
  'contact.relaxed',
  'contact.reprioritized',
  'contact.preference_ended',
  'contact.agent_lost',
  'agent.state_changed',
  'agent.not_ready_pending',
  'agent.missed_offers',
  'agent.disconnected',
  'agent.reconnected',
];
