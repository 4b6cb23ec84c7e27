import { Fragment, type ReactNode } from 'react';

/**
 * Text that people typed (names, complaint text, notes, subjects): isolated from the text around it, so that
 * right-to-left text or bidi control characters in it (U+202E...) cannot reorder the words next to it.
 */
export function UserText({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <bdi dir="auto" className={className}>
      {children}
    </bdi>
  );
}

const OPEN = '\uE000';
const CLOSE = '\uE001';
const SLOT = new RegExp(`${OPEN}(\\w+)${CLOSE}`);

/**
 * A translated sentence with people's text in it, each piece isolated (UserText). `translate` receives markers
 * in place of the values and returns the sentence; the markers become the isolated values.
 */
export function withUserText(translate: (values: Record<string, string>) => string, values: Readonly<Record<string, string>>): ReactNode {
  const markers = Object.fromEntries(Object.keys(values).map((key) => [key, `${OPEN}${key}${CLOSE}`]));
  const parts = translate(markers).split(SLOT);
  // split() with a capture group alternates text and slot names: text, name, text, name, text...
  return parts.map((part, index) => (index % 2 === 0 ? <Fragment key={index}>{part}</Fragment> : <UserText key={index}>{values[part] ?? ''}</UserText>));
}
