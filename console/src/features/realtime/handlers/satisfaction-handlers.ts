import type { DeltaHandlers } from './types';

/** An answered survey: the satisfaction figures on screen reload (they are read, not kept, by the console). */
export const satisfactionHandlers: DeltaHandlers<'satisfaction:answered'> = {
  'satisfaction:answered': (state) => ({ ...state, satisfactionSerial: state.satisfactionSerial + 1 }),
};
