import { CallCentreConfiguration1764000000000 } from './1764000000000-call-centre-configuration';

/** Every migration, oldest first. The server and the test harness apply exactly this list. */
export const MIGRATIONS = [CallCentreConfiguration1764000000000];
