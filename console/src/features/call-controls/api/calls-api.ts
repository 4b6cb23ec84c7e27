import type { CallCommandAccepted, CallCommandRequest, CallDetails, CallDirectory, LiveCallsResponse } from '@callcentre/shared';
import { http } from '../../../api/http';

/** Sends a command on the call; the answer says it is pending, and the PBX's result comes as `call:update`. */
export function sendCallCommand(contactId: string, command: CallCommandRequest): Promise<CallCommandAccepted> {
  return http.post<CallCommandAccepted>(`/api/calls/${encodeURIComponent(contactId)}/commands`, command);
}

export function fetchCallDetails(contactId: string, signal?: AbortSignal): Promise<CallDetails> {
  return http.get<CallDetails>(`/api/calls/${encodeURIComponent(contactId)}`, { signal });
}

export function fetchLiveCalls(signal?: AbortSignal): Promise<LiveCallsResponse> {
  return http.get<LiveCallsResponse>('/api/calls/live', { signal });
}

export function fetchDirectory(signal?: AbortSignal): Promise<CallDirectory> {
  return http.get<CallDirectory>('/api/calls/directory', { signal });
}
