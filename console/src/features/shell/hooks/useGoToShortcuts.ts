import { useEffect } from 'react';
import type { NavItem } from '../nav-items';

/** How long after "g" the second key still counts. */
export const SHORTCUT_WINDOW_MS = 1_500;

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName);
}

/**
 * Two-key shortcuts to move between work pages ("g" then "a", "w" or "t") and "?" for the list of
 * shortcuts. Keys typed into a form field, or with Ctrl, Alt or Meta held, are left alone.
 */
export function useGoToShortcuts({
  enabled,
  items,
  onNavigate,
  onHelp,
}: {
  enabled: boolean;
  /** The pages the person may open. */
  items: readonly NavItem[];
  onNavigate(path: string): void;
  onHelp(): void;
}): void {
  useEffect(() => {
    if (!enabled) return undefined;
    let pendingSince: number | null = null;

    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey || isTyping(event.target)) return;
      const key = event.key.toLowerCase();
      const now = performance.now();
      if (key === '?') {
        event.preventDefault();
        pendingSince = null;
        onHelp();
        return;
      }
      if (pendingSince !== null && now - pendingSince <= SHORTCUT_WINDOW_MS) {
        pendingSince = null;
        const item = items.find((candidate) => candidate.shortcut === key);
        if (item) {
          event.preventDefault();
          onNavigate(item.path);
        }
        return;
      }
      pendingSince = key === 'g' ? now : null;
    };

    // Capture phase: the second key of "g a" is taken here before page shortcuts (such as "a" to accept) see it.
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [enabled, items, onNavigate, onHelp]);
}
