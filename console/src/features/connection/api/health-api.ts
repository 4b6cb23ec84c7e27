import { http } from '../../../api/http';

/** Liveness of the server: resolves when it answers, rejects with an ApiError when it does not. */
export async function checkHealth(signal?: AbortSignal): Promise<void> {
  await http.get('/health', { signal, timeoutMs: 5_000 });
}
