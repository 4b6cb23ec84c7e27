/**
 * REST payloads of customers, their purchases and their value (`/api/customers`, `/api/transactions`,
 * `/api/customer-value`, `/api/crm/imports`). Times are ISO 8601 strings (UTC); money is a decimal string, exact.
 */
import type { RfmSegment, ValueTier } from '../domain/call-centre';
import type { CareAction, CareActionOutcome, ChurnReason, LossCause, RfmLevel } from '../domain/customer-value';

/** The most rows one batch call takes. */
export const CRM_BATCH_MAX_ROWS = 10_000;

/** One customer row of `POST /api/customers/batch` (`rows: CustomerRow[]`) and of the customers CSV. */
export interface CustomerRow {
  readonly externalId: string;
  readonly name: string;
  readonly phone?: string | null;
  readonly email?: string | null;
  readonly language?: string | null;
  readonly timeZone?: string | null;
  /** YYYY-MM-DD */
  readonly birthday?: string | null;
}

/** One purchase (or, with a negative amount, a refund) of `POST /api/transactions/batch` and of the transactions CSV. */
export interface TransactionRow {
  readonly externalId: string;
  readonly customerExternalId: string;
  /** ISO 8601 with an offset. */
  readonly occurredAt: string;
  /** Decimal string, negative for a refund. */
  readonly amount: string;
  readonly product?: string | null;
  readonly channel?: string | null;
}

/** A refused row: its index in the call (0-based) or its line in the file (1-based, the header is line 1). */
export interface RefusedRow {
  readonly row?: number;
  readonly line?: number;
  readonly field: string;
  readonly message: string;
}

/** Answer of a batch call that was taken whole; a call with any bad row is refused whole (400, `details.rows: RefusedRow[]`). */
export interface BatchResult {
  readonly created: number;
  readonly updated: number;
}

/** One file import, as `GET /api/crm/imports/:id` shows it while it runs and after. */
export interface CrmImportView {
  readonly id: string;
  readonly kind: 'customers' | 'transactions';
  readonly sourceName: string;
  readonly status: 'running' | 'completed' | 'failed';
  readonly sourceBytes: number;
  readonly bytesDone: number;
  readonly linesDone: number;
  readonly rowsTaken: number;
  readonly rowsRefused: number;
  /** The first refusals, with their lines. */
  readonly refusals: readonly RefusedRow[];
  readonly startedAt: string;
  readonly finishedAt: string | null;
}

export interface RfmView {
  readonly recencyDays: number;
  readonly frequency: number;
  readonly monetary: string;
  readonly recency: RfmLevel;
  readonly frequencyLevel: RfmLevel;
  readonly monetaryLevel: RfmLevel;
  readonly segment: RfmSegment;
}

export interface ChurnRiskView {
  /** 0 (no sign) … 100. */
  readonly score: number;
  readonly reasons: readonly { readonly reason: ChurnReason; readonly detail: string }[];
}

/** A customer's value as the latest completed run computed it (null before any run). */
export interface CustomerValueView {
  readonly asOf: string;
  readonly runId: number;
  readonly valueTier: ValueTier;
  readonly computedTier: ValueTier;
  readonly tierSource: 'computed' | 'override';
  readonly override: { readonly reason: string; readonly expiresAt: string; readonly setBy: string | null } | null;
  readonly rank: number;
  readonly customers: number;
  /** Null for an inactive customer (no purchase in the period). */
  readonly rfm: RfmView | null;
  readonly averages: { readonly recencyDays: number; readonly frequency: number; readonly monetary: string } | null;
  /** One sentence, in English, explaining the cell and the tier; the console composes its own from the facts. */
  readonly explanation: string;
  readonly churn: ChurnRiskView;
}

/** `GET /api/customers/:id`. */
export interface CustomerView {
  readonly id: string;
  readonly externalId: string | null;
  readonly name: string;
  readonly phone: string | null;
  readonly email: string | null;
  readonly language: string | null;
  readonly timeZone: string | null;
  readonly birthday: string | null;
  readonly valueTier: ValueTier;
  readonly rfmSegment: RfmSegment | null;
  readonly notes: string;
  readonly createdAt: string;
  readonly value: CustomerValueView | null;
  readonly lost: { readonly cause: LossCause; readonly note: string; readonly markedAt: string; readonly markedBy: string | null } | null;
}

/** `GET /api/customers/:id/transactions?limit=&before=`: newest first, paged by `nextBefore`. */
export interface TransactionView {
  /** The purchase's key: its external id (the one the business's system gave it). */
  readonly id: string;
  readonly externalId: string;
  readonly occurredAt: string;
  readonly amount: string;
  readonly product: string | null;
  readonly channel: string | null;
}
export interface TransactionPage {
  readonly items: readonly TransactionView[];
  readonly nextBefore: string | null;
}

/** `GET|POST /api/customers/:id/notes`: notes by anyone on the team, newest first. */
export interface CustomerNoteView {
  readonly id: string;
  readonly body: string;
  readonly authorId: string | null;
  readonly authorName: string | null;
  readonly createdAt: string;
}
export const CUSTOMER_NOTE_MAX_LENGTH = 4000;
/** `GET /api/customers/:id/notes?limit=&before=`: newest first, paged by `nextBefore` (a note id). */
export interface CustomerNotePage {
  readonly items: readonly CustomerNoteView[];
  readonly nextBefore: string | null;
}

/** A care action on the retention worklist (`GET /api/customer-value/worklist`, `POST …/worklist/:id/outcome`). */
export interface RetentionActionView {
  readonly id: string;
  readonly customerId: string;
  readonly customerName: string;
  readonly valueTier: ValueTier;
  readonly segment: RfmSegment | null;
  readonly churnScore: number;
  readonly teamLeadId: string | null;
  readonly action: CareAction;
  readonly status: 'open' | 'done' | 'skipped';
  readonly outcome: CareActionOutcome | null;
  readonly outcomeNote: string | null;
  readonly createdAt: string;
  readonly completedAt: string | null;
}

/** `GET /api/customer-value/worklist?status=&limit=&offset=`: most valuable customers first (tier, then money spent). */
export interface RetentionWorklistPage {
  readonly items: readonly RetentionActionView[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

/** `GET /api/customer-value/worklist/progress`: open, done and skipped actions per care action, and in all. */
export interface RetentionProgressView {
  readonly actions: readonly { readonly action: CareAction; readonly open: number; readonly done: number; readonly skipped: number }[];
  readonly total: { readonly open: number; readonly done: number; readonly skipped: number };
}

/** One value run (`GET /api/customer-value/runs`, `POST /api/customer-value/recompute` answers 202 with it). */
export interface ValueRunView {
  readonly id: number;
  readonly asOf: string;
  readonly status: 'running' | 'completed' | 'failed';
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly counts: Readonly<Record<string, number>> | null;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly durationMs: number | null;
  readonly error: string | null;
}

/** `GET /api/customer-value/pyramid?runId=`: counts and share of value per tier. */
export interface PyramidView {
  readonly runId: number;
  readonly asOf: string;
  readonly tiers: readonly { readonly tier: ValueTier; readonly customers: number; readonly value: string; readonly valueShare: number }[];
}

/** `GET /api/customer-value/rfm-grid?runId=`: the eight cells with customers, value and change since the previous run. */
export interface RfmGridView {
  readonly runId: number;
  readonly previousRunId: number | null;
  readonly cells: readonly {
    readonly segment: RfmSegment;
    readonly recency: RfmLevel;
    readonly frequency: RfmLevel;
    readonly monetary: RfmLevel;
    readonly customers: number;
    readonly value: string;
    readonly customersChange: number | null;
  }[];
  readonly inactive: number;
}

/** `GET /api/customer-value/migration?from=&to=`: customers moving between tiers from one run to another. */
export interface TierMigrationView {
  readonly fromRunId: number;
  readonly toRunId: number;
  readonly moves: readonly { readonly from: ValueTier | 'new'; readonly to: ValueTier; readonly customers: number }[];
}

/** `GET /api/customer-value/losses`: lost customers by cause, and the preventable share (fault). */
export interface LossReportView {
  readonly total: number;
  readonly preventableShare: number;
  readonly causes: readonly { readonly cause: LossCause; readonly customers: number }[];
}
