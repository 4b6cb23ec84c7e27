import { SIGN_IN_FIELD_RULES } from '@callcentre/shared';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Field, Notice } from '../../../design-system';
import { checkField, serverFieldProblems, useFieldProblemMessage, type FieldProblem } from '../../../i18n/field-problems';
import { useFormatters } from '../../../i18n/formatters';
import { SignInError } from '../api/auth-api';
import { useSession } from '../hooks/useSession';
import type { Session } from '../session';
import './LoginForm.css';

export interface LoginFormProps {
  /** Called after a successful sign-in, e.g. to open the role's start page. */
  onSignedIn(session: Session): void;
}

type SignInField = keyof typeof SIGN_IN_FIELD_RULES;
type FieldErrors = Partial<Record<SignInField, FieldProblem>>;

export function LoginForm({ onSignedIn }: LoginFormProps) {
  const { t, i18n } = useTranslation();
  const format = useFormatters();
  const describeProblem = useFieldProblemMessage();
  const { signIn, endReason } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  function describe(error: unknown): string {
    if (!(error instanceof SignInError)) return t('login.unexpected');
    switch (error.reason) {
      case 'INVALID_CREDENTIALS':
        return t('login.errors.invalid');
      case 'ACCOUNT_LOCKED':
        return error.lockedUntil
          ? t('login.errors.lockedUntil', { time: format.dateTime(error.lockedUntil) })
          : t('login.errors.locked');
      case 'RATE_LIMITED':
        return t('login.errors.rateLimited');
      case 'UNREACHABLE':
        return t('errors.codes.NETWORK_ERROR');
      case 'INVALID_FIELDS':
        return t('login.errors.fields');
      default:
        // The server's own words, which are English; other readers get a plain description.
        return i18n.language.startsWith('en') && error.message ? error.message : t('login.unexpected');
    }
  }

  /** The sign-in form's own words for an empty field; the shared ones for the rest. */
  function fieldMessage(field: SignInField): string | undefined {
    const problem = errors[field];
    if (problem?.key === 'required') return t(field === 'username' ? 'login.usernameRequired' : 'login.passwordRequired');
    return describeProblem(problem);
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const nextErrors: FieldErrors = {
      username: checkField(SIGN_IN_FIELD_RULES.username, username) ?? undefined,
      password: checkField(SIGN_IN_FIELD_RULES.password, password) ?? undefined,
    };
    setErrors(nextErrors);
    setFailure(null);
    if (nextErrors.username || nextErrors.password) {
      (nextErrors.username ? usernameRef : passwordRef).current?.focus();
      return;
    }
    setSubmitting(true);
    try {
      const session = await signIn({ username, password });
      onSignedIn(session);
    } catch (error) {
      setFailure(describe(error));
      if (error instanceof SignInError && error.refusal) setErrors(serverFieldProblems(error.refusal, SIGN_IN_FIELD_RULES, { username: username.trim(), password }));
      setSubmitting(false);
      setPassword('');
      passwordRef.current?.focus();
    }
  }

  return (
    <form className="cc-login-form" onSubmit={handleSubmit} noValidate aria-labelledby="cc-login-title">
      <h1 id="cc-login-title" className="cc-login-form__title" tabIndex={-1} data-page-title="">
        {t('login.title')}
      </h1>
      <p className="cc-login-form__intro">{t('login.intro')}</p>

      {failure ? (
        <div role="alert">
          <Notice tone="critical">{failure}</Notice>
        </div>
      ) : endReason ? (
        <Notice tone="warning">{t(`login.ended.${endReason}`)}</Notice>
      ) : null}

      <Field label={t('login.username')} error={fieldMessage('username')}>
        <input
          ref={usernameRef}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={username}
          onChange={(event) => setUsername(event.target.value)}
          autoFocus
        />
      </Field>
      <Field label={t('login.password')} error={fieldMessage('password')}>
        <input
          ref={passwordRef}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
      </Field>

      <Button type="submit" variant="primary" busy={submitting} className="cc-login-form__submit">
        {submitting ? t('login.submitting') : t('login.submit')}
      </Button>
    </form>
  );
}
