import type { ContactExplanation, LiveContact, Queue, QueueContactDelta, Skill, WallboardAgent } from '@callcentre/shared';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, Field, Notice, Panel } from '../../../design-system';
import { useResource } from '../../../api/use-resource';
import { useActionErrorMessage } from '../../../i18n/use-error-message';
import { EmailSortingFor } from '../../email';
import { useRealtime } from '../../realtime';
import { floorApi } from '../api/floor-api';
import { useFloorTranslation } from '../i18n';

/** The pushed changes read the exact places again at once; this poll only catches what no push carries (aging, agents). */
export const DRILL_DOWN_REFRESH_MS = 15_000;
const NO_CHANGES: Readonly<Record<string, QueueContactDelta>> = {};

/**
 * The explanations with the supervisors' changes pushed since they were read: a contact moved out of the queue
 * leaves, a new priority replaces the one read, and the list is re-ordered by priority (the places read break
 * ties) until the explanations are read again.
 */
export function withPushedChanges(explanations: readonly ContactExplanation[], changes: Readonly<Record<string, QueueContactDelta>>, queueId: string): ContactExplanation[] {
  let changed = false;
  const current = explanations.flatMap((explanation) => {
    const change = changes[explanation.contactId];
    if (!change || change.at < explanation.at) return [explanation];
    changed = true;
    if (change.queueId !== queueId) return [];
    return [{ ...explanation, priority: { ...explanation.priority, effective: change.priority, boost: change.boost ?? explanation.priority.boost } }];
  });
  if (!changed) return [...explanations];
  const waiting = current.filter((explanation) => explanation.place !== null).sort((a, b) => b.priority.effective - a.priority.effective || (a.place as number) - (b.place as number));
  return [...waiting.map((explanation, index) => ({ ...explanation, place: index + 1 })), ...current.filter((explanation) => explanation.place === null)];
}

const clock = (seconds: number) => `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;

export interface QueueDrillDownProps {
  queue: Queue;
  queues: readonly Queue[];
  /** The queue's waiting and ringing contacts, from the live floor. */
  contacts: readonly LiveContact[];
  agents: readonly WallboardAgent[];
  skills: readonly Skill[];
  /** The person may move, raise and offer (supervisors); others read. */
  mayAct: boolean;
}

/** Waiting contacts of one queue in routing order, with wait, priority and its parts, and why each waits. */
export function QueueDrillDown({ queue, queues, contacts, agents, skills, mayAct }: QueueDrillDownProps) {
  const { t } = useFloorTranslation();
  const ids = contacts.map((contact) => contact.id).sort().join(',');
  const load = useCallback(
    async (signal: AbortSignal) => {
      const explained = await Promise.all(ids.split(',').filter(Boolean).slice(0, 30).map((contactId) => floorApi.explain(contactId, signal).catch(() => null)));
      return explained.filter((item): item is ContactExplanation => item !== null).sort((a, b) => (a.place ?? 1e9) - (b.place ?? 1e9));
    },
    [ids],
  );
  const explanations = useResource(load, { refreshIntervalMs: DRILL_DOWN_REFRESH_MS });
  const changes = useRealtime((state) => state.wallboard?.contactChanges ?? NO_CHANGES);
  const serial = useRealtime((state) => state.wallboard?.contactChangeSerial ?? 0);
  // A change of this queue's contacts (or one moved in) pushed by the live feed: read the exact places now.
  const seen = useRef({ serial, changes });
  const reload = explanations.reload;
  useEffect(() => {
    const before = seen.current;
    if (serial === before.serial) return;
    seen.current = { serial, changes };
    const listed = new Set(ids.split(','));
    const fresh = Object.values(changes).filter((change) => before.changes[change.contactId] !== change);
    if (fresh.some((change) => change.queueId === queue.id || change.fromQueueId === queue.id || listed.has(change.contactId))) reload();
  }, [serial, changes, ids, queue.id, reload]);
  const shown = useMemo(() => withPushedChanges(explanations.data ?? [], changes, queue.id), [explanations.data, changes, queue.id]);
  const byId = new Map(contacts.map((contact) => [contact.id, contact]));
  return (
    <Panel title={t('queue.title', { name: queue.name })} description={t('queue.description', { count: contacts.length })}>
      {contacts.length === 0 ? <p className="cc-floor-empty">{t('queue.empty')}</p> : null}
      <ol className="cc-floor-contacts" data-testid="queue-contacts">
        {shown.map((explanation) => (
          <WaitingContact
            key={explanation.contactId}
            explanation={explanation}
            contact={byId.get(explanation.contactId)}
            queue={queue}
            queues={queues}
            agents={agents}
            skills={skills}
            mayAct={mayAct}
            onChanged={explanations.reload}
          />
        ))}
      </ol>
    </Panel>
  );
}

function WaitingContact({
  explanation,
  contact,
  queue,
  queues,
  agents,
  skills,
  mayAct,
  onChanged,
}: {
  explanation: ContactExplanation;
  contact: LiveContact | undefined;
  queue: Queue;
  queues: readonly Queue[];
  agents: readonly WallboardAgent[];
  skills: readonly Skill[];
  mayAct: boolean;
  onChanged(): void;
}) {
  const { t } = useFloorTranslation();
  const common = useTranslation();
  const describe = useActionErrorMessage();
  const [open, setOpen] = useState(false);
  const [target, setTarget] = useState('');
  const [agentId, setAgentId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const name = (id: string) => agents.find((agent) => agent.id === id)?.displayName ?? id.slice(0, 8);
  const skillName = (skill: string) => skills.find((candidate) => candidate.id === skill || candidate.code === skill)?.name ?? skill;
  const run = async (what: string, action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await action();
      setDone(what);
      onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const p = explanation.priority;
  const qualifying = explanation.agents.filter((verdict) => verdict.qualifies);
  const blocked = explanation.agents.filter((verdict) => !verdict.qualifies && verdict.state !== 'offline');
  const tone = explanation.waitSeconds > queue.serviceLevelSeconds * 2 ? 'critical' : explanation.waitSeconds > queue.serviceLevelSeconds ? 'warning' : 'good';
  return (
    <li className="cc-floor-contact" data-testid={`waiting-${explanation.contactId}`}>
      <div className="cc-floor-contact__head">
        <span className="cc-floor-contact__place">{explanation.place ?? '—'}</span>
        <span>
          <strong>{contact?.customerName ?? common.t(`channels.${explanation.channel}`)}</strong>{' '}
          {contact ? <Badge>{common.t(`valueTiers.${contact.valueTier}`)}</Badge> : null} {contact?.complaint ? <Badge tone="warning">{t('contact.complaint')}</Badge> : null}
          {explanation.status === 'offered' ? <Badge tone="info">{t('contact.ringing')}</Badge> : null}
        </span>
        <Badge tone={tone} data-testid="wait">{t('contact.wait', { wait: clock(explanation.waitSeconds) })}</Badge>
        <span className="cc-floor-contact__priority" data-testid="priority">
          {t('contact.priority', { value: Math.round(p.effective) })}{' '}
          <small>{t('contact.parts', { base: p.base, tier: p.valueTier, complaint: p.complaint, boost: p.boost, aging: Math.round(p.aging) })}</small>
        </span>
        <Button size="sm" variant="ghost" onClick={() => setOpen(!open)} aria-expanded={open}>{open ? t('contact.hide') : t('contact.why')}</Button>
      </div>
      <p className="cc-floor-contact__why" data-testid="why">
        {qualifying.length > 0
          ? t('why.qualifying', { agents: qualifying.map((verdict) => name(verdict.agentId)).join(', ') })
          : blocked.length === 0
            ? t('why.nobodySignedIn')
            : t('why.nobodyQualifies', { count: blocked.length })}
        {explanation.overflow ? ` ${t('why.overflow', { queue: queues.find((other) => other.id === explanation.overflow?.targetQueueId)?.name ?? '', seconds: Math.max(0, Math.round((explanation.overflow.at - explanation.at) / 1000)) })}` : ''}
      </p>
      {open ? (
        <div className="cc-floor-contact__detail">
          <p>{t('why.requirements', { list: explanation.requirements.map((requirement) => `${skillName(requirement.skill)} ≥${requirement.minProficiency}`).join(', ') || t('why.none') })}</p>
          <ul>
            {explanation.agents.filter((verdict) => verdict.state !== 'offline').map((verdict) => (
              <li key={verdict.agentId}>
                <strong>{name(verdict.agentId)}</strong>: {verdict.qualifies ? t('why.canTake') : verdict.reasons.map((reason) => t(`reasons.${reason.code}`, { ...reason, skill: 'skill' in reason ? skillName(reason.skill) : '' })).join('; ')}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {mayAct ? (
        <div className="cc-floor-actions">
          <Field label={t('actions.moveTo')}>
            <select value={target} onChange={(event) => setTarget(event.target.value)}>
              <option value="">—</option>
              {queues.filter((other) => other.id !== queue.id).map((other) => <option key={other.id} value={other.code}>{other.name}</option>)}
            </select>
          </Field>
          <Button size="sm" disabled={!target} busy={busy} onClick={() => run('moved', () => floorApi.moveToQueue(explanation.contactId, target))}>{t('actions.move')}</Button>
          <Button size="sm" busy={busy} onClick={() => run('raised', () => floorApi.setPriority(explanation.contactId, p.boost + 10))}>{t('actions.raise')}</Button>
          <Field label={t('actions.offerTo')}>
            <select value={agentId} onChange={(event) => setAgentId(event.target.value)}>
              <option value="">—</option>
              {agents.filter((agent) => agent.state !== 'offline').map((agent) => <option key={agent.id} value={agent.id}>{agent.displayName}</option>)}
            </select>
          </Field>
          <Button size="sm" disabled={!agentId} busy={busy} onClick={() => run('offered', () => floorApi.offerToAgent(explanation.contactId, agentId))}>{t('actions.offer')}</Button>
        </div>
      ) : null}
      {mayAct && explanation.channel === 'email' ? <EmailSortingFor interactionId={explanation.contactId} onChanged={onChanged} /> : null}
      {error ? <Notice tone="critical">{describe(error)}</Notice> : null}
      {done ? <p role="status" className="cc-floor-done">{t(`actions.done.${done}`)}</p> : null}
    </li>
  );
}
