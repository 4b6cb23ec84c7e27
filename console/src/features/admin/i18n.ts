import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/http';
import { useErrorMessage } from '../../i18n/use-error-message';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';

/** Administration keeps its strings in a namespace of its own, added to whichever i18next instance renders it. */
export const ADMIN_NAMESPACE = 'admin';
const BUNDLES: Record<string, Record<string, unknown>> = { en, 'zh-CN': zhCN };

export function useAdminTranslation() {
  const { i18n } = useTranslation();
  for (const [language, bundle] of Object.entries(BUNDLES)) {
    if (!i18n.hasResourceBundle(language, ADMIN_NAMESPACE)) i18n.addResourceBundle(language, ADMIN_NAMESPACE, bundle);
  }
  return useTranslation(ADMIN_NAMESPACE);
}

/**
 * Words a refusal of the API in the reader's language: a known code by its own sentence, a validation failure by
 * the fields it names (each by its label), anything else as the console words it.
 */
export function useAdminErrorText(): (error: unknown) => string {
  const { t, i18n } = useAdminTranslation();
  const describe = useErrorMessage();
  return useCallback(
    (error: unknown) => {
      const failure = error as ApiError;
      if (!failure || typeof failure !== 'object' || failure.name !== 'ApiError') return describe(undefined);
      if (i18n.exists(`errors.${failure.code}`, { ns: ADMIN_NAMESPACE })) return t(`errors.${failure.code}`, { ...failure.details });
      if (failure.code === 'VALIDATION_FAILED' && failure.fields.length > 0) {
        const labels = [...new Set(failure.fields.map((field) => field.field.split(/[.[]/)[0]))].map((name) => t(`fields.${name}`, { defaultValue: name }));
        return t('errors.fieldsRefused', { fields: labels.join(i18n.language.startsWith('zh') ? '、' : ', ') });
      }
      return describe(failure);
    },
    [t, i18n, describe],
  );
}

/** The fields a validation refusal names, by the first part of their path (`skills.0.skill` → `skills`). */
export function refusedFields(error: unknown): Set<string> {
  const failure = error as ApiError | undefined;
  const fields = new Set<string>();
  for (const field of failure?.fields ?? []) fields.add(field.field.split(/[.[]/)[0]);
  const named = (failure?.details as { field?: unknown } | undefined)?.field;
  if (typeof named === 'string') fields.add(named.split(/[.[]/)[0]);
  return fields;
}
