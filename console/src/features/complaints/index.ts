/** Complaints: the six-step stepper run on the shared machine, receiving a complaint, and the lists that keep live. */
export * from './api/complaints-api';
export { ComplaintActions, type OwnerOption } from './components/ComplaintActions';
export { ComplaintIntake, COMPLAINT_CATEGORIES } from './components/ComplaintIntake';
export { ComplaintStepper } from './components/ComplaintStepper';
export { ComplaintBody, ComplaintView } from './components/ComplaintView';
export { ComplaintWorkspace } from './components/ComplaintWorkspace';
export { DeadlineBadge } from './components/DeadlineBadge';
export { useComplaint } from './hooks/useComplaint';
export { useComplaintList } from './hooks/useComplaintList';
export { useOwnerOptions } from './hooks/useOwnerOptions';
export { accepts, possibleEvents, snapshotOf, stageOf, stepProgress, type ComplaintActorInfo } from './machine';
