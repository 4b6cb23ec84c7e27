import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

/**
 * After moving to another page, puts focus on the new page's title so keyboard and screen-reader
 * users start reading there, as after a full page load. The first page load is left alone.
 */
export function useFocusOnNavigate(): void {
  const { pathname } = useLocation();
  const previous = useRef(pathname);
  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    const title = document.querySelector<HTMLElement>('[data-page-title]');
    title?.focus({ preventScroll: false });
  }, [pathname]);
}
