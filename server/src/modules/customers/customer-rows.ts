import { isEmail } from 'class-validator';
import type { CustomerRow, RefusedRow, TransactionRow } from '@callcentre/shared';
import { cleanPersonName } from '../../common/http/person-name';

/**
 * The rules of a customer row and a purchase row, whether they come from a batch call (`rows[i]`) or a CSV line:
 * one pure check per row, so both ways in take and refuse exactly the same rows.
 */

/** A problem with one field of a row (the field named as the caller sent it). */
export interface RowProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * A customer row ready to store. An optional field left `undefined` was not sent and keeps what is stored
 * (a partial update from another system does not erase what it did not mention); `null` clears it.
 */
export interface CheckedCustomer {
  readonly externalId: string;
  readonly name: string;
  readonly phone: string | null | undefined;
  readonly email: string | null | undefined;
  readonly language: string | null | undefined;
  readonly timeZone: string | null | undefined;
  readonly birthday: string | null | undefined;
}

/** A purchase row ready to store: every field is written (a repeat replaces the purchase as a whole). */
export interface CheckedTransaction {
  readonly externalId: string;
  readonly customerExternalId: string;
  readonly occurredAt: string;
  readonly amount: string;
  readonly product: string | null;
  readonly channel: string | null;
}

export type RowCheck<T> = { readonly row: T; readonly problems?: undefined } | { readonly row?: undefined; readonly problems: readonly RowProblem[] };

export const CUSTOMER_FIELDS = ['externalId', 'name', 'phone', 'email', 'language', 'timeZone', 'birthday'] as const satisfies readonly (keyof CustomerRow)[];
export const TRANSACTION_FIELDS = ['externalId', 'customerExternalId', 'occurredAt', 'amount', 'product', 'channel'] as const satisfies readonly (keyof TransactionRow)[];

export const EXTERNAL_ID_MAX_LENGTH = 64;
export const NAME_MAX_LENGTH = 160;
export const PRODUCT_MAX_LENGTH = 160;
export const CHANNEL_MAX_LENGTH = 32;
/** numeric(14, 2): twelve digits before the point. */
const AMOUNT = /^-?\d{1,12}(?:\.\d{1,2})?$/;
/** The same numbers the ingestion API takes for a caller. */
const PHONE = /^\+?[0-9 ()-]{3,31}$/;
const LANGUAGE = /^[a-z]{2,3}(?:-[a-z0-9]{2,8}){0,3}$/;
const LANGUAGE_MAX_LENGTH = 16;
const EMAIL_MAX_LENGTH = 254;
const TIME_ZONE_MAX_LENGTH = 64;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** ISO 8601 date and time with seconds optional, fractions to the microsecond, and an offset (Z, ±hh, ±hhmm or ±hh:mm). */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(?:Z|[+-](\d{2})(?::?(\d{2}))?)$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const CONTROL_OR_BROKEN_TEXT = /[\u0000-\u001F\u007F]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

const knownTimeZones = new Map<string, string | null>();

/** The canonical IANA name of a time zone (`europe/london` → `Europe/London`), or null when Intl knows no such zone. */
export function canonicalTimeZone(name: string): string | null {
  let canonical = knownTimeZones.get(name);
  if (canonical !== undefined) return canonical;
  try {
    canonical = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    canonical = null;
  }
  // A file names a handful of zones; a hostile one could name millions of bad ones.
  if (knownTimeZones.size < 10_000) knownTimeZones.set(name, canonical);
  return canonical;
}

/** Turns a present, trimmed value into the value stored, or says what is wrong with it. */
type Rule = (value: string) => string | RowProblem;

/** Collects the problems of one row while its fields are read. */
class RowReader {
  readonly problems: RowProblem[] = [];

  constructor(private readonly input: Readonly<Record<string, unknown>>) {}

  refuse(field: string, message: string): undefined {
    this.problems.push({ field, message });
    return undefined;
  }

  /** Trimmed text; '' and null are `null` (not given), an absent key `undefined`. */
  private text(field: string, maxLength: number): string | null | undefined {
    const value = this.input[field];
    if (value === undefined) return undefined;
    if (value === null) return null;
    if (typeof value !== 'string') return this.refuse(field, `${field} must be text`);
    if (CONTROL_OR_BROKEN_TEXT.test(value)) return this.refuse(field, `${field} must be text without control characters`);
    const trimmed = value.trim();
    if (trimmed.length > maxLength) return this.refuse(field, `${field} must be at most ${maxLength} characters`);
    return trimmed === '' ? null : trimmed;
  }

  required(field: string, maxLength: number, rule?: Rule): string | undefined {
    const before = this.problems.length;
    const value = this.optional(field, maxLength, rule);
    if (this.problems.length > before) return undefined;
    return value ?? this.refuse(field, `${field} is required (1 to ${maxLength} characters)`);
  }

  optional(field: string, maxLength: number, rule?: Rule): string | null | undefined {
    const value = this.text(field, maxLength);
    if (value === undefined || value === null || !rule) return value;
    const ruled = rule(value);
    return typeof ruled === 'string' ? ruled : this.refuse(ruled.field, ruled.message);
  }

  unknownFields(known: readonly string[]): void {
    for (const key of Object.keys(this.input)) if (!known.includes(key)) this.refuse(key, `${key} is not a field of this row`);
  }
}

const problem = (field: string, message: string): RowProblem => ({ field, message });

/** Checks one customer row; keys other than the row's fields are refused. */
export function checkCustomerRow(input: Readonly<Record<string, unknown>>): RowCheck<CheckedCustomer> {
  // Names are shown to agents: invisible formatting is removed before the name is judged.
  const reader = new RowReader(typeof input.name === 'string' ? { ...input, name: cleanPersonName(input.name) } : input);
  const externalId = reader.required('externalId', EXTERNAL_ID_MAX_LENGTH);
  const name = reader.required('name', NAME_MAX_LENGTH);
  const phone = reader.optional('phone', 32, (value) => (PHONE.test(value) ? value : problem('phone', 'phone must be a telephone number (digits, spaces, + ( ) -)')));
  const email = reader.optional('email', EMAIL_MAX_LENGTH, (value) => (isEmail(value) ? value.toLowerCase() : problem('email', 'email must be an e-mail address')));
  const language = reader.optional('language', LANGUAGE_MAX_LENGTH, (value) =>
    LANGUAGE.test(value.toLowerCase()) ? value.toLowerCase() : problem('language', 'language must be a language tag such as en or zh-yue'),
  );
  const timeZone = reader.optional('timeZone', TIME_ZONE_MAX_LENGTH, (value) => canonicalTimeZone(value) ?? problem('timeZone', 'timeZone must be an IANA time zone such as Europe/London'));
  const birthday = reader.optional('birthday', 10, checkBirthday);
  reader.unknownFields(CUSTOMER_FIELDS);
  if (reader.problems.length > 0 || externalId === undefined || name === undefined) return { problems: reader.problems };
  return { row: { externalId, name, phone, email, language, timeZone, birthday } };
}

function checkBirthday(value: string): string | RowProblem {
  const parts = DATE.exec(value);
  if (!parts || !isCalendarDate(Number(parts[1]), Number(parts[2]), Number(parts[3]))) return problem('birthday', 'birthday must be a real date as YYYY-MM-DD');
  if (Number(parts[1]) < 1900 || value > new Date().toISOString().slice(0, 10)) return problem('birthday', 'birthday must lie between 1900-01-01 and today');
  return value;
}

/** Whether `value` is an ISO 8601 instant with an offset that names a real date and time. */
export function isInstantWithOffset(value: string): boolean {
  const parts = INSTANT.exec(value);
  if (!parts) return false;
  const [, year, month, day, hour, minute, second = '0', offsetHours = '0', offsetMinutes = '0'] = parts;
  return (
    Number(year) >= 1900 &&
    isCalendarDate(Number(year), Number(month), Number(day)) &&
    Number(hour) <= 23 &&
    Number(minute) <= 59 &&
    Number(second) <= 59 &&
    Number(offsetHours) <= 14 &&
    Number(offsetMinutes) <= 59
  );
}

/** Checks one purchase row; keys other than the row's fields are refused. */
export function checkTransactionRow(input: Readonly<Record<string, unknown>>): RowCheck<CheckedTransaction> {
  const reader = new RowReader(input);
  const externalId = reader.required('externalId', EXTERNAL_ID_MAX_LENGTH);
  const customerExternalId = reader.required('customerExternalId', EXTERNAL_ID_MAX_LENGTH);
  const occurredAt = reader.required('occurredAt', 40, (value) =>
    isInstantWithOffset(value) ? value : problem('occurredAt', 'occurredAt must be an ISO 8601 date and time with an offset, such as 2026-03-01T14:30:00+08:00 or …Z'),
  );
  // A JSON number has already lost cents to binary fractions: money travels as a decimal string.
  const amount =
    typeof input.amount === 'number'
      ? reader.refuse('amount', 'amount must be a decimal string, such as "19.90"')
      : reader.required('amount', 16, (value) => (AMOUNT.test(value) ? value : problem('amount', 'amount must be a decimal number with at most 2 decimals, such as 19.90 or -5')));
  const product = reader.optional('product', PRODUCT_MAX_LENGTH);
  const channel = reader.optional('channel', CHANNEL_MAX_LENGTH);
  reader.unknownFields(TRANSACTION_FIELDS);
  if (reader.problems.length > 0 || externalId === undefined || customerExternalId === undefined || occurredAt === undefined || amount === undefined) {
    return { problems: reader.problems };
  }
  return { row: { externalId, customerExternalId, occurredAt, amount, product: product ?? null, channel: channel ?? null } };
}

/** A row of a batch call that passed the row rules, with its index in the call. */
export interface IndexedRow<T> {
  readonly index: number;
  readonly row: T;
}

/**
 * Checks a whole batch: each row, then the rows that repeat an earlier row's external id (or another unique field
 * such as the phone): the call would contradict itself. Every problem names its row (0-based); the rows that
 * passed come with their index, so that what the database finds wrong with them names them too.
 */
export function checkBatch<T extends { externalId: string }>(
  rows: readonly unknown[],
  check: (input: Readonly<Record<string, unknown>>) => RowCheck<T>,
  uniqueFields: readonly (keyof T & string)[] = [],
): { rows: IndexedRow<T>[]; refused: RefusedRow[] } {
  const passed: IndexedRow<T>[] = [];
  const refused: RefusedRow[] = [];
  const firstRowOf = new Map<string, Map<unknown, number>>(['externalId', ...uniqueFields].map((field) => [field, new Map()]));
  rows.forEach((input, index) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      refused.push({ row: index, field: 'row', message: 'each row must be an object' });
      return;
    }
    const result = check(input as Record<string, unknown>);
    if (result.problems) {
      refused.push(...result.problems.map((found) => ({ row: index, ...found })));
      return;
    }
    let repeats = false;
    for (const [field, earlier] of firstRowOf) {
      const value = result.row[field as keyof T];
      if (value === null || value === undefined) continue;
      const first = earlier.get(value);
      if (first === undefined) {
        earlier.set(value, index);
      } else {
        refused.push({ row: index, field, message: `${field} repeats row ${first} of this call` });
        repeats = true;
      }
    }
    if (!repeats) passed.push({ index, row: result.row });
  });
  return { rows: passed, refused };
}
