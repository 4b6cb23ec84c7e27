import { useTranslation } from 'react-i18next';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';

/** The e-mail panel keeps its strings in a namespace of its own, added to whichever i18next instance renders it. */
export const EMAIL_NAMESPACE = 'email';
const BUNDLES: Record<string, Record<string, unknown>> = { en, 'zh-CN': zhCN };

export function useEmailTranslation() {
  const { i18n } = useTranslation();
  for (const [language, bundle] of Object.entries(BUNDLES)) {
    if (!i18n.hasResourceBundle(language, EMAIL_NAMESPACE)) i18n.addResourceBundle(language, EMAIL_NAMESPACE, bundle);
  }
  return useTranslation(EMAIL_NAMESPACE);
}
