import { LANGUAGES, SETTABLE_NOT_READY_REASONS, WALLBOARD_AGENT_STATES, type Language, type LiveContact, type SettableNotReadyReason, type WallboardAgent } from '@callcentre/shared';
import { Fragment, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useResource } from '../../../api/use-resource';
import { Badge, Button, EditIcon, EmptyState, Notice, Panel, type Tone, UserIcon, UserText } from '../../../design-system';
import { formatDuration } from '../../../i18n/formatters';
import { useActionErrorMessage } from '../../../i18n/use-error-message';
import { fetchSkills, forceAgentState, updateAgentSkills, type ForcedState } from '../api/wallboard-api';
import './AgentsTable.css';

const STATE_TONES: Record<WallboardAgent['state'], Tone> = {
  available: 'good',
  reserved: 'info',
  busy: 'info',
  wrap_up: 'warning',
  not_ready: 'critical',
  offline: 'neutral',
};

const FORCE_OPTIONS = ['available', ...SETTABLE_NOT_READY_REASONS.map((reason) => `not_ready:${reason}` as const), 'offline'] as const;

function forcedStateOf(option: string): ForcedState {
  const [state, reason] = option.split(':');
  return state === 'not_ready' ? { state: 'not_ready', reason: reason as SettableNotReadyReason } : { state: state as 'available' | 'offline' };
}

export interface AgentsTableProps {
  agents: readonly WallboardAgent[];
  contacts: Readonly<Record<string, LiveContact>>;
  now: number;
  /** Supervisors may force a state. */
  mayForceState: boolean;
  /** Supervisors and administrators may edit skills. */
  mayEditSkills: boolean;
}

/** Every agent: state and time in it, current contacts, skills; supervisors force a state or edit skills. */
export function AgentsTable({ agents, contacts, now, mayForceState, mayEditSkills }: AgentsTableProps) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<string | null>(null);
  const [showOffline, setShowOffline] = useState(false);
  const order = (agent: WallboardAgent) => WALLBOARD_AGENT_STATES.indexOf(agent.state);
  const sorted = [...agents].sort((a, b) => order(a) - order(b) || a.displayName.localeCompare(b.displayName));
  const shown = showOffline ? sorted : sorted.filter((agent) => agent.state !== 'offline');
  const offline = sorted.length - sorted.filter((agent) => agent.state !== 'offline').length;
  const columns = 5 + (mayForceState || mayEditSkills ? 1 : 0);

  return (
    <Panel
      title={t('agentsTable.title')}
      description={t('agentsTable.description', { count: agents.length - offline })}
      actions={
        offline > 0 ? (
          <Button size="sm" variant="ghost" aria-pressed={showOffline} onClick={() => setShowOffline((value) => !value)}>
            {showOffline ? t('agentsTable.hideOffline') : t('agentsTable.showOffline', { count: offline })}
          </Button>
        ) : null
      }
    >
      <div className="ds-table-wrap">
        <table className="ds-table cc-agents" data-testid="agents-table">
          <caption className="cc-visually-hidden">{t('agentsTable.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('agentsTable.agent')}</th>
              <th scope="col">{t('agentsTable.state')}</th>
              <th scope="col" className="ds-table__cell--end">
                {t('agentsTable.inState')}
              </th>
              <th scope="col">{t('agentsTable.contact')}</th>
              <th scope="col">{t('agentsTable.skills')}</th>
              {mayForceState || mayEditSkills ? <th scope="col">{t('agentsTable.actions')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {shown.length === 0 ? (
              <tr>
                <td colSpan={columns} className="ds-table__empty">
                  <EmptyState icon={<UserIcon />} title={t('agentsTable.emptyTitle')}>
                    <p>{t('agentsTable.emptyBody')}</p>
                  </EmptyState>
                </td>
              </tr>
            ) : (
              shown.map((agent) => (
                <Fragment key={agent.id}>
                  <AgentRow
                    agent={agent}
                    contacts={agent.contactIds.map((id) => contacts[id]).filter((contact): contact is LiveContact => Boolean(contact))}
                    now={now}
                    mayForceState={mayForceState}
                    mayEditSkills={mayEditSkills}
                    editing={editing === agent.id}
                    onEdit={() => setEditing(editing === agent.id ? null : agent.id)}
                  />
                  {editing === agent.id ? (
                    <tr className="cc-agents__editor-row">
                      <td colSpan={columns}>
                        <SkillsEditor agent={agent} onDone={() => setEditing(null)} />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))
            )}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}

function AgentRow({
  agent,
  contacts,
  now,
  mayForceState,
  mayEditSkills,
  editing,
  onEdit,
}: {
  agent: WallboardAgent;
  contacts: LiveContact[];
  now: number;
  mayForceState: boolean;
  mayEditSkills: boolean;
  editing: boolean;
  onEdit(): void;
}) {
  const { t } = useTranslation();
  const describe = useActionErrorMessage();
  const [choice, setChoice] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const skills = Object.entries(agent.skills).sort(([a], [b]) => a.localeCompare(b));

  const force = async () => {
    if (!choice) return;
    setBusy(true);
    setFailure(null);
    try {
      await forceAgentState(agent.id, forcedStateOf(choice));
      setChoice('');
    } catch (error) {
      setFailure(describe(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <tr data-testid={`agent-row-${agent.username}`} data-state={agent.state}>
      <th scope="row" className="cc-agents__name">
        <UserText>{agent.displayName}</UserText>
        {agent.teamName ? (
          <span className="cc-agents__team" data-testid="agent-team">
            <span className="cc-visually-hidden">{t('agentsTable.team')}: </span>
            <UserText>{agent.teamName}</UserText>
          </span>
        ) : null}
        {agent.disconnected ? (
          <Badge tone="critical" className="cc-agents__flag">
            {t('agent.disconnected')}
          </Badge>
        ) : null}
      </th>
      <td>
        <Badge tone={STATE_TONES[agent.state]} dot>
          {agent.state === 'not_ready' && agent.notReadyReason
            ? t('agentState.notReadyWith', { reason: t(`notReadyReasons.${agent.notReadyReason}`) })
            : t(`agentState.${agent.state}`)}
        </Badge>
        {agent.pendingNotReady ? <div className="cc-agents__pending">{t('agentsTable.pending', { reason: t(`notReadyReasons.${agent.pendingNotReady}`) })}</div> : null}
      </td>
      <td className="ds-table__cell--end ds-table__cell--numeric" data-testid="time-in-state">
        {agent.stateSince > 0 ? formatDuration((now - agent.stateSince) / 1000) : '—'}
      </td>
      <td>
        {contacts.length === 0 ? (
          <span className="cc-agents__muted">—</span>
        ) : (
          <ul className="cc-agents__contacts">
            {contacts.map((contact) => (
              <li key={contact.id}>
                <strong>
                  <UserText>{contact.customerName ?? contact.caller.phone ?? t('offer.unknownCaller')}</UserText>
                </strong>{' '}
                <span className="cc-agents__muted">
                  {t(`channels.${contact.channel}`)} · {contact.queueName} ·{' '}
                  {contact.status === 'wrap_up' ? t('contactStatus.wrap_up') : formatDuration((now - (contact.answeredAt ?? contact.enqueuedAt)) / 1000)}
                </span>
                {contact.agentLost ? <Badge tone="critical">{t('agentsTable.agentLost')}</Badge> : null}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td>
        <ul className="cc-agents__skills" aria-label={t('agentsTable.skillsOf', { name: agent.displayName })}>
          {skills.map(([skill, level]) => (
            <li key={skill}>
              {skill} <span>{level}</span>
            </li>
          ))}
          {agent.languages.map((language) => (
            <li key={`lang-${language}`} className="cc-agents__language">
              {t(`languages.${language}`, { defaultValue: language })}
            </li>
          ))}
        </ul>
      </td>
      {mayForceState || mayEditSkills ? (
        <td className="cc-agents__actions">
          {mayForceState ? (
            <form
              className="cc-agents__force"
              onSubmit={(event) => {
                event.preventDefault();
                void force();
              }}
            >
              <select
                className="ds-input"
                aria-label={t('agentsTable.forceLabel', { name: agent.displayName })}
                value={choice}
                onChange={(event) => setChoice(event.target.value)}
              >
                <option value="">{t('agentsTable.moveTo')}</option>
                {FORCE_OPTIONS.map((option) => {
                  const [state, reason] = option.split(':');
                  return (
                    <option key={option} value={option}>
                      {reason ? t('agentState.notReadyWith', { reason: t(`notReadyReasons.${reason}`) }) : t(`agentState.${state}`)}
                    </option>
                  );
                })}
              </select>
              <Button type="submit" size="sm" busy={busy} disabled={!choice}>
                {t('agentsTable.apply')}
              </Button>
            </form>
          ) : null}
          {mayEditSkills ? (
            <Button size="sm" variant="ghost" icon={<EditIcon />} aria-expanded={editing} onClick={onEdit} aria-label={t('agentsTable.editSkillsOf', { name: agent.displayName })}>
              {t('agentsTable.editSkills')}
            </Button>
          ) : null}
          {failure ? (
            <div role="alert" className="cc-agents__failure">
              <Notice tone="critical">{failure}</Notice>
            </div>
          ) : null}
        </td>
      ) : null}
    </tr>
  );
}

function SkillsEditor({ agent, onDone }: { agent: WallboardAgent; onDone(): void }) {
  const { t } = useTranslation();
  const describe = useActionErrorMessage();
  const load = useCallback((signal: AbortSignal) => fetchSkills(signal), []);
  const catalogue = useResource(load);
  const [levels, setLevels] = useState<Record<string, number>>({ ...agent.skills });
  const [languages, setLanguages] = useState<Language[]>(agent.languages.filter((language): language is Language => (LANGUAGES as readonly string[]).includes(language)));
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const codes = [...new Set([...(catalogue.data ?? []).map((skill) => skill.code), ...Object.keys(agent.skills)])].sort();
  const nameOf = (code: string) => catalogue.data?.find((skill) => skill.code === code)?.name ?? code;

  const save = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await updateAgentSkills(
        agent.id,
        Object.entries(levels).filter(([, level]) => level > 0).map(([skill, proficiency]) => ({ skill, proficiency })),
        languages,
      );
      onDone();
    } catch (error) {
      setFailure(describe(error));
      setBusy(false);
    }
  };

  return (
    <form
      className="cc-skills-editor"
      aria-label={t('agentsTable.editSkillsOf', { name: agent.displayName })}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <fieldset>
        <legend>{t('agentsTable.skillLevels')}</legend>
        <div className="cc-skills-editor__grid">
          {codes.map((code) => (
            <label key={code} className="cc-skills-editor__skill">
              <span>{nameOf(code)}</span>
              <select className="ds-input" value={levels[code] ?? 0} onChange={(event) => setLevels((current) => ({ ...current, [code]: Number(event.target.value) }))}>
                <option value={0}>{t('agentsTable.noSkill')}</option>
                {[1, 2, 3, 4, 5].map((level) => (
                  <option key={level} value={level}>
                    {t('agentsTable.level', { level })}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('agentsTable.languages')}</legend>
        <div className="cc-skills-editor__languages">
          {LANGUAGES.map((language) => (
            <label key={language}>
              <input
                type="checkbox"
                checked={languages.includes(language)}
                onChange={(event) => setLanguages((current) => (event.target.checked ? [...current, language] : current.filter((item) => item !== language)))}
              />{' '}
              {t(`languages.${language}`)}
            </label>
          ))}
        </div>
      </fieldset>
      {failure ? (
        <div role="alert">
          <Notice tone="critical">{failure}</Notice>
        </div>
      ) : null}
      <div className="cc-skills-editor__actions">
        <Button type="submit" variant="primary" size="sm" busy={busy}>
          {t('agentsTable.saveSkills')}
        </Button>
        <Button size="sm" variant="ghost" onClick={onDone}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
