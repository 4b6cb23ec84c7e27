import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** Number and time formats of the reader's language; times on the 24-hour clock, as shifts run round it. */
export function useFormatters() {
  const { i18n } = useTranslation();
  const language = i18n.language;
  return useMemo(() => {
    const time = new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    const number = new Intl.NumberFormat(language);
    return {
      time: (date: Date) => time.format(date),
      number: (value: number) => number.format(value),
    };
  }, [language]);
}
