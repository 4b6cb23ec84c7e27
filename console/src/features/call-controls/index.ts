/** The call workspace: controls of a live call through the CTI boundary, its notes and timeline, and who is on hold. */
export { CallWorkspace } from './components/CallWorkspace';
export { CallsOnHold } from './components/CallsOnHold';
export { useLiveCallsSync } from './hooks/useCalls';
export { CallShortcutsHelp } from './components/CallShortcutsHelp';
