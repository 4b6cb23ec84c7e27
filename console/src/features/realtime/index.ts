/**
 * The live feed: one socket per signed-in person, applied to normalised stores (desk, wallboard, alerts,
 * complaint changes) by per-domain handlers; gaps and new server epochs are healed with a fresh snapshot.
 */
export { RealtimeBanner } from './components/RealtimeBanner';
export {
  RealtimeProvider,
  useRealtime,
  useRealtimeCommand,
  useRealtimeLive,
  useRealtimeStore,
  useResync,
  useServerClock,
  useServerNow,
  type RealtimeProviderProps,
  type SendCommand,
} from './hooks/RealtimeProvider';
export { createRealtimeClient, RealtimeCommandError, type RealtimeClient, type RealtimeSocket } from './realtime-client';
export type { ContactDeparture, DeskState, OfferEnding, QueueSample, RealtimeState, RealtimeStatus, WallboardState } from './realtime-state';
export { INITIAL_REALTIME_STATE, SERIES_WINDOW_MS } from './realtime-state';
export { createRealtimeStore, type DeltaOutcome, type RealtimeStore } from './realtime-store';
