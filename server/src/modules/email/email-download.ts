/** Types served as they are (the stored type was checked against the bytes); everything else is a plain download. */
const SERVED_AS_IS = new Set(['image/png', 'image/jpeg', 'image/gif', 'application/pdf']);

/** The Content-Type an attachment is downloaded with: never HTML, never a script, text with its charset. */
export function servedContentType(stored: string): string {
  if (SERVED_AS_IS.has(stored)) return stored;
  if (stored === 'text/plain' || stored === 'text/csv') return `${stored}; charset=utf-8`;
  return 'application/octet-stream';
}

/** `attachment` with an ASCII fallback name and the UTF-8 name (RFC 6266), quotes and controls removed. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'attachment';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
