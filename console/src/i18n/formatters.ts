import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** Seconds as m:ss, or h:mm:ss from an hour up (time in state, talk time, waits). Never negative. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = String(seconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** Number and time formats of the reader's language; times on the 24-hour clock, as shifts run round it. */
export function useFormatters() {
  const { i18n } = useTranslation();
  const language = i18n.language;
  return useMemo(() => {
    const time = new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    const shortTime = new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const dateTime = new Intl.DateTimeFormat(language, {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    const date = new Intl.DateTimeFormat(language, { year: 'numeric', month: 'short', day: 'numeric' });
    const number = new Intl.NumberFormat(language);
    const percent = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 });
    const oneDecimal = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
    return {
      time: (value: Date | number) => time.format(value),
      shortTime: (value: Date | number) => shortTime.format(value),
      dateTime: (value: Date | number) => dateTime.format(value),
      date: (value: Date | number) => date.format(value),
      number: (value: number) => number.format(value),
      /** A 0..1 share as a whole percentage. */
      percent: (share: number) => percent.format(share),
      /** Seconds with at most one decimal. */
      seconds: (value: number) => oneDecimal.format(value),
      /** A figure with at most one decimal (averages). */
      oneDecimal: (value: number) => oneDecimal.format(value),
      duration: formatDuration,
      /** An amount of money in the centre's currency units, without a currency sign (the centre sets none). */
      money: (value: number) => new Intl.NumberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value),
    };
  }, [language]);
}

export type Formatters = ReturnType<typeof useFormatters>;
