import { WEEKDAYS, type CalendarView, type Weekday, type WorkingInterval } from '@callcentre/shared';
import { useEffect, useState, type FormEvent } from 'react';
import { Button, Field, Panel } from '../../../design-system';
import { useResource } from '../../../api/use-resource';
import { adminApi } from '../api/admin-api';
import { refusedFields, useAdminTranslation } from '../i18n';
import { FormError, FormGrid } from './AdminForm';
import { useAction } from './useAction';

const intervalsText = (intervals: readonly WorkingInterval[] | undefined) => (intervals ?? []).map((range) => `${range.from}-${range.to}`).join(', ');
const intervalsOf = (text: string): WorkingInterval[] =>
  text.split(',').map((part) => part.trim()).filter(Boolean).map((range) => { const [from = '', to = ''] = range.split('-').map((value) => value.trim()); return { from, to }; });
const datesOf = (text: string) => text.split(/[\s,]+/).map((date) => date.trim()).filter(Boolean);

interface CalendarDraft {
  name: string;
  timeZone: string;
  followsCentre: boolean;
  workingDays: Weekday[];
  workingHours: string;
  byDay: Partial<Record<Weekday, string>>;
  holidays: string[];
  extraWorkingDays: string[];
  newHoliday: string;
  newExtra: string;
}

function draftOf(view: CalendarView): CalendarDraft {
  const byDay: Partial<Record<Weekday, string>> = {};
  for (const [day, intervals] of Object.entries(view.config.workingHoursByDay ?? {})) byDay[day as Weekday] = intervalsText(intervals);
  return {
    name: view.name, timeZone: view.config.timeZone, followsCentre: view.followsCentreTimeZone, workingDays: [...view.config.workingDays],
    workingHours: intervalsText(view.config.workingHours), byDay, holidays: [...(view.config.holidays ?? [])], extraWorkingDays: [...(view.config.extraWorkingDays ?? [])],
    newHoliday: '', newExtra: '',
  };
}

/** The business calendar complaint deadlines count on: working days and hours (split shifts), holidays and make-up days. */
export function CalendarAdmin() {
  const { t } = useAdminTranslation();
  const calendar = useResource(adminApi.calendar);
  const [draft, setDraft] = useState<CalendarDraft | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => { if (calendar.data) setDraft(draftOf(calendar.data)); }, [calendar.data]);
  const save = useAction(adminApi.saveCalendar);
  const refused = refusedFields(save.error);
  if (!draft) return <Panel title={t('calendar.title')}><p>{t('common.loading')}</p></Panel>;
  const set = <K extends keyof CalendarDraft>(key: K, value: CalendarDraft[K]) => { setSaved(false); setDraft({ ...draft, [key]: value }); };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const byDay = Object.fromEntries(Object.entries(draft.byDay).filter(([, text]) => text !== undefined && text.trim() !== '').map(([day, text]) => [day, intervalsOf(text as string)]));
    const result = await save.act({
      name: draft.name,
      ...(draft.followsCentre ? {} : { timeZone: draft.timeZone }),
      workingDays: draft.workingDays,
      workingHours: intervalsOf(draft.workingHours),
      ...(Object.keys(byDay).length ? { workingHoursByDay: byDay } : {}),
      holidays: [...draft.holidays, ...datesOf(draft.newHoliday)],
      extraWorkingDays: [...draft.extraWorkingDays, ...datesOf(draft.newExtra)],
    });
    if (result) { setSaved(true); calendar.reload(); }
  };
  const bad = (field: string) => (refused.has(field) ? t('errors.fieldRefused') : undefined);
  return (
    <Panel title={t('calendar.title')} description={t('calendar.description')}>
      <form className="cc-admin-form" onSubmit={submit} aria-label={t('calendar.title')} data-testid="calendar-form">
        <FormError error={save.error} />
        {saved ? <p role="status" className="cc-admin-saved">{t('common.saved')}</p> : null}
        <FormGrid>
          <Field label={t('fields.name')} error={bad('name')}><input value={draft.name} onChange={(event) => set('name', event.target.value)} /></Field>
          <Field label={t('fields.timeZone')} hint={draft.followsCentre ? t('calendar.followsCentre') : undefined} error={bad('timeZone')}>
            <input value={draft.timeZone} onChange={(event) => { setSaved(false); setDraft({ ...draft, timeZone: event.target.value, followsCentre: false }); }} />
          </Field>
          <Field label={t('fields.workingHours')} hint={t('hints.hours')} error={bad('workingHours')}>
            <input value={draft.workingHours} onChange={(event) => set('workingHours', event.target.value)} />
          </Field>
        </FormGrid>
        <fieldset className="cc-admin-rows">
          <legend>{t('fields.workingDays')}</legend>
          {refused.has('workingDays') || refused.has('workingHoursByDay') ? <p className="cc-admin-rows__error">{t('errors.fieldRefused')}</p> : null}
          <FormGrid>
            {WEEKDAYS.map((day) => (
              <div key={day} className="cc-admin-day">
                <label className="cc-admin-check">
                  <input type="checkbox" checked={draft.workingDays.includes(day)} onChange={() => set('workingDays', draft.workingDays.includes(day) ? draft.workingDays.filter((held) => held !== day) : [...draft.workingDays, day])} />
                  {t(`weekdays.${day}`)}
                </label>
                <input className="ds-input" aria-label={t('calendar.hoursOf', { day: t(`weekdays.${day}`) })} placeholder={t('calendar.sameHours')} value={draft.byDay[day] ?? ''} onChange={(event) => set('byDay', { ...draft.byDay, [day]: event.target.value })} />
              </div>
            ))}
          </FormGrid>
        </fieldset>
        <FormGrid>
          <fieldset className="cc-admin-rows" data-testid="holidays">
            <legend>{t('fields.holidays')}</legend>
            {refused.has('holidays') ? <p className="cc-admin-rows__error">{t('errors.fieldRefused')}</p> : null}
            <ul className="cc-admin-chips">
              {draft.holidays.map((date) => <li key={date}>{date} <Button size="sm" variant="ghost" aria-label={t('calendar.removeDate', { date })} onClick={() => set('holidays', draft.holidays.filter((held) => held !== date))}>×</Button></li>)}
            </ul>
            <Field label={t('calendar.addHoliday')} hint={t('hints.date')}><input type="date" value={draft.newHoliday} onChange={(event) => set('newHoliday', event.target.value)} /></Field>
          </fieldset>
          <fieldset className="cc-admin-rows">
            <legend>{t('fields.extraWorkingDays')}</legend>
            {refused.has('extraWorkingDays') ? <p className="cc-admin-rows__error">{t('errors.fieldRefused')}</p> : null}
            <ul className="cc-admin-chips">
              {draft.extraWorkingDays.map((date) => <li key={date}>{date} <Button size="sm" variant="ghost" aria-label={t('calendar.removeDate', { date })} onClick={() => set('extraWorkingDays', draft.extraWorkingDays.filter((held) => held !== date))}>×</Button></li>)}
            </ul>
            <Field label={t('calendar.addExtra')} hint={t('hints.date')}><input type="date" value={draft.newExtra} onChange={(event) => set('newExtra', event.target.value)} /></Field>
          </fieldset>
        </FormGrid>
        <div className="cc-admin-actions"><Button type="submit" variant="primary" busy={save.busy}>{t('common.save')}</Button></div>
      </form>
    </Panel>
  );
}
