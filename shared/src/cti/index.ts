export * from './call.types';
export { callMachine, commandAllowed } from './call.machine';
export * from './call.snapshot';
