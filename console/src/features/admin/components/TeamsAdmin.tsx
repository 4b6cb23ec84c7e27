import type { StaffUser } from '@callcentre/shared';
import { useState, type FormEvent } from 'react';
import { Badge, Button, Field, Panel, Table } from '../../../design-system';
import { useResource } from '../../../api/use-resource';
import { adminApi } from '../api/admin-api';
import { teamsApi, type TeamView } from '../api/teams-api';
import { refusedFields, useAdminTranslation } from '../i18n';
import { FormError, FormGrid } from './AdminForm';
import { useAction } from './useAction';

/** Most characters a team's name may have (as the API accepts). */
const TEAM_NAME_MAX = 80;

/**
 * Teams: each with its own name, a lead and members. Administrators create, rename and delete teams (a team
 * with members is kept until they are moved), choose the lead, and move anyone to another team (or none) in one step.
 */
export function TeamsAdmin() {
  const { t } = useAdminTranslation();
  const users = useResource(adminApi.users);
  const teams = useResource(teamsApi.list);
  const [draft, setDraft] = useState({ name: '', teamLeadId: '' });
  const create = useAction(teamsApi.create);
  const update = useAction(teamsApi.update);
  const remove = useAction(teamsApi.remove);
  const move = useAction(teamsApi.move);
  const all = users.data ?? [];
  const list = teams.data ?? [];
  const leads = all.filter((user) => user.roles.includes('team_lead'));
  const members = all.filter((user) => !user.roles.includes('admin') || user.teamId);
  const reload = () => {
    users.reload();
    teams.reload();
  };
  const refused = refusedFields(create.error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await create.act({ name: draft.name.trim(), teamLeadId: draft.teamLeadId || null })) {
      setDraft({ name: '', teamLeadId: '' });
      reload();
    }
  };
  const change = async (user: StaffUser, teamId: string) => {
    if ((await move.act(user.id, teamId || null, user.teamId)) !== undefined) reload();
  };
  const error = create.error ?? update.error ?? remove.error ?? move.error;
  return (
    <Panel title={t('teams.title')} description={t('teams.description')}>
      <form className="cc-admin-form" onSubmit={submit} aria-label={t('teams.new')} data-testid="team-form">
        <FormGrid>
          <Field label={t('teams.name')} hint={t('teams.nameHint', { max: TEAM_NAME_MAX })} error={refused.has('name') ? t('errors.fieldRefused') : undefined}>
            <input value={draft.name} maxLength={TEAM_NAME_MAX} required onChange={(event) => setDraft({ ...draft, name: event.target.value })} />
          </Field>
          <Field label={t('teams.lead')}>
            <select value={draft.teamLeadId} onChange={(event) => setDraft({ ...draft, teamLeadId: event.target.value })}>
              <option value="">{t('teams.noLead')}</option>
              {leads.map((lead) => <option key={lead.id} value={lead.id}>{lead.displayName}</option>)}
            </select>
          </Field>
        </FormGrid>
        <div className="cc-admin-actions"><Button type="submit" variant="primary" busy={create.busy}>{t('teams.create')}</Button></div>
      </form>
      <FormError error={error} />
      <ul className="cc-admin-teams" aria-label={t('teams.title')}>
        {list.map((team) => (
          <TeamCard
            key={team.id}
            team={team}
            leads={leads}
            members={all.filter((user) => user.teamId === team.id)}
            busy={update.busy || remove.busy}
            onSave={async (change) => { if (await update.act(team.id, change)) reload(); }}
            onDelete={async () => { if ((await remove.act(team.id)) !== undefined) reload(); }}
          />
        ))}
      </ul>
      <Table
        caption={t('teams.members')}
        showCaption
        stackOnPhone
        rows={members}
        rowKey={(user) => user.id}
        columns={[
          { key: 'name', header: t('fields.displayName'), render: (user) => user.displayName },
          { key: 'team', header: t('teams.team'), render: (user) => user.teamName ?? t('teams.noTeam') },
          {
            key: 'move',
            header: t('teams.moveTo'),
            render: (user) => (
              <select aria-label={t('teams.moveLabel', { name: user.displayName })} value={user.teamId ?? ''} disabled={move.busy} onChange={(event) => void change(user, event.target.value)}>
                <option value="">{t('teams.noTeam')}</option>
                {list.filter((team) => team.teamLeadId !== user.id).map((team) => <option key={team.id} value={team.id}>{team.name}</option>)}
              </select>
            ),
          },
        ]}
      />
    </Panel>
  );
}

/** One team: its name and lead, editable in place, its members, and deleting it once nobody is in it. */
function TeamCard({ team, leads, members, busy, onSave, onDelete }: {
  team: TeamView;
  leads: StaffUser[];
  members: StaffUser[];
  busy: boolean;
  onSave(change: { name?: string; teamLeadId?: string | null }): Promise<void>;
  onDelete(): Promise<void>;
}) {
  const { t } = useAdminTranslation();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState({ name: team.name, teamLeadId: team.teamLeadId ?? '' });
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const change: { name?: string; teamLeadId?: string | null } = {};
    if (draft.name.trim() !== team.name) change.name = draft.name.trim();
    if ((draft.teamLeadId || null) !== team.teamLeadId) change.teamLeadId = draft.teamLeadId || null;
    await onSave(change);
    setEditing(false);
  };
  const testId = `team-${team.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <li data-testid={testId}>
      {editing ? (
        <form className="cc-admin-form" onSubmit={save} aria-label={t('teams.editTitle', { name: team.name })}>
          <FormGrid>
            <Field label={t('teams.name')}>
              <input value={draft.name} maxLength={TEAM_NAME_MAX} required onChange={(event) => setDraft({ ...draft, name: event.target.value })} />
            </Field>
            <Field label={t('teams.lead')}>
              <select value={draft.teamLeadId} onChange={(event) => setDraft({ ...draft, teamLeadId: event.target.value })}>
                <option value="">{t('teams.noLead')}</option>
                {leads.filter((lead) => !members.some((member) => member.id === lead.id)).map((lead) => <option key={lead.id} value={lead.id}>{lead.displayName}</option>)}
              </select>
            </Field>
          </FormGrid>
          <div className="cc-admin-actions">
            <Button type="submit" variant="primary" busy={busy}>{t('common.save')}</Button>
            <Button type="button" onClick={() => setEditing(false)}>{t('common.cancel')}</Button>
          </div>
        </form>
      ) : (
        <>
          <strong>{team.name}</strong> <Badge>{team.teamLeadName ? t('teams.ledBy', { name: team.teamLeadName }) : t('teams.noLead')}</Badge>
          <span>{members.map((user) => user.displayName).join(', ') || t('teams.empty')}</span>
          <span className="cc-admin-actions">
            <Button size="sm" onClick={() => { setDraft({ name: team.name, teamLeadId: team.teamLeadId ?? '' }); setEditing(true); }} aria-label={t('teams.editTitle', { name: team.name })}>{t('common.edit')}</Button>
            <Button size="sm" disabled={busy} onClick={() => void onDelete()} aria-label={t('teams.deleteLabel', { name: team.name })}>{t('teams.delete')}</Button>
          </span>
        </>
      )}
    </li>
  );
}
