import { useTranslation } from 'react-i18next';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';

/** The supervisor's floor keeps its strings in a namespace of its own. */
export const FLOOR_NAMESPACE = 'floor';
const BUNDLES: Record<string, Record<string, unknown>> = { en, 'zh-CN': zhCN };

export function useFloorTranslation() {
  const { i18n } = useTranslation();
  for (const [language, bundle] of Object.entries(BUNDLES)) {
    if (!i18n.hasResourceBundle(language, FLOOR_NAMESPACE)) i18n.addResourceBundle(language, FLOOR_NAMESPACE, bundle);
  }
  return useTranslation(FLOOR_NAMESPACE);
}
