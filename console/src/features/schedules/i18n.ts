import { useTranslation } from 'react-i18next';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';

/** The week's shifts keep their strings in a namespace of their own, added to whichever i18next instance renders them. */
export const SCHEDULES_NAMESPACE = 'schedules';
const BUNDLES: Record<string, Record<string, unknown>> = { en, 'zh-CN': zhCN };

export function useSchedulesTranslation() {
  const { i18n } = useTranslation();
  for (const [language, bundle] of Object.entries(BUNDLES)) {
    if (!i18n.hasResourceBundle(language, SCHEDULES_NAMESPACE)) i18n.addResourceBundle(language, SCHEDULES_NAMESPACE, bundle);
  }
  return useTranslation(SCHEDULES_NAMESPACE);
}
