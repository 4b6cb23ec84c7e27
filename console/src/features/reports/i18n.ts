import { useTranslation } from 'react-i18next';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';

/** The reports keep their strings in a namespace of their own, added to whichever i18next instance renders them. */
export const REPORTS_NAMESPACE = 'reports';
const BUNDLES: Record<string, Record<string, unknown>> = { en, 'zh-CN': zhCN };

export function useReportsTranslation() {
  const { i18n } = useTranslation();
  for (const [language, bundle] of Object.entries(BUNDLES)) {
    if (!i18n.hasResourceBundle(language, REPORTS_NAMESPACE)) i18n.addResourceBundle(language, REPORTS_NAMESPACE, bundle);
  }
  return useTranslation(REPORTS_NAMESPACE);
}
