import {
  ASSIGNMENT_STRATEGIES,
  QUEUE_FIELD_RULES,
  SERVICE_LEVEL_FORMULAS,
  type AssignmentStrategy,
  type Queue,
  type QueueRelaxationStep,
  type ServiceLevelFormula,
  type Skill,
} from '@callcentre/shared';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, Field, Panel, Table } from '../../../design-system';
import { useResource } from '../../../api/use-resource';
import { adminApi, type SaveQueue } from '../api/admin-api';
import { refusedFields, useAdminTranslation } from '../i18n';
import { FormError, FormGrid } from './AdminForm';
import { useAction } from './useAction';
import { useFieldRules } from './useFieldRules';

const DAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;

interface QueueDraft {
  code: string;
  name: string;
  basePriority: string;
  serviceLevelPercent: string;
  serviceLevelSeconds: string;
  serviceLevelFormula: ServiceLevelFormula;
  shortAbandonSeconds: string;
  offerTimeoutSeconds: string;
  wrapUpSeconds: string;
  maxWaitSeconds: string;
  overflowQueue: string;
  strategy: AssignmentStrategy;
  skills: Array<{ skill: string; minProficiency: string; optional: boolean }>;
  steps: Array<{ afterSeconds: string; lowerProficiencyBy: string; dropOptionalSkills: boolean }>;
  hoursOn: boolean;
  timeZone: string;
  /** Per ISO weekday: "09:00-12:00, 13:00-18:00"; empty: closed. */
  hours: Record<(typeof DAYS)[number], string>;
}

const emptyHours = () => Object.fromEntries(DAYS.map((day) => [day, ''])) as QueueDraft['hours'];

function draftOf(queue: Queue | null, queues: Queue[]): QueueDraft {
  if (!queue) {
    return {
      code: '', name: '', basePriority: '0', serviceLevelPercent: '80', serviceLevelSeconds: '20', serviceLevelFormula: 'answered_only',
      shortAbandonSeconds: '5', offerTimeoutSeconds: '15', wrapUpSeconds: '30', maxWaitSeconds: '', overflowQueue: '', strategy: 'longest_idle',
      skills: [], steps: [], hoursOn: false, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, hours: emptyHours(),
    };
  }
  const hours = emptyHours();
  for (const day of DAYS) hours[day] = (queue.businessHours?.days[day] ?? []).map((range) => `${range.from}-${range.to}`).join(', ');
  return {
    code: queue.code, name: queue.name, basePriority: String(queue.basePriority), serviceLevelPercent: String(queue.serviceLevelPercent),
    serviceLevelSeconds: String(queue.serviceLevelSeconds), serviceLevelFormula: queue.serviceLevelFormula, shortAbandonSeconds: String(queue.shortAbandonSeconds),
    offerTimeoutSeconds: String(queue.offerTimeoutSeconds), wrapUpSeconds: String(queue.wrapUpSeconds),
    maxWaitSeconds: queue.maxWaitSeconds === null ? '' : String(queue.maxWaitSeconds),
    overflowQueue: queues.find((other) => other.id === queue.overflowQueueId)?.code ?? '', strategy: queue.strategy,
    skills: queue.skills.map((demand) => ({ skill: demand.skillId, minProficiency: String(demand.minProficiency), optional: demand.optional })),
    steps: queue.relaxationSteps.map((step) => ({ afterSeconds: String(step.afterSeconds), lowerProficiencyBy: String(step.lowerProficiencyBy), dropOptionalSkills: step.dropOptionalSkills })),
    hoursOn: queue.businessHours !== null, timeZone: queue.businessHours?.timeZone ?? 'UTC', hours,
  };
}

const num = (text: string) => (text.trim() === '' ? undefined : Number(text));

/** The body the API takes; numbers as typed (the API says which ones it refuses). */
function bodyOf(draft: QueueDraft, skills: Skill[]): SaveQueue {
  const code = (idOrCode: string) => skills.find((skill) => skill.id === idOrCode)?.code ?? idOrCode;
  const days: Record<string, Array<{ from: string; to: string }>> = {};
  for (const day of DAYS) {
    const ranges = draft.hours[day].split(',').map((part) => part.trim()).filter(Boolean);
    if (ranges.length) days[day] = ranges.map((range) => { const [from = '', to = ''] = range.split('-').map((value) => value.trim()); return { from, to }; });
  }
  return {
    code: draft.code.trim(), name: draft.name, basePriority: Number(draft.basePriority), serviceLevelPercent: Number(draft.serviceLevelPercent),
    serviceLevelSeconds: Number(draft.serviceLevelSeconds), serviceLevelFormula: draft.serviceLevelFormula, shortAbandonSeconds: Number(draft.shortAbandonSeconds),
    offerTimeoutSeconds: Number(draft.offerTimeoutSeconds), wrapUpSeconds: Number(draft.wrapUpSeconds), maxWaitSeconds: num(draft.maxWaitSeconds),
    overflowQueue: draft.overflowQueue || undefined, strategy: draft.strategy,
    relaxationSteps: draft.steps.map((step): QueueRelaxationStep => ({ afterSeconds: Number(step.afterSeconds), lowerProficiencyBy: Number(step.lowerProficiencyBy), dropOptionalSkills: step.dropOptionalSkills })),
    businessHours: draft.hoursOn ? { timeZone: draft.timeZone, days } : undefined,
    skills: draft.skills.map((demand) => ({ skill: code(demand.skill), minProficiency: Number(demand.minProficiency), optional: demand.optional })),
  };
}

/** Queues: what each demands of its agents, its targets, its timers, its overflow and its opening hours. */
export function QueuesAdmin() {
  const { t } = useAdminTranslation();
  const queues = useResource(adminApi.queues);
  const skills = useResource(adminApi.skills);
  const [editing, setEditing] = useState<Queue | 'new' | null>(null);
  const done = useCallback(() => { setEditing(null); queues.reload(); }, [queues]);
  const allQueues = queues.data ?? [];
  const skillName = (skillId: string) => skills.data?.find((skill) => skill.id === skillId)?.name ?? skillId;
  return (
    <Panel title={t('queues.title')} description={t('queues.description')} actions={<Button variant="primary" onClick={() => setEditing('new')}>{t('queues.new')}</Button>}>
      {editing ? (
        <QueueForm key={editing === 'new' ? 'new' : editing.id} queue={editing === 'new' ? null : editing} queues={allQueues} skills={skills.data ?? []} onDone={done} onCancel={() => setEditing(null)} />
      ) : null}
      <Table
        caption={t('queues.title')}
        stackOnPhone
        rows={allQueues}
        rowKey={(queue) => queue.id}
        empty={t('common.none')}
        columns={[
          { key: 'name', header: t('fields.name'), render: (queue) => <><strong>{queue.name}</strong> <Badge code>{queue.code}</Badge></> },
          { key: 'skills', header: t('fields.skills'), render: (queue) => queue.skills.map((demand) => `${skillName(demand.skillId)} ≥${demand.minProficiency}${demand.optional ? ` (${t('queues.optional')})` : ''}`).join(', ') || '—' },
          { key: 'sl', header: t('queues.target'), render: (queue) => t('queues.targetValue', { percent: queue.serviceLevelPercent, seconds: queue.serviceLevelSeconds }) },
          { key: 'overflow', header: t('fields.overflowQueue'), render: (queue) => allQueues.find((other) => other.id === queue.overflowQueueId)?.name ?? '—' },
          { key: 'edit', header: '', align: 'end', render: (queue) => <Button size="sm" onClick={() => setEditing(queue)}>{t('common.edit')}</Button> },
        ]}
      />
    </Panel>
  );
}

function QueueForm({ queue, queues, skills, onDone, onCancel }: { queue: Queue | null; queues: Queue[]; skills: Skill[]; onDone(): void; onCancel(): void }) {
  const { t } = useAdminTranslation();
  const common = useTranslation();
  const [draft, setDraft] = useState<QueueDraft>(() => draftOf(queue, queues));
  const save = useAction((body: SaveQueue) => (queue ? adminApi.updateQueue(queue.id, body) : adminApi.createQueue(body)));
  const refused = refusedFields(save.error);
  const set = <K extends keyof QueueDraft>(key: K, value: QueueDraft[K]) => setDraft((previous) => ({ ...previous, [key]: value }));
  const rules = useFieldRules(QUEUE_FIELD_RULES);
  const ruled = (field: string) => (field in QUEUE_FIELD_RULES ? rules.message(field as keyof typeof QUEUE_FIELD_RULES) : undefined);
  const bad = (field: string) => ruled(field) ?? (refused.has(field) ? t('errors.fieldRefused') : undefined);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!rules.check(draft)) return;
    const saved = await save.act(bodyOf(draft, skills));
    if (saved !== undefined) onDone();
  };
  useEffect(() => {
    if (save.error) rules.refusedWith(save.error, draft);
    // Worded once per refusal, with the values it refused.
  }, [save.error]);
  const numberField = (key: keyof QueueDraft & string, label: string, hint?: string) => (
    <Field label={label} hint={hint} error={bad(key)}>
      <input inputMode="numeric" value={draft[key] as string} onChange={(event) => set(key, event.target.value as never)} />
    </Field>
  );
  return (
    <form className="cc-admin-form" onSubmit={submit} aria-label={queue ? t('queues.editTitle', { name: queue.name }) : t('queues.new')} data-testid="queue-form">
      <h3>{queue ? t('queues.editTitle', { name: queue.name }) : t('queues.new')}</h3>
      <FormError error={save.error} />
      {rules.hasProblems ? <p role="alert" className="cc-admin-rows__error">{common.t('validation.checkFields')}</p> : null}
      <FormGrid>
        <Field label={t('fields.code')} hint={t('hints.code')} error={bad('code')}><input value={draft.code} onChange={(event) => set('code', event.target.value)} /></Field>
        <Field label={t('fields.name')} error={bad('name')}><input value={draft.name} onChange={(event) => set('name', event.target.value)} /></Field>
        {numberField('basePriority', t('fields.basePriority'), t('hints.basePriority'))}
        <Field label={t('fields.strategy')} error={bad('strategy')}>
          <select value={draft.strategy} onChange={(event) => set('strategy', event.target.value as AssignmentStrategy)}>
            {ASSIGNMENT_STRATEGIES.map((strategy) => <option key={strategy} value={strategy}>{t(`strategies.${strategy}`)}</option>)}
          </select>
        </Field>
        {numberField('serviceLevelPercent', t('fields.serviceLevelPercent'))}
        {numberField('serviceLevelSeconds', t('fields.serviceLevelSeconds'))}
        <Field label={t('fields.serviceLevelFormula')} error={bad('serviceLevelFormula')}>
          <select value={draft.serviceLevelFormula} onChange={(event) => set('serviceLevelFormula', event.target.value as ServiceLevelFormula)}>
            {SERVICE_LEVEL_FORMULAS.map((formula) => <option key={formula} value={formula}>{t(`formulas.${formula}`)}</option>)}
          </select>
        </Field>
        {numberField('shortAbandonSeconds', t('fields.shortAbandonSeconds'))}
        {numberField('offerTimeoutSeconds', t('fields.offerTimeoutSeconds'))}
        {numberField('wrapUpSeconds', t('fields.wrapUpSeconds'))}
        {numberField('maxWaitSeconds', t('fields.maxWaitSeconds'), t('hints.maxWaitSeconds'))}
        <Field label={t('fields.overflowQueue')} error={bad('overflowQueue')}>
          <select value={draft.overflowQueue} onChange={(event) => set('overflowQueue', event.target.value)}>
            <option value="">{t('common.none')}</option>
            {queues.filter((other) => other.id !== queue?.id).map((other) => <option key={other.id} value={other.code}>{other.name}</option>)}
          </select>
        </Field>
      </FormGrid>

      <fieldset className="cc-admin-rows">
        <legend>{t('fields.skills')}</legend>
        {refused.has('skills') ? <p className="cc-admin-rows__error">{t('errors.fieldRefused')}</p> : null}
        {draft.skills.map((demand, index) => (
          <div className="cc-admin-row" key={index}>
            <Field label={t('fields.skill')}>
              <select value={demand.skill} onChange={(event) => set('skills', draft.skills.map((row, i) => (i === index ? { ...row, skill: event.target.value } : row)))}>
                <option value="">—</option>
                {skills.map((skill) => <option key={skill.id} value={skill.id}>{skill.name}</option>)}
              </select>
            </Field>
            <Field label={t('fields.minProficiency')}>
              <input inputMode="numeric" value={demand.minProficiency} onChange={(event) => set('skills', draft.skills.map((row, i) => (i === index ? { ...row, minProficiency: event.target.value } : row)))} />
            </Field>
            <label className="cc-admin-check">
              <input type="checkbox" checked={demand.optional} onChange={(event) => set('skills', draft.skills.map((row, i) => (i === index ? { ...row, optional: event.target.checked } : row)))} />
              {t('queues.optional')}
            </label>
            <Button size="sm" variant="ghost" onClick={() => set('skills', draft.skills.filter((_, i) => i !== index))}>{t('common.remove')}</Button>
          </div>
        ))}
        <Button size="sm" onClick={() => set('skills', [...draft.skills, { skill: '', minProficiency: '1', optional: false }])}>{t('queues.addSkill')}</Button>
      </fieldset>

      <fieldset className="cc-admin-rows">
        <legend>{t('fields.relaxationSteps')}</legend>
        <p className="cc-admin-hint">{t('hints.relaxationSteps')}</p>
        {refused.has('relaxationSteps') ? <p className="cc-admin-rows__error">{t('errors.fieldRefused')}</p> : null}
        {draft.steps.map((step, index) => (
          <div className="cc-admin-row" key={index}>
            <Field label={t('fields.afterSeconds')}>
              <input inputMode="numeric" value={step.afterSeconds} onChange={(event) => set('steps', draft.steps.map((row, i) => (i === index ? { ...row, afterSeconds: event.target.value } : row)))} />
            </Field>
            <Field label={t('fields.lowerProficiencyBy')}>
              <input inputMode="numeric" value={step.lowerProficiencyBy} onChange={(event) => set('steps', draft.steps.map((row, i) => (i === index ? { ...row, lowerProficiencyBy: event.target.value } : row)))} />
            </Field>
            <label className="cc-admin-check">
              <input type="checkbox" checked={step.dropOptionalSkills} onChange={(event) => set('steps', draft.steps.map((row, i) => (i === index ? { ...row, dropOptionalSkills: event.target.checked } : row)))} />
              {t('fields.dropOptionalSkills')}
            </label>
            <Button size="sm" variant="ghost" onClick={() => set('steps', draft.steps.filter((_, i) => i !== index))}>{t('common.remove')}</Button>
          </div>
        ))}
        <Button size="sm" onClick={() => set('steps', [...draft.steps, { afterSeconds: '30', lowerProficiencyBy: '1', dropOptionalSkills: false }])}>{t('queues.addStep')}</Button>
      </fieldset>

      <fieldset className="cc-admin-rows">
        <legend>{t('fields.businessHours')}</legend>
        <label className="cc-admin-check">
          <input type="checkbox" checked={draft.hoursOn} onChange={(event) => set('hoursOn', event.target.checked)} />
          {t('queues.hoursOn')}
        </label>
        {refused.has('businessHours') ? <p className="cc-admin-rows__error">{t('errors.fieldRefused')}</p> : null}
        {draft.hoursOn ? (
          <FormGrid>
            <Field label={t('fields.timeZone')}><input value={draft.timeZone} onChange={(event) => set('timeZone', event.target.value)} /></Field>
            {DAYS.map((day) => (
              <Field key={day} label={t(`isoDays.${day}`)} hint={day === '1' ? t('hints.hours') : undefined}>
                <input value={draft.hours[day]} placeholder={t('queues.closed')} onChange={(event) => set('hours', { ...draft.hours, [day]: event.target.value })} />
              </Field>
            ))}
          </FormGrid>
        ) : null}
      </fieldset>
      <div className="cc-admin-actions">
        <Button type="submit" variant="primary" busy={save.busy}>{t('common.save')}</Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </div>
    </form>
  );
}
