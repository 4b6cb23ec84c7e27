/** Talking to the server the way a PBX or a script would: bearer tokens from a sign-in, JSON in and out. */

export async function apiToken(baseUrl: string, username: string, password = username): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`sign-in of ${username} answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

export async function apiRequest<T>(baseUrl: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A call arriving through the ingestion API (what the PBX sends); returns the interaction id. */
export async function postCall(baseUrl: string, token: string, call: { queue: string; phone: string; channel?: string; complaint?: boolean }): Promise<string> {
  const result = await apiRequest<{ interaction: { id: string } }>(baseUrl, token, 'POST', '/api/interactions', {
    channel: call.channel ?? 'voice',
    caller: { phone: call.phone },
    queue: call.queue,
    ...(call.complaint ? { complaint: true } : {}),
  });
  return result.interaction.id;
}
