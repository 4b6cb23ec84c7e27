import { DomainError } from '../../common/http/domain-error';

export const interactionErrors = {
  queueOrSkillsRequired: () => new DomainError('QUEUE_OR_SKILLS_REQUIRED', 'Give the queue, or the skills the IVR asked for', 400),
  unknownQueue: (queue: string) => new DomainError('QUEUE_NOT_FOUND', `queue '${queue}' does not exist`, 404, { queue }),
  unknownSkills: (skills: string[]) => new DomainError('SKILL_NOT_FOUND', `skill(s) ${skills.map((s) => `'${s}'`).join(', ')} do not exist`, 404, { skills }),
  noQueueForSkills: (skills: string[]) => new DomainError('NO_QUEUE_FOR_SKILLS', `no queue serves the skills ${skills.join(', ')}`, 404, { skills }),
  unknownCustomer: (customerId: string) => new DomainError('CUSTOMER_NOT_FOUND', `customer '${customerId}' does not exist`, 404, { customerId }),
  unknownAgent: (agentId: string) => new DomainError('AGENT_NOT_FOUND', `agent '${agentId}' does not exist`, 404, { agentId }),
  unknownInteraction: (id: string) => new DomainError('INTERACTION_NOT_FOUND', `interaction '${id}' does not exist`, 404, { interactionId: id }),
  notInRouting: (id: string, status: string) =>
    new DomainError('INTERACTION_CLOSED', `interaction '${id}' is ${status} and no longer in routing`, 409, { interactionId: id, status }),
  draftClosed: (id: string) =>
    new DomainError('INTERACTION_CLOSED', `interaction '${id}' is no longer in routing; a draft saved before it closed is kept with it`, 409, { interactionId: id }),
  transferTarget: () => new DomainError('TRANSFER_TARGET_REQUIRED', 'Give exactly one of queue or agentId', 400),
  carriedByPbx: (id: string, action: 'end' | 'transfer') =>
    new DomainError(
      'CALL_CARRIED_BY_PBX',
      `the call '${id}' is carried by the PBX: ${action === 'end' ? 'hang it up' : 'transfer it'} from the call controls (POST /api/calls/:id/commands), so the PBX does it first`,
      409,
      { interactionId: id, action, command: action === 'end' ? 'end' : 'blind_transfer' },
    ),
  notYourContact: (id: string) => new DomainError('CONTACT_NOT_YOURS', `interaction '${id}' is not handled by you`, 403, { interactionId: id }),
};
