import type { RealtimeDeltaEvent, RealtimeDeltaMap } from '@callcentre/shared';
import type { RealtimeState } from '../realtime-state';

/** Applies one delta's data to the state (pure); `at` is when the server sent it. */
export type DeltaHandler<E extends RealtimeDeltaEvent> = (state: RealtimeState, data: RealtimeDeltaMap[E], at: number) => RealtimeState;

export type DeltaHandlers<E extends RealtimeDeltaEvent> = { readonly [K in E]: DeltaHandler<K> };
