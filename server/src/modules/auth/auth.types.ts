/** Where a request came from, kept on its session. */
export interface ClientInfo {
  address: string | null;
  userAgent: string | null;
}
