export { QueueStatisticsInputError } from './queue-statistics.errors';
export {
  type ContactAbandonedEvent,
  type ContactAnsweredEvent,
  type ContactCompletedEvent,
  type ContactOutcomeRecord,
  type ContactOverflowedEvent,
  type ContactQueuedEvent,
  type ContactRequeuedEvent,
  type ContactTransferredEvent,
  type EpochMillis,
  QUEUE_CONTACT_EVENT_TYPES,
  type QueueContactEvent,
  type QueueContactEventType,
  eventsFromOutcome,
  validateQueueContactEvent,
} from './queue-events';
export {
  CALL_TIME_FIGURE_DEFINITIONS,
  CALL_TIME_FIGURE_KEYS,
  type CallTimeFigureKey,
  FIGURE_DEFINITIONS,
  FIGURE_UNITS,
  type FigureDefinition,
  type FigureUnit,
  QUEUE_FIGURE_KEYS,
  type QueueFigureKey,
  serviceLevelFigureKey,
} from './figure-definitions';
export {
  type QueueFigures,
  type QueueThresholds,
  type QueueTotals,
  type WaitingSnapshot,
  addEventToTotals,
  addTotals,
  emptyQueueTotals,
  figureValue,
  figuresFromTotals,
  queueFiguresForRange,
  serviceLevelOf,
} from './queue-figures';
export { STATISTICS_EVENT_TYPES, queueEventOf, waitingSinceOf } from './queue-event-mapper';
export { localDateOf, startOfLocalDay } from './local-day';
export { type WaitingContact, WaitingContacts } from './waiting-contacts';
export {
  DEFAULT_MAX_ROLLING_MINUTES,
  QueueStatisticsWindow,
  type QueueStatisticsWindowOptions,
} from './queue-statistics-window';
