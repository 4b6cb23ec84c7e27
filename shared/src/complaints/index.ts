export * from './complaint.types';
export { complaintMachine, INITIAL_COMPLAINT_CONTEXT } from './complaint.machine';
export * from './complaint.snapshot';
export * from './complaint.steps';
export * from './complaint.permissions';
export * from './complaint.clock';
