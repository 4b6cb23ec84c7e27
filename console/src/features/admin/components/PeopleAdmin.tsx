import { ROLES, type Role, type StaffUser } from '@callcentre/shared';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, Field, Panel, Table } from '../../../design-system';
import { useResource } from '../../../api/use-resource';
import { adminApi } from '../api/admin-api';
import { teamsApi } from '../api/teams-api';
import { refusedFields, useAdminTranslation } from '../i18n';
import { FormError, FormGrid } from './AdminForm';
import { useAction } from './useAction';

/** Staff accounts and their roles. */
export function UsersAdmin() {
  const { t } = useAdminTranslation();
  const common = useTranslation();
  const users = useResource(adminApi.users);
  const [draft, setDraft] = useState({ username: '', displayName: '', password: '', roles: ['agent'] as Role[], teamId: '' });
  const create = useAction(adminApi.createUser);
  const roles = useAction(adminApi.setRoles);
  const refused = refusedFields(create.error);
  const teams = useResource(teamsApi.list);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const created = await create.act({ username: draft.username.trim(), displayName: draft.displayName, password: draft.password, roles: draft.roles, teamId: draft.teamId || undefined });
    if (created) {
      setDraft({ username: '', displayName: '', password: '', roles: ['agent'], teamId: '' });
      users.reload();
    }
  };
  const toggle = async (user: StaffUser, role: Role) => {
    const next = user.roles.includes(role) ? user.roles.filter((held) => held !== role) : [...user.roles, role];
    if (await roles.act(user.id, next)) users.reload();
  };
  const bad = (field: string) => (refused.has(field) ? t('errors.fieldRefused') : undefined);
  return (
    <Panel title={t('users.title')} description={t('users.description')}>
      <form className="cc-admin-form" onSubmit={submit} aria-label={t('users.new')} data-testid="user-form">
        <FormError error={create.error} />
        <FormGrid>
          <Field label={t('fields.username')} error={bad('username')}><input autoComplete="off" value={draft.username} onChange={(event) => setDraft({ ...draft, username: event.target.value })} /></Field>
          <Field label={t('fields.displayName')} error={bad('displayName')}><input value={draft.displayName} onChange={(event) => setDraft({ ...draft, displayName: event.target.value })} /></Field>
          <Field label={t('fields.password')} hint={t('hints.password')} error={bad('password')}>
            <input type="password" autoComplete="new-password" value={draft.password} onChange={(event) => setDraft({ ...draft, password: event.target.value })} />
          </Field>
          <Field label={t('teams.team')} error={bad('teamId')}>
            <select value={draft.teamId} onChange={(event) => setDraft({ ...draft, teamId: event.target.value })}>
              <option value="">{t('teams.noTeam')}</option>
              {(teams.data ?? []).map((team) => <option key={team.id} value={team.id}>{team.name}</option>)}
            </select>
          </Field>
        </FormGrid>
        <fieldset className="cc-admin-rows">
          <legend>{t('fields.roles')}</legend>
          {refused.has('roles') ? <p className="cc-admin-rows__error">{t('errors.fieldRefused')}</p> : null}
          <div className="cc-admin-row">
            {ROLES.map((role) => (
              <label key={role} className="cc-admin-check">
                <input type="checkbox" checked={draft.roles.includes(role)} onChange={() => setDraft({ ...draft, roles: draft.roles.includes(role) ? draft.roles.filter((held) => held !== role) : [...draft.roles, role] })} />
                {common.t(`roles.${role}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="cc-admin-actions"><Button type="submit" variant="primary" busy={create.busy}>{t('users.new')}</Button></div>
      </form>
      <FormError error={roles.error} />
      <Table
        caption={t('users.title')}
        stackOnPhone
        rows={users.data ?? []}
        rowKey={(user) => user.id}
        columns={[
          { key: 'name', header: t('fields.displayName'), render: (user) => <><strong>{user.displayName}</strong> <Badge code>{user.username}</Badge>{user.lockedUntil ? <Badge tone="warning">{t('users.locked')}</Badge> : null}</> },
          {
            key: 'roles',
            header: t('fields.roles'),
            render: (user) => (
              <span className="cc-admin-chips">
                {ROLES.map((role) => (
                  <label key={role} className="cc-admin-check">
                    <input type="checkbox" checked={user.roles.includes(role)} disabled={roles.busy} onChange={() => void toggle(user, role)} aria-label={`${user.username}: ${common.t(`roles.${role}`)}`} />
                    {common.t(`roles.${role}`)}
                  </label>
                ))}
              </span>
            ),
          },
        ]}
      />
    </Panel>
  );
}
