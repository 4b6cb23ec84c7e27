import type { AgentState, NotReadyReason } from '@callcentre/shared';
import { DomainError } from '../../common/http/domain-error';

/** Why an agent cannot be consulted, transferred to or added now, as the desktop says it. */
export type AgentNotFreeReason = 'busy' | 'not_ready' | 'offline' | 'reserved' | 'wrap_up' | 'ringing';

export const ctiErrors = {
  callNotFound: (id: string) => new DomainError('CALL_NOT_FOUND', `interaction '${id}' does not exist`, 404, { interactionId: id }),
  notALiveCall: (id: string, status: string) =>
    new DomainError('CALL_NOT_LIVE', `interaction '${id}' is not a call in conversation (${status})`, 409, { interactionId: id, status }),
  notYourCall: (id: string) => new DomainError('CALL_NOT_YOURS', `the call '${id}' is not handled by you`, 403, { interactionId: id }),
  commandNotAllowed: (type: string, state: string) =>
    new DomainError('CALL_COMMAND_NOT_ALLOWED', `'${type}' cannot be done on this call now`, 409, { command: type, state }),
  targetRequired: (type: string) => new DomainError('CALL_COMMAND_TARGET', `'${type}' needs exactly the target its type takes (agentId, or queueId for a consult)`, 400, { command: type }),
  unknownAgent: (agentId: string) => new DomainError('AGENT_NOT_FOUND', `agent '${agentId}' does not exist`, 404, { agentId }),
  unknownQueue: (queue: string) => new DomainError('QUEUE_NOT_FOUND', `queue '${queue}' does not exist`, 404, { queue }),
  agentNotFree: (agentId: string, reason: AgentNotFreeReason, state: AgentState, notReadyReason: NotReadyReason | null) =>
    new DomainError('AGENT_NOT_FREE', `the agent cannot take a call now: ${reason}`, 409, { agentId, reason, state, notReadyReason }),
  sameQueue: (queueId: string) => new DomainError('CALL_ALREADY_IN_QUEUE', 'the call is already in this queue: choose another one', 409, { queueId }),
  noFreeAgentInQueue: (queueId: string) => new DomainError('NO_FREE_AGENT_IN_QUEUE', 'no agent serving this queue is free for a call now', 409, { queueId }),
  badSignature: () => new DomainError('CTI_SIGNATURE_INVALID', 'the telephony event is not signed with the shared secret, or its timestamp is too far from now', 403),
  badPeriod: () => new DomainError('CALL_TIMES_PERIOD', 'from must be before to, at most 31 days apart', 400),
  unknownCommand: (commandId: string) => new DomainError('CALL_COMMAND_NOT_FOUND', `no command '${commandId}' was sent for this call`, 404, { commandId }),
};
