import type { FieldRule } from '@callcentre/shared';
import { useCallback, useState } from 'react';
import { ApiError } from '../../../api/http';
import { checkField, serverFieldProblems, useFieldProblemMessage, type FieldProblem } from '../../../i18n/field-problems';

/**
 * A form's fields checked with the rules the server validates them with: before sending (nothing is sent while a
 * field breaks its rule) and after a refusal (the fields the server names, worded by their rule in the reader's
 * language).
 */
export function useFieldRules<F extends string>(rules: Readonly<Record<F, FieldRule>>) {
  const wording = useFieldProblemMessage();
  const [local, setLocal] = useState<Partial<Record<F, FieldProblem>>>({});
  const [refused, setRefused] = useState<Partial<Record<F, FieldProblem>>>({});
  /** True when every field passes; otherwise marks those that do not. */
  const check = useCallback(
    (values: Readonly<Partial<Record<F, string>>>): boolean => {
      const problems: Partial<Record<F, FieldProblem>> = {};
      for (const field of Object.keys(rules) as F[]) {
        const value = values[field];
        if (value === undefined) continue;
        const problem = checkField(rules[field], value);
        if (problem) problems[field] = problem;
      }
      setLocal(problems);
      setRefused({});
      return Object.keys(problems).length === 0;
    },
    [rules],
  );
  /** Words the fields a refusal of the API names, by their rules. */
  const refusedWith = useCallback(
    (error: unknown, values: Readonly<Partial<Record<F, string>>>) => setRefused(error instanceof ApiError ? serverFieldProblems(error, rules, values) : {}),
    [rules],
  );
  const message = useCallback((field: F): string | undefined => wording(local[field] ?? refused[field]), [wording, local, refused]);
  return { check, refusedWith, message, hasProblems: Object.keys(local).length > 0 };
}
