import { ComplaintStepId } from './complaint.types';

export interface ComplaintStep {
  readonly id: ComplaintStepId;
  readonly title: string;
  /** What the agent does at this step, shown beside the stepper. */
  readonly guidance: string;
}

/** The six steps of handling a complaint, in order, with the guidance the console shows the agent. */
export const COMPLAINT_STEPS: readonly ComplaintStep[] = Object.freeze([
  {
    id: 'receive',
    title: 'Receive',
    guidance:
      'Let the customer tell the whole story without interrupting. Record what happened and give them the complaint number. Do not argue.',
  },
  {
    id: 'calm',
    title: 'Calm',
    guidance:
      'Listen and acknowledge how the customer feels. Show that you understand and would feel the same in their place.',
  },
  {
    id: 'clarify',
    title: 'Clarify',
    guidance:
      'Restate the problem in neutral words and confirm it with yes-or-no questions. Check the facts, then record whether the complaint is upheld.',
  },
  {
    id: 'resolve',
    title: 'Explore solutions',
    guidance:
      'Upheld: offer a choice of remedies and let the customer pick. Not upheld: explain patiently what happened. If every remedy is refused, offer others or escalate.',
  },
  {
    id: 'act',
    title: 'Act',
    guidance:
      'Carry out the chosen remedy straight away and tell the customer what will happen and when. If it cannot be finished now, set a due date and an owner.',
  },
  {
    id: 'thank',
    title: 'Thank',
    guidance:
      'Thank the customer and apologise again for the trouble. Ask: "Does this settle it for you? Is there anything else?" Record the answers and the satisfaction score.',
  },
]);

/** Guidance for the two stages outside the six steps. */
export const COMPLAINT_STAGE_GUIDANCE: Readonly<Record<'follow_up' | 'escalated', string>> = Object.freeze({
  follow_up:
    'Chase the action with the departments involved until it is done. Call the customer with progress before they have to call you.',
  escalated:
    'The team lead accepts it, appoints a follow-up owner, keeps the customer informed, and resolves it or hands it back with guidance.',
});
