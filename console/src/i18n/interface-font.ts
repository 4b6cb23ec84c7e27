import { resources, type ConsoleLanguage } from './index';

/** The console's own Chinese font (see main.tsx), and the weights its interface uses. */
const CHINESE_FONT_FAMILY = '"Noto Sans SC"';
const CHINESE_FONT_WEIGHTS = ['400', '600'] as const;
/** Longest a first paint or a language switch waits for the font: a slow network still gets a console. */
export const INTERFACE_FONT_WAIT_MS = 3_000;

type FontLoader = Pick<FontFaceSet, 'load'>;

function collectCharacters(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    for (const character of value) if (character > '\x7f') into.add(character);
  } else if (value && typeof value === 'object') {
    for (const nested of Object.values(value)) collectCharacters(nested, into);
  }
}

/** Every non-ASCII character of a language's interface text: what its font slices must cover. */
export function interfaceCharacters(language: ConsoleLanguage): string {
  const characters = new Set<string>();
  collectCharacters(resources[language].translation, characters);
  return [...characters].join('');
}

/**
 * Fetches the slices of the Chinese font that the interface text needs before that text is drawn. Text drawn
 * while its slice was still on the way can stay as empty boxes in some browsers even after the slice arrives,
 * so the console waits for it (at most INTERFACE_FONT_WAIT_MS) on the first paint and on a switch to Chinese.
 */
export async function loadInterfaceFont(
  language: ConsoleLanguage,
  fonts: FontLoader | undefined = typeof document !== 'undefined' ? document.fonts : undefined,
  waitMs = INTERFACE_FONT_WAIT_MS,
): Promise<void> {
  if (language !== 'zh-CN' || !fonts) return;
  const text = interfaceCharacters(language);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, waitMs);
  });
  const loaded = Promise.all(CHINESE_FONT_WEIGHTS.map((weight) => fonts.load(`${weight} 16px ${CHINESE_FONT_FAMILY}`, text))).then(
    () => undefined,
    () => undefined, // a font that cannot be fetched leaves the fallback fonts, as without this wait
  );
  try {
    await Promise.race([loaded, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
