import type {
  ComplaintPage,
  CrmImportView,
  CustomerNotePage,
  CustomerNoteView,
  CustomerView,
  InteractionListResponse,
  LossCause,
  LossReportView,
  PyramidView,
  RetentionActionView,
  RetentionProgressView,
  RetentionWorklistPage,
  RfmGridView,
  TierMigrationView,
  TransactionPage,
  ValueRunView,
  ValueTier,
} from '@callcentre/shared';
import { errorFromResponse, http, ApiError, CLIENT_ERROR_CODES } from '../../../api/http';

const customerPath = (id: string) => `/api/customers/${encodeURIComponent(id)}`;

function query(values: Readonly<Record<string, string | number | null | undefined>>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

// ---------------------------------------------------------------------------------------------------------------
// One customer
// ---------------------------------------------------------------------------------------------------------------

export function fetchCustomerView(id: string, signal?: AbortSignal): Promise<CustomerView> {
  return http.get<CustomerView>(customerPath(id), { signal });
}

/** What the customer list shows of each customer. */
export type CustomerListItem = Pick<CustomerView, 'id' | 'externalId' | 'name' | 'phone' | 'valueTier' | 'rfmSegment'>;

export const CUSTOMER_SEARCH_LIMIT = 50;

/** `GET /api/customers?search=&externalId=&valueTier=` (agents: the customers they served). */
export function searchCustomers(
  filters: { search?: string; externalId?: string; valueTier?: ValueTier | '' },
  signal?: AbortSignal,
): Promise<{ items: readonly CustomerListItem[]; total: number }> {
  return http.get<{ items: readonly CustomerListItem[]; total: number }>(`/api/customers${query({ ...filters, limit: CUSTOMER_SEARCH_LIMIT })}`, { signal });
}

export const PURCHASES_PAGE_SIZE = 20;

export function fetchPurchases(customerId: string, before: string | null, signal?: AbortSignal): Promise<TransactionPage> {
  return http.get<TransactionPage>(`${customerPath(customerId)}/transactions${query({ limit: PURCHASES_PAGE_SIZE, before })}`, { signal });
}

export const NOTES_PAGE_SIZE = 50;

export function fetchCustomerNotes(customerId: string, signal?: AbortSignal, before: string | null = null): Promise<CustomerNotePage> {
  return http.get<CustomerNotePage>(`${customerPath(customerId)}/notes${query({ limit: NOTES_PAGE_SIZE, before })}`, { signal });
}

export function addCustomerNote(customerId: string, body: string): Promise<CustomerNoteView> {
  return http.post<CustomerNoteView>(`${customerPath(customerId)}/notes`, { body });
}

export function fetchCustomerContacts(customerId: string, signal?: AbortSignal): Promise<InteractionListResponse> {
  return http.get<InteractionListResponse>(`/api/interactions${query({ customerId, limit: 50 })}`, { signal });
}

/** The customer's complaints, open and closed, newest first, each with the satisfaction score of its closing. */
export function fetchCustomerComplaintHistory(customerId: string, signal?: AbortSignal): Promise<ComplaintPage> {
  return http.get<ComplaintPage>(`/api/complaints${query({ customerId, limit: 50 })}`, { signal });
}

export interface TierOverrideInput {
  readonly valueTier: ValueTier;
  readonly reason: string;
  /** ISO 8601. */
  readonly expiresAt: string;
}

export function overrideTier(customerId: string, input: TierOverrideInput): Promise<unknown> {
  return http.put(`${customerPath(customerId)}/tier-override`, input);
}

/** Back to the computed tier; the reason is kept on the audit record. */
export function clearTierOverride(customerId: string, reason: string): Promise<unknown> {
  return http.request(`${customerPath(customerId)}/tier-override`, { method: 'DELETE', body: { reason } });
}

export function markLost(customerId: string, input: { cause: LossCause; note: string }): Promise<unknown> {
  return http.put(`${customerPath(customerId)}/loss`, input);
}

export function reinstateCustomer(customerId: string): Promise<unknown> {
  return http.request(`${customerPath(customerId)}/loss`, { method: 'DELETE' });
}

// ---------------------------------------------------------------------------------------------------------------
// Managers' reports
// ---------------------------------------------------------------------------------------------------------------

const VALUE_PATH = '/api/customer-value';

/** The reports that also come as CSV (`?format=csv`). */
export type ValueReport = 'pyramid' | 'rfm-grid' | 'migration' | 'losses' | 'worklist/progress';

/** A link that downloads the report as CSV (the session cookie goes with it). */
export function reportCsvUrl(report: ValueReport, params: Readonly<Record<string, string | number | null | undefined>> = {}): string {
  return `${VALUE_PATH}/${report}${query({ ...params, format: 'csv' })}`;
}

export function fetchPyramid(signal?: AbortSignal): Promise<PyramidView> {
  return http.get<PyramidView>(`${VALUE_PATH}/pyramid`, { signal });
}

export function fetchRfmGrid(signal?: AbortSignal): Promise<RfmGridView> {
  return http.get<RfmGridView>(`${VALUE_PATH}/rfm-grid`, { signal });
}

/** Between two runs; without them, the server compares the last two. */
export function fetchMigration(runs: { from?: number; to?: number } = {}, signal?: AbortSignal): Promise<TierMigrationView> {
  return http.get<TierMigrationView>(`${VALUE_PATH}/migration${query(runs)}`, { signal });
}

export function fetchLosses(signal?: AbortSignal): Promise<LossReportView> {
  return http.get<LossReportView>(`${VALUE_PATH}/losses`, { signal });
}

/** The latest value runs, newest first. */
export function fetchRuns(signal?: AbortSignal): Promise<readonly ValueRunView[]> {
  return http.get<readonly ValueRunView[]>(`${VALUE_PATH}/runs?limit=20`, { signal });
}

export function recompute(asOf?: string): Promise<ValueRunView> {
  return http.post<ValueRunView>(`${VALUE_PATH}/recompute`, asOf ? { asOf } : {});
}

export type WorklistStatus = RetentionActionView['status'];

/** The most care actions one page of the worklist holds (the server's limit). */
export const WORKLIST_PAGE_SIZE = 200;

/** The worklist the reader may see (supervisors: all of it; team leads and agents: their team's), a page at a time. */
export function fetchWorklist(status: WorklistStatus | '' = 'open', signal?: AbortSignal, offset = 0, customerId?: string): Promise<RetentionWorklistPage> {
  return http.get<RetentionWorklistPage>(`${VALUE_PATH}/worklist${query({ status, customerId, limit: WORKLIST_PAGE_SIZE, offset: offset || undefined })}`, { signal });
}

export function fetchWorklistProgress(signal?: AbortSignal): Promise<RetentionProgressView> {
  return http.get<RetentionProgressView>(`${VALUE_PATH}/worklist/progress`, { signal });
}

export interface OutcomeInput {
  readonly status: Exclude<WorklistStatus, 'open'>;
  readonly outcome: RetentionActionView['outcome'];
  readonly note: string;
}

export function recordOutcome(actionId: string, input: OutcomeInput): Promise<RetentionActionView> {
  return http.post<RetentionActionView>(`${VALUE_PATH}/worklist/${encodeURIComponent(actionId)}/outcome`, input);
}

// ---------------------------------------------------------------------------------------------------------------
// File imports
// ---------------------------------------------------------------------------------------------------------------

export type CrmImportKind = CrmImportView['kind'];

/** Sends a file and reports how many of its bytes went; resolves to the import the server started. */
export type CrmImportUploader = (kind: CrmImportKind, file: File, onProgress: (sentBytes: number, totalBytes: number) => void, signal?: AbortSignal) => Promise<CrmImportView>;

/**
 * `POST /api/crm/imports?kind=&name=` with the CSV as the raw body. Through XMLHttpRequest, as fetch reports no
 * upload progress.
 */
export const uploadCrmImport: CrmImportUploader = (kind, file, onProgress, signal) =>
  new Promise<CrmImportView>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/api/crm/imports${query({ kind, name: file.name })}`);
    request.setRequestHeader('Content-Type', 'text/csv');
    request.setRequestHeader('Accept', 'application/json');
    request.withCredentials = true;
    request.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    request.onload = () => {
      if (request.status < 200 || request.status >= 300) return reject(errorFromResponse(request.status, request.responseText));
      try {
        resolve(JSON.parse(request.responseText) as CrmImportView);
      } catch {
        reject(new ApiError(request.status, CLIENT_ERROR_CODES.invalidResponse, 'The server sent an answer the console cannot read.'));
      }
    };
    request.onerror = () => reject(new ApiError(0, CLIENT_ERROR_CODES.network, 'Cannot reach the server. Check the network connection and try again.'));
    signal?.addEventListener('abort', () => request.abort(), { once: true });
    request.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    request.send(file);
  });

/** The latest file imports, newest first. */
export function fetchRecentCrmImports(signal?: AbortSignal): Promise<readonly CrmImportView[]> {
  return http.get<readonly CrmImportView[]>('/api/crm/imports?limit=10', { signal });
}

export function fetchCrmImport(id: string, signal?: AbortSignal): Promise<CrmImportView> {
  return http.get<CrmImportView>(`/api/crm/imports/${encodeURIComponent(id)}`, { signal });
}
