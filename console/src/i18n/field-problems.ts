import type { FieldRule } from '@callcentre/shared';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/http';
import { useFormatters } from './formatters';

/** What is wrong with one field, as a translation key under `validation.*` and its values. */
export interface FieldProblem {
  readonly key: 'required' | 'number' | 'numberRange' | 'tooLong' | 'refused';
  readonly rule?: FieldRule;
}

/** Checks a form field's text with the rule the server applies; null when it passes (or is optional and empty). */
export function checkField(rule: FieldRule, text: string): FieldProblem | null {
  if (rule.kind === 'text') {
    if (rule.required && text.trim() === '') return { key: 'required', rule };
    return text.length > rule.maxLength ? { key: 'tooLong', rule } : null;
  }
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { key: 'number', rule };
  return value < rule.min || value > rule.max ? { key: 'numberRange', rule } : null;
}

/**
 * The fields a server refusal names (`fields` of a VALIDATION_FAILED answer), each worded by the form's own rule
 * for it (checked again on the value sent): the server's English messages never reach the reader. A field that
 * passes the form's rule yet was refused is "refused"; fields the form does not show are left out.
 */
export function serverFieldProblems<F extends string>(error: ApiError, rules: Readonly<Record<F, FieldRule>>, values: Readonly<Partial<Record<F, string>>>): Partial<Record<F, FieldProblem>> {
  const problems: Partial<Record<F, FieldProblem>> = {};
  for (const { field } of error.fields) {
    if (!(field in rules)) continue;
    const rule = rules[field as F];
    problems[field as F] = checkField(rule, values[field as F] ?? '') ?? (rule.kind === 'number' ? { key: 'numberRange', rule } : { key: 'refused', rule });
  }
  return problems;
}

/** Words a field problem in the reader's language, with numbers in their format. */
export function useFieldProblemMessage(): (problem: FieldProblem | null | undefined) => string | undefined {
  const { t } = useTranslation();
  const format = useFormatters();
  return useCallback(
    (problem) => {
      if (!problem) return undefined;
      const rule = problem.rule;
      if (problem.key === 'tooLong' && rule?.kind === 'text') return t('validation.tooLong', { max: format.number(rule.maxLength) });
      if ((problem.key === 'numberRange' || problem.key === 'number') && rule?.kind === 'number') return t('validation.numberRange', { min: format.number(rule.min), max: format.number(rule.max) });
      return t(`validation.${problem.key}`);
    },
    [t, format],
  );
}
