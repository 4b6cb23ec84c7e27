import { AGENT_CAPACITY_FIELD_RULES, CHANNELS, LANGUAGES, type Channel, type Skill, type StaffUser } from '@callcentre/shared';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, Field, Panel, Table } from '../../../design-system';
import { useResource } from '../../../api/use-resource';
import { adminApi, type AgentSummary } from '../api/admin-api';
import { teamsApi, type TeamView } from '../api/teams-api';
import { useAdminTranslation } from '../i18n';
import { FormError, FormGrid } from './AdminForm';
import { useAction } from './useAction';
import { useFieldRules } from './useFieldRules';

interface AgentDraft {
  userId: string;
  skills: Record<string, string>;
  languages: string[];
  capacity: Record<Channel, string>;
}

const DEFAULT_CAPACITY: Record<Channel, string> = { voice: '1', chat: '3', email: '5', ticket: '5' };

/** Agents: who routing may offer contacts to, with skills and proficiency, languages, capacity per channel and team. */
export function AgentsAdmin() {
  const { t } = useAdminTranslation();
  const agents = useResource(adminApi.agents);
  const users = useResource(adminApi.users);
  const skills = useResource(adminApi.skills);
  const teams = useResource(teamsApi.list);
  const [editing, setEditing] = useState<AgentSummary | 'new' | null>(null);
  const all = users.data ?? [];
  const notYetAgents = all.filter((user) => user.roles.includes('agent') && !(agents.data ?? []).some((agent) => agent.id === user.id));
  const skillName = (code: string) => skills.data?.find((skill) => skill.code === code)?.name ?? code;
  const done = () => { setEditing(null); agents.reload(); users.reload(); };
  return (
    <Panel title={t('agents.title')} description={t('agents.description')} actions={<Button variant="primary" onClick={() => setEditing('new')}>{t('agents.new')}</Button>}>
      {editing ? (
        <AgentForm key={editing === 'new' ? 'new' : editing.id} agent={editing === 'new' ? null : editing} candidates={notYetAgents} users={all} teams={teams.data ?? []} skills={skills.data ?? []} onDone={done} onCancel={() => setEditing(null)} />
      ) : null}
      <Table
        caption={t('agents.title')}
        stackOnPhone
        rows={agents.data ?? []}
        rowKey={(agent) => agent.id}
        columns={[
          { key: 'name', header: t('fields.displayName'), render: (agent) => <><strong>{agent.displayName}</strong> <Badge code>{agent.username}</Badge></> },
          { key: 'skills', header: t('fields.skills'), render: (agent) => Object.entries(agent.skills).map(([code, level]) => `${skillName(code)} ${level}`).join(', ') || '—' },
          { key: 'languages', header: t('fields.languages'), render: (agent) => agent.languages.join(', ') || '—' },
          { key: 'capacity', header: t('fields.capacity'), render: (agent) => CHANNELS.map((channel) => `${t(`channels.${channel}`)} ${agent.capacity[channel] ?? 0}`).join(' · ') },
          { key: 'team', header: t('teams.team'), render: (agent) => agent.teamName ?? t('teams.noTeam') },
          { key: 'edit', header: '', align: 'end', render: (agent) => <Button size="sm" onClick={() => setEditing(agent)}>{t('common.edit')}</Button> },
        ]}
      />
    </Panel>
  );
}

function AgentForm({ agent, candidates, users, teams, skills, onDone, onCancel }: { agent: AgentSummary | null; candidates: StaffUser[]; users: StaffUser[]; teams: TeamView[]; skills: Skill[]; onDone(): void; onCancel(): void }) {
  const { t } = useAdminTranslation();
  const common = useTranslation();
  const [draft, setDraft] = useState<AgentDraft>(() => ({
    userId: agent?.id ?? candidates[0]?.id ?? '',
    skills: Object.fromEntries(Object.entries(agent?.skills ?? {}).map(([code, level]) => [code, String(level)])),
    languages: agent?.languages ?? ['en'],
    capacity: agent ? (Object.fromEntries(CHANNELS.map((channel) => [channel, String(agent.capacity[channel] ?? 0)])) as Record<Channel, string>) : { ...DEFAULT_CAPACITY },
  }));
  const [teamId, setTeamId] = useState(agent?.teamId ?? '');
  const save = useAction(async () => {
    const chosen = Object.entries(draft.skills).filter(([, level]) => level !== '').map(([skill, level]) => ({ skill, proficiency: Number(level) }));
    const capacity = Object.fromEntries(CHANNELS.map((channel) => [channel, Number(draft.capacity[channel])])) as Record<Channel, number>;
    if (agent) {
      await adminApi.setAgentSkills(agent.id, chosen, draft.languages);
      await adminApi.setAgentCapacity(agent.id, capacity);
    } else {
      await adminApi.createAgent({ userId: draft.userId, skills: chosen, languages: draft.languages, capacity });
    }
    const userId = agent?.id ?? draft.userId;
    const before = users.find((user) => user.id === userId)?.teamId ?? null;
    if ((before ?? '') !== teamId) await teamsApi.move(userId, teamId || null, before);
    return true;
  });
  const rules = useFieldRules(AGENT_CAPACITY_FIELD_RULES);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!rules.check(draft.capacity)) return;
    if (await save.act()) onDone();
  };
  useEffect(() => {
    if (save.error) rules.refusedWith(save.error, draft.capacity);
    // Worded once per refusal, with the values it refused.
  }, [save.error]);
  const choices = teams.filter((team) => team.teamLeadId !== (agent?.id ?? draft.userId));
  return (
    <form className="cc-admin-form" onSubmit={submit} aria-label={agent ? t('agents.editTitle', { name: agent.displayName }) : t('agents.new')} data-testid="agent-form">
      <h3>{agent ? t('agents.editTitle', { name: agent.displayName }) : t('agents.new')}</h3>
      <FormError error={save.error} />
      <FormGrid>
        {agent ? null : (
          <Field label={t('agents.user')} hint={candidates.length === 0 ? t('agents.noCandidates') : undefined}>
            <select value={draft.userId} onChange={(event) => setDraft({ ...draft, userId: event.target.value })}>
              {candidates.map((user) => <option key={user.id} value={user.id}>{user.displayName} ({user.username})</option>)}
            </select>
          </Field>
        )}
        <Field label={t('teams.team')}>
          <select value={teamId} onChange={(event) => setTeamId(event.target.value)}>
            <option value="">{t('teams.noTeam')}</option>
            {choices.map((team) => <option key={team.id} value={team.id}>{team.name}</option>)}
          </select>
        </Field>
      </FormGrid>
      <fieldset className="cc-admin-rows">
        <legend>{t('agents.skillsLegend')}</legend>
        <FormGrid>
          {skills.map((skill) => (
            <Field key={skill.id} label={skill.name}>
              <select value={draft.skills[skill.code] ?? ''} onChange={(event) => setDraft({ ...draft, skills: { ...draft.skills, [skill.code]: event.target.value } })}>
                <option value="">{t('agents.notHeld')}</option>
                {[1, 2, 3, 4, 5].map((level) => <option key={level} value={String(level)}>{t('agents.level', { level })}</option>)}
              </select>
            </Field>
          ))}
        </FormGrid>
      </fieldset>
      <fieldset className="cc-admin-rows">
        <legend>{t('fields.languages')}</legend>
        <div className="cc-admin-row">
          {LANGUAGES.map((language) => (
            <label key={language} className="cc-admin-check">
              <input type="checkbox" checked={draft.languages.includes(language)} onChange={() => setDraft({ ...draft, languages: draft.languages.includes(language) ? draft.languages.filter((held) => held !== language) : [...draft.languages, language] })} />
              {common.t(`languages.${language}`, { defaultValue: language })}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="cc-admin-rows">
        <legend>{t('fields.capacity')}</legend>
        <FormGrid>
          {CHANNELS.map((channel) => (
            <Field key={channel} label={t(`channels.${channel}`)} error={rules.message(channel)}>
              <input inputMode="numeric" value={draft.capacity[channel]} onChange={(event) => setDraft({ ...draft, capacity: { ...draft.capacity, [channel]: event.target.value } })} />
            </Field>
          ))}
        </FormGrid>
      </fieldset>
      <div className="cc-admin-actions">
        <Button type="submit" variant="primary" busy={save.busy} disabled={!agent && !draft.userId}>{t('common.save')}</Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </div>
    </form>
  );
}
