import './shifts.css';
import type { Shift } from '@callcentre/shared';
import { useCallback, useMemo, useState, type FormEvent } from 'react';
import { ApiError } from '../../../api/http';
import { useResource } from '../../../api/use-resource';
import { Button, EmptyState, Field, Notice, Panel, Spinner, Table, type TableColumn } from '../../../design-system';
import { schedulesApi, type ScheduledAgent } from '../api/schedules-api';
import { useSchedulesTranslation } from '../i18n';

const DAY_MS = 86_400_000;
const pad = (value: number) => String(value).padStart(2, '0');
/** A local date as YYYY-MM-DD. */
export const localDate = (at: Date) => `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
const localTime = (at: Date) => `${pad(at.getHours())}:${pad(at.getMinutes())}`;
/** Midnight (local) of the Monday of the week holding `date` (YYYY-MM-DD). */
export function mondayOf(date: string): Date {
  const [year, month, day] = date.split('-').map(Number);
  const at = new Date(year, month - 1, day);
  at.setDate(at.getDate() - ((at.getDay() + 6) % 7));
  return at;
}
const addDays = (at: Date, days: number) => new Date(at.getFullYear(), at.getMonth(), at.getDate() + days);

/**
 * A shift's instants from a local date and two local times; a time at or before the start ends the next day.
 * Sent as instants (UTC), so the server never guesses a clock.
 */
export function shiftInstants(date: string, from: string, to: string): { startsAt: string; endsAt: string } {
  const start = new Date(`${date}T${from}:00`);
  let end = new Date(`${date}T${to}:00`);
  if (end.getTime() <= start.getTime()) end = new Date(end.getTime() + DAY_MS);
  return { startsAt: start.toISOString(), endsAt: end.toISOString() };
}

/** The week's shifts agent by agent, day by day; supervisors add shifts (for an agent or a whole team) and remove them. */
export function ShiftsWeek({ canEdit, today }: { canEdit: boolean; today: string }) {
  const { t, i18n } = useSchedulesTranslation();
  const [week, setWeek] = useState(() => localDate(mondayOf(today)));
  const [team, setTeam] = useState('');
  const monday = mondayOf(week);
  const days = useMemo(() => Array.from({ length: 7 }, (_, index) => addDays(monday, index)), [week]);
  const load = useCallback((signal: AbortSignal) => schedulesApi.shifts(monday.toISOString(), addDays(monday, 7).toISOString(), signal), [week]);
  const shifts = useResource(load);
  const agents = useResource(schedulesApi.agents);
  const teams = useResource(schedulesApi.teams);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [draft, setDraft] = useState({ who: '', date: today, from: '09:00', to: '17:00' });

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      shifts.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const [kind, id] = draft.who.split(':');
    const times = shiftInstants(draft.date, draft.from, draft.to);
    void run(() => schedulesApi.add(kind === 'team' ? { teamId: id, ...times } : { agentId: id, ...times }));
  };

  const rows = (agents.data ?? []).filter((agent) => !team || agent.teamId === team);
  const byAgentDay = new Map<string, Shift[]>();
  for (const shift of shifts.data ?? []) {
    const key = `${shift.agentId} ${localDate(new Date(shift.startsAt))}`;
    byAgentDay.set(key, [...(byAgentDay.get(key) ?? []), shift]);
  }
  const dayLabel = (day: Date) => day.toLocaleDateString(i18n.language, { weekday: 'short', month: 'numeric', day: 'numeric' });
  const columns: Array<TableColumn<ScheduledAgent>> = [
    { key: 'agent', header: t('agent'), render: (agent) => <><strong>{agent.displayName}</strong>{agent.teamName ? <span className="cc-shifts__team"> {agent.teamName}</span> : null}</> },
    ...days.map((day) => ({
      key: localDate(day),
      header: dayLabel(day),
      render: (agent: ScheduledAgent) => {
        const own = byAgentDay.get(`${agent.id} ${localDate(day)}`) ?? [];
        if (own.length === 0) return <span className="cc-shifts__none">{t('noShift')}</span>;
        return (
          <ul className="cc-shifts__cell">
            {own.map((shift) => {
              const hours = { from: localTime(new Date(shift.startsAt)), to: localTime(new Date(shift.endsAt)) };
              return (
                <li key={shift.id} data-testid={`shift-${shift.id}`}>
                  {t('hours', hours)}
                  {canEdit ? (
                    <button type="button" className="cc-shifts__remove" aria-label={t('removeLabel', { name: agent.displayName, ...hours })} disabled={busy} onClick={() => void run(() => schedulesApi.remove(shift.id))}>
                      ×
                    </button>
                  ) : null}
                </li>
              );
            })}
          </ul>
        );
      },
    })),
  ];

  return (
    <Panel title={t('week')} description={canEdit ? undefined : t('readOnly')}>
      <div className="cc-shifts__bar">
        <Button size="sm" onClick={() => setWeek(localDate(addDays(monday, -7)))}>{t('previous')}</Button>
        <Field label={t('week')}>
          <input type="date" value={week} onChange={(event) => event.target.value && setWeek(localDate(mondayOf(event.target.value)))} />
        </Field>
        <Button size="sm" onClick={() => setWeek(localDate(addDays(monday, 7)))}>{t('next')}</Button>
        <Field label={t('team')}>
          <select value={team} onChange={(event) => setTeam(event.target.value)}>
            <option value="">{t('allTeams')}</option>
            {(teams.data ?? []).map((candidate) => <option key={candidate.id} value={candidate.id}>{candidate.name}</option>)}
          </select>
        </Field>
      </div>
      {canEdit ? (
        <form className="cc-shifts__form" onSubmit={submit} aria-label={t('add.title')} data-testid="shift-form">
          <Field label={t('add.who')}>
            <select required value={draft.who} onChange={(event) => setDraft({ ...draft, who: event.target.value })}>
              <option value="" disabled>—</option>
              {(teams.data ?? []).map((candidate) => <option key={candidate.id} value={`team:${candidate.id}`}>{t('add.wholeTeam', { name: candidate.name })}</option>)}
              {(agents.data ?? []).map((agent) => <option key={agent.id} value={`agent:${agent.id}`}>{agent.displayName}</option>)}
            </select>
          </Field>
          <Field label={t('add.date')}><input type="date" required value={draft.date} onChange={(event) => setDraft({ ...draft, date: event.target.value })} /></Field>
          <Field label={t('add.from')}><input type="time" required value={draft.from} onChange={(event) => setDraft({ ...draft, from: event.target.value })} /></Field>
          <Field label={t('add.to')} hint={t('add.toHint')}><input type="time" required value={draft.to} onChange={(event) => setDraft({ ...draft, to: event.target.value })} /></Field>
          <Button type="submit" variant="primary" busy={busy}>{t('add.submit')}</Button>
        </form>
      ) : null}
      {error ? <div role="alert" data-testid="shift-error"><Notice tone="critical">{errorText(error)}</Notice></div> : null}
      {shifts.status === 'loading' && !shifts.data ? <Spinner label={t('loading')} /> : null}
      <Table caption={t('title')} columns={columns} rows={rows} rowKey={(agent) => agent.id} empty={<EmptyState title={t('noShift')} />} stackOnPhone />
    </Panel>
  );

  function errorText(failure: unknown): string {
    if (failure instanceof ApiError) {
      const details = failure.details as { agentName?: string; shift?: { startsAt: string; endsAt: string }; maxHours?: number };
      if (failure.code === 'SHIFT_OVERLAP' && details.shift) {
        const from = new Date(details.shift.startsAt);
        const to = new Date(details.shift.endsAt);
        return t('errors.SHIFT_OVERLAP', { agentName: details.agentName, from: `${localDate(from)} ${localTime(from)}`, to: `${localDate(to)} ${localTime(to)}` });
      }
      if (['SHIFT_TOO_LONG', 'SHIFT_ENDS_BEFORE_START', 'TEAM_HAS_NO_AGENTS'].includes(failure.code)) return t(`errors.${failure.code}`, { ...details });
      return t('errors.other', { message: failure.message });
    }
    return t('errors.other', { message: String(failure) });
  }
}
