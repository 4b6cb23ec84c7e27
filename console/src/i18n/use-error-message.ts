import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { CLIENT_ERROR_CODES, type ApiError } from '../api/http';

const CLIENT_CODES = new Set<string>([...Object.values(CLIENT_ERROR_CODES), 'UNEXPECTED']);
const STATUS_KEYS = new Set([400, 401, 403, 404, 409, 413, 422, 429]);
/** Codes the realtime client gives a command that got no answer. */
const COMMAND_CODES = new Set(['OFFLINE', 'TIMEOUT', 'RATE_LIMITED']);

/**
 * Words for an ApiError in the reader's language. Failures the console detects itself are
 * translated by code. The server writes its messages in English: they are shown as they are to
 * English readers and replaced by a translated description of the HTTP status for the others.
 */
export function useErrorMessage(): (error: ApiError | undefined) => string {
  const { t, i18n } = useTranslation();
  return useCallback(
    (error: ApiError | undefined) => {
      if (!error) return t('errors.unknown');
      if (CLIENT_CODES.has(error.code)) return t(`errors.codes.${error.code}`);
      if (i18n.language.startsWith('en')) return error.message;
      if (STATUS_KEYS.has(error.status)) return t(`errors.status.${error.status}`);
      return error.status >= 500 ? t('errors.status.server') : t('errors.status.other');
    },
    [t, i18n.language],
  );
}

/**
 * Words for a failed action, whether it went over HTTP (ApiError) or the socket (a command error with the
 * server's code and message). Other readers than English get a translated lead with the server's words.
 */
export function useActionErrorMessage(): (error: unknown) => string {
  const { t, i18n } = useTranslation();
  const describeApi = useErrorMessage();
  return useCallback(
    (error: unknown) => {
      if (!error || typeof error !== 'object') return t('errors.unknown');
      const failure = error as { name?: string; code?: unknown; message?: unknown; status?: unknown };
      if (failure.name === 'ApiError') return describeApi(error as ApiError);
      const code = typeof failure.code === 'string' ? failure.code : '';
      const message = typeof failure.message === 'string' ? failure.message : '';
      if (COMMAND_CODES.has(code)) return t(`errors.command.${code}`);
      if (i18n.language.startsWith('en')) return message || t('errors.unknown');
      return message ? t('errors.refusedWithReason', { message }) : t('errors.unknown');
    },
    [t, i18n.language, describeApi],
  );
}
