/**
 * Disposition codes an agent picks at the end of after-call work (the server takes any lower-case code;
 * these are the ones the console offers, each with its words in both languages under `dispositions.*`).
 */
export const DISPOSITION_CODES = [
  'resolved',
  'information_given',
  'follow_up',
  'complaint_opened',
  'callback_arranged',
  'transferred',
  'not_resolved',
] as const;
export type DispositionCode = (typeof DISPOSITION_CODES)[number];
