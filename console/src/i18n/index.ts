import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import zhCN from './zh-CN.json';

/** Languages of the console, each named in itself in the switcher. */
export const CONSOLE_LANGUAGES = ['en', 'zh-CN'] as const;
export type ConsoleLanguage = (typeof CONSOLE_LANGUAGES)[number];
export const DEFAULT_LANGUAGE: ConsoleLanguage = 'en';
export const LANGUAGE_STORAGE_KEY = 'callcentre.console.language';

export const resources = {
  en: { translation: en },
  'zh-CN': { translation: zhCN },
} as const;

export function isConsoleLanguage(value: unknown): value is ConsoleLanguage {
  return typeof value === 'string' && (CONSOLE_LANGUAGES as readonly string[]).includes(value);
}

function localStore(): Storage | undefined {
  try {
    return typeof window !== 'undefined' ? window.localStorage : undefined;
  } catch {
    return undefined; // storage blocked by the browser's privacy settings
  }
}

/** The language chosen earlier on this computer, else the browser's if the console speaks it, else English. */
export function preferredLanguage(storage: Storage | undefined = localStore(), browserLanguages: readonly string[] = []): ConsoleLanguage {
  const stored = storage?.getItem(LANGUAGE_STORAGE_KEY);
  if (isConsoleLanguage(stored)) return stored;
  for (const language of browserLanguages) {
    if (/^zh(-(cn|hans|sg))?$/i.test(language) || /^zh-hans/i.test(language)) return 'zh-CN';
    if (/^en\b/i.test(language)) return 'en';
  }
  return DEFAULT_LANGUAGE;
}

/**
 * A ready i18next instance (resources are bundled, so it is usable at once). Changing the language
 * remembers it in localStorage and sets the document's `lang` for screen readers and fonts.
 */
export function createI18n(language: ConsoleLanguage = DEFAULT_LANGUAGE, storage: Storage | undefined = localStore()): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...CONSOLE_LANGUAGES],
    interpolation: { escapeValue: false }, // React escapes
    initAsync: false,
    returnNull: false,
  });
  const apply = (next: string) => {
    if (typeof document !== 'undefined') document.documentElement.lang = next;
  };
  apply(language);
  instance.on('languageChanged', (next) => {
    apply(next);
    try {
      if (isConsoleLanguage(next)) storage?.setItem(LANGUAGE_STORAGE_KEY, next);
    } catch {
      // storage full or blocked: the choice lasts for this page only
    }
  });
  return instance;
}
