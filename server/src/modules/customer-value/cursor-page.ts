/**
 * One page of a newest-first list read with one row more than the page holds: the extra row only says that more
 * follow, and the page's last row is where the next page starts.
 */
export function cursorPage<T extends { id: string }>(rows: readonly T[], limit: number): { items: T[]; nextBefore: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextBefore: rows.length > limit ? items[items.length - 1].id : null };
}
