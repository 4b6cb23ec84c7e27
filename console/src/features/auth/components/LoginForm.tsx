import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Field, Notice } from '../../../design-system';
import { SignInError } from '../api/auth-api';
import { useSession } from '../hooks/useSession';
import { WORK_ROLES, type Session, type WorkRole } from '../session';
import './LoginForm.css';

export interface LoginFormProps {
  /** Called after a successful sign-in, e.g. to open the role's start page. */
  onSignedIn(session: Session): void;
  defaultRole?: WorkRole;
}

interface FieldErrors {
  username?: string;
  password?: string;
}

export function LoginForm({ onSignedIn, defaultRole = 'agent' }: LoginFormProps) {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<WorkRole>(defaultRole);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const nextErrors: FieldErrors = {
      username: username.trim() ? undefined : t('login.usernameRequired'),
      password: password ? undefined : t('login.passwordRequired'),
    };
    setErrors(nextErrors);
    setFailure(null);
    if (nextErrors.username || nextErrors.password) {
      (nextErrors.username ? usernameRef : passwordRef).current?.focus();
      return;
    }
    setSubmitting(true);
    try {
      const session = await signIn({ username, password, role });
      onSignedIn(session);
    } catch (error) {
      setFailure(error instanceof SignInError ? error.message : t('login.unexpected'));
      setSubmitting(false);
    }
  }

  return (
    <form className="cc-login-form" onSubmit={handleSubmit} noValidate aria-labelledby="cc-login-title">
      <h1 id="cc-login-title" className="cc-login-form__title" tabIndex={-1} data-page-title="">
        {t('login.title')}
      </h1>
      <p className="cc-login-form__intro">{t('login.intro')}</p>

      {failure ? <Notice tone="critical">{t('login.failed', { message: failure })}</Notice> : null}

      <Field label={t('login.username')} error={errors.username}>
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
      <Field label={t('login.password')} error={errors.password}>
        <input
          ref={passwordRef}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
      </Field>
      <Field label={t('login.role')} hint={t('login.roleHint')}>
        <select name="role" value={role} onChange={(event) => setRole(event.target.value as WorkRole)}>
          {WORK_ROLES.map((option) => (
            <option key={option} value={option}>
              {t(`roles.${option}`)}
            </option>
          ))}
        </select>
      </Field>

      <Button type="submit" variant="primary" busy={submitting} className="cc-login-form__submit">
        {submitting ? t('login.submitting') : t('login.submit')}
      </Button>

      <Notice tone="info">{t('login.notice')}</Notice>
    </form>
  );
}
