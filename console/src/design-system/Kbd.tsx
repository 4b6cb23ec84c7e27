import type { ReactNode } from 'react';
import './Kbd.css';

/** A key on the keyboard, as in "press <Kbd>g</Kbd> then <Kbd>w</Kbd>". */
export function Kbd({ children }: { children: ReactNode }) {
  return <kbd className="ds-kbd">{children}</kbd>;
}
