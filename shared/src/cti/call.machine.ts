import { assertEvent, assign, setup } from 'xstate';
import { MAX_CONFERENCE_PARTIES, type CallCommand, type CallContext, type CallEvent } from './call.types';

const seconds = (ms: number) => Math.max(0, Math.round(ms) / 1000);

/** The context with a running hold ended at `at` (its time added to the hold total). */
function endHold(context: CallContext, at: number): Pick<CallContext, 'held' | 'heldSince' | 'holdSeconds'> {
  if (!context.held || context.heldSince === null) return { held: false, heldSince: null, holdSeconds: context.holdSeconds };
  return { held: false, heldSince: null, holdSeconds: context.holdSeconds + seconds(at - context.heldSince) };
}

const startHold = (context: CallContext, at: number) => (context.held ? {} : { held: true, heldSince: at });

/**
 * Whether the command may be sent now (pure; the console asks `snapshot.can` with it). One command at a time;
 * hold and resume only outside a consult (the consult holds the caller itself); a consult, a blind transfer or
 * bringing a new colleague in only with the call's own people; never to the handling agent themself; a blind
 * transfer names a colleague or a queue, not both.
 */
export function commandAllowed(context: CallContext, command: CallCommand): boolean {
  const isParty = (agentId: string) => context.parties.some((party) => party.agentId === agentId);
  const aColleague = (agentId: string | null | undefined) =>
    typeof agentId === 'string' && agentId.length > 0 && agentId !== context.agentId && !isParty(agentId) && context.consult?.agentId !== agentId;
  switch (command.type) {
    case 'hold':
      return !context.held && context.consult === null;
    case 'resume':
      return context.held && context.consult === null;
    case 'mute':
      return !context.muted;
    case 'unmute':
      return context.muted;
    case 'consult':
      return context.consult === null && context.parties.length === 0 && aColleague(command.agentId);
    case 'consult_cancel':
      return context.consult !== null;
    case 'transfer_complete':
      return context.consult !== null && context.parties.length === 0;
    case 'blind_transfer':
      if (context.consult !== null || context.parties.length > 0) return false;
      return command.queueId ? !command.agentId : aColleague(command.agentId);
    case 'conference_add':
      if (context.parties.length >= MAX_CONFERENCE_PARTIES) return false;
      return command.agentId ? context.consult === null && aColleague(command.agentId) : context.consult !== null;
    case 'conference_drop':
      return isParty(command.agentId);
    case 'end':
      return true;
  }
}

/** What a confirmed command does to the call. */
function applyCommand(context: CallContext, command: CallCommand, at: number): Partial<CallContext> {
  switch (command.type) {
    case 'hold':
      return startHold(context, at);
    case 'resume':
      return endHold(context, at);
    case 'mute':
      return { muted: true };
    case 'unmute':
      return { muted: false };
    case 'consult':
      return { ...startHold(context, at), consult: { agentId: command.agentId, queueId: command.queueId ?? null, since: at, heldCaller: !context.held } };
    case 'consult_cancel':
      return { consult: null, ...(context.consult?.heldCaller ? endHold(context, at) : {}) };
    case 'transfer_complete':
      // The consulted colleague has the caller now, off hold, unmuted.
      return { ...endHold(context, at), agentId: context.consult?.agentId ?? context.agentId, consult: null, muted: false };
    case 'blind_transfer':
      // To a queue the call waits for the next free agent: the desktop that gave it away is its last one.
      return { ...endHold(context, at), agentId: command.agentId ?? context.agentId, muted: false, outcome: 'transferred' };
    case 'conference_add': {
      const agentId = command.agentId ?? context.consult?.agentId;
      if (!agentId) return {};
      const resumed = context.consult?.heldCaller || (!command.agentId && context.held) ? endHold(context, at) : {};
      return { ...resumed, consult: null, parties: [...context.parties, { agentId, since: at }] };
    }
    case 'conference_drop':
      return { parties: context.parties.filter((party) => party.agentId !== command.agentId) };
    case 'end':
      return { ...endHold(context, at), consult: null, parties: [], outcome: 'ended' };
  }
}

const answersPending = (context: CallContext, event: CallEvent) =>
  'commandId' in event && context.pending !== null && context.pending.commandId === event.commandId;

export const callMachine = setup({
  types: {
    context: {} as CallContext,
    events: {} as CallEvent,
    input: {} as { contactId: string; agentId: string },
  },
  guards: {
    isAllowedCommand: ({ context, event }) => event.type === 'command.requested' && commandAllowed(context, event.command),
    answersPendingCommand: ({ context, event }) => answersPending(context, event),
    confirmsEnd: ({ context, event }) => answersPending(context, event) && event.type === 'command.confirmed' && context.pending?.command.type === 'end',
    confirmsBlindTransfer: ({ context, event }) =>
      answersPending(context, event) && event.type === 'command.confirmed' && context.pending?.command.type === 'blind_transfer',
  },
  actions: {
    recordPending: assign(({ event }) => {
      assertEvent(event, 'command.requested');
      return { pending: { commandId: event.commandId, command: event.command, requestedAt: event.at, requestedBy: event.by, expiresAt: event.expiresAt } };
    }),
    applyPending: assign(({ context, event }) => {
      assertEvent(event, 'command.confirmed');
      const command = context.pending?.command;
      return { ...(command ? applyCommand(context, command, event.at) : {}), pending: null, lastFailure: null };
    }),
    failPending: assign(({ context, event }) => {
      assertEvent(event, ['command.refused', 'command.expired']);
      const pending = context.pending;
      if (!pending) return {};
      return {
        pending: null,
        lastFailure: {
          commandId: pending.commandId,
          commandType: pending.command.type,
          reason: event.type === 'command.refused' ? ('refused' as const) : ('timeout' as const),
          detail: event.type === 'command.refused' ? (event.detail ?? null)?.slice(0, 200) ?? null : null,
          at: event.at,
        },
      };
    }),
    closeCall: assign(({ context, event }) => {
      assertEvent(event, 'call.gone');
      return { ...endHold(context, event.at), consult: null, parties: [], pending: null, outcome: context.outcome ?? 'ended' };
    }),
  },
}).createMachine({
  id: 'call',
  version: '1',
  context: ({ input }) => ({
    contactId: input.contactId,
    agentId: input.agentId,
    held: false,
    heldSince: null,
    holdSeconds: 0,
    muted: false,
    consult: null,
    parties: [],
    pending: null,
    lastFailure: null,
    outcome: null,
  }),
  initial: 'ready',
  states: {
    ready: {
      on: {
        'command.requested': { guard: 'isAllowedCommand', target: 'pending', actions: 'recordPending' },
        'call.gone': { target: 'over', actions: 'closeCall' },
      },
    },
    pending: {
      on: {
        'command.confirmed': [
          { guard: 'confirmsEnd', target: 'over', actions: 'applyPending' },
          { guard: 'confirmsBlindTransfer', target: 'over', actions: 'applyPending' },
          { guard: 'answersPendingCommand', target: 'ready', actions: 'applyPending' },
        ],
        'command.refused': { guard: 'answersPendingCommand', target: 'ready', actions: 'failPending' },
        'command.expired': { guard: 'answersPendingCommand', target: 'ready', actions: 'failPending' },
        'call.gone': { target: 'over', actions: 'closeCall' },
      },
    },
    over: { type: 'final' },
  },
});
