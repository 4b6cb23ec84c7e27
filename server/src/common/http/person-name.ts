import { Transform } from 'class-transformer';

/**
 * Characters that change how the text around them is shown without being seen themselves: bidirectional
 * embeddings, overrides, isolates and marks (which can make "Alice\u202Egpj.exe" read as "Aliceexe.jpg"),
 * zero-width spaces and joiners, word joiners and invisible operators, and the byte-order mark.
 */
const INVISIBLE_FORMATTING = /[\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/g;

/** A person's name as stored and shown: invisible formatting removed, runs of spaces made one, ends trimmed. */
export function cleanPersonName(name: string): string {
  return name.replace(INVISIBLE_FORMATTING, '').replace(/\s+/g, ' ').trim();
}

/**
 * Cleans a person's name at the edge, before validation (so a name made only of such characters is refused
 * as empty). `optional`: a name left empty counts as not given.
 */
export function PersonName(options: { optional?: boolean } = {}): PropertyDecorator {
  return Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    const cleaned = cleanPersonName(value);
    return options.optional && cleaned === '' ? undefined : cleaned;
  });
}
