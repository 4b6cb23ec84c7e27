import { EMAIL_DEPARTMENTS, EMAIL_PRIORITIES, EMAIL_RULE_FIELDS, type EmailDepartment, type EmailPriority, type EmailRule, type EmailRuleField, type EmailSettingsView } from '@callcentre/shared';
import { useEffect, useState, type FormEvent } from 'react';
import { Badge, Button, Field, Panel, Table } from '../../../design-system';
import { useResource } from '../../../api/use-resource';
import { adminApi } from '../api/admin-api';
import { refusedFields, useAdminTranslation } from '../i18n';
import { FormError, FormGrid, toInt } from './AdminForm';
import { useAction } from './useAction';

type PriorityKey = '1' | '2' | '3' | '4' | '5';
const PRIORITY_KEYS = EMAIL_PRIORITIES.map(String) as PriorityKey[];

interface SettingsDraft {
  mailboxes: Array<{ address: string; department: EmailDepartment }>;
  departmentQueues: Record<EmailDepartment, string>;
  promiseMinutes: Record<PriorityKey, string>;
}

const draftOf = (view: EmailSettingsView): SettingsDraft => ({
  mailboxes: view.mailboxes.map((mailbox) => ({ ...mailbox })),
  departmentQueues: { ...view.departmentQueues },
  promiseMinutes: Object.fromEntries(PRIORITY_KEYS.map((key) => [key, String(view.promiseMinutes[key])])) as Record<PriorityKey, string>,
});

/** Whether a minutes value is one the server takes: a whole number from 1 to 43200 (30 days). */
const minutesValid = (text: string) => Number.isInteger(toInt(text)) && toInt(text) >= 1 && toInt(text) <= 43200;

/** The e-mail channel: the centre's addresses and each department's queue, the reply promise, the sorting rules. */
export function EmailAdmin() {
  const settings = useResource(adminApi.emailSettings);
  const { t } = useAdminTranslation();
  if (!settings.data) return <Panel title={t('email.title')}><p>{t('common.loading')}</p></Panel>;
  return (
    <>
      <EmailSettingsForm view={settings.data} onSaved={settings.reload} />
      <EmailRulesPanel rules={settings.data.rules} onSaved={settings.reload} />
    </>
  );
}

function EmailSettingsForm({ view, onSaved }: { view: EmailSettingsView; onSaved: () => void }) {
  const { t } = useAdminTranslation();
  const queues = useResource(adminApi.queues);
  const [draft, setDraft] = useState<SettingsDraft>(() => draftOf(view));
  const [saved, setSaved] = useState(false);
  const [badMinutes, setBadMinutes] = useState<Set<PriorityKey>>(new Set());
  useEffect(() => setDraft(draftOf(view)), [view]);
  const save = useAction(adminApi.saveEmailSettings);
  const refused = refusedFields(save.error);
  const change = (next: SettingsDraft) => { setSaved(false); setDraft(next); };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const bad = new Set(PRIORITY_KEYS.filter((key) => !minutesValid(draft.promiseMinutes[key])));
    setBadMinutes(bad);
    if (bad.size > 0) return;
    const body = {
      mailboxes: draft.mailboxes.map((mailbox) => ({ address: mailbox.address.trim(), department: mailbox.department })),
      departmentQueues: draft.departmentQueues,
      promiseMinutes: Object.fromEntries(PRIORITY_KEYS.map((key) => [key, toInt(draft.promiseMinutes[key])])) as Record<PriorityKey, number>,
    };
    if (await save.act(body)) { setSaved(true); onSaved(); }
  };
  const queueOptions = (current: string) => {
    const codes = (queues.data ?? []).map((queue) => ({ value: queue.code, label: queue.name }));
    return codes.some((option) => option.value === current) || current === '' ? codes : [{ value: current, label: current }, ...codes];
  };
  return (
    <Panel title={t('email.title')} description={t('email.description')}>
      <form className="cc-admin-form" onSubmit={submit} aria-label={t('email.title')} data-testid="email-settings-form">
        <FormError error={save.error} />
        {saved ? <p role="status" className="cc-admin-saved">{t('common.saved')}</p> : null}
        {!view.relayConfigured ? <p className="cc-admin-hint">{t('email.noRelay')}</p> : null}
        <p className="cc-admin-hint">{view.smtpPort === null ? t('email.smtpOff') : t('email.smtpOn', { port: view.smtpPort })}</p>
        <fieldset className="cc-admin-rows">
          <legend>{t('fields.mailboxes')}</legend>
          {refused.has('mailboxes') ? <p className="cc-admin-rows__error">{t('errors.fieldRefused')}</p> : null}
          {draft.mailboxes.map((mailbox, index) => (
            <div className="cc-admin-row" key={index}>
              <Field label={t('fields.address')}>
                <input type="email" value={mailbox.address} onChange={(event) => change({ ...draft, mailboxes: draft.mailboxes.map((item, at) => (at === index ? { ...item, address: event.target.value } : item)) })} />
              </Field>
              <Field label={t('fields.department')}>
                <select value={mailbox.department} onChange={(event) => change({ ...draft, mailboxes: draft.mailboxes.map((item, at) => (at === index ? { ...item, department: event.target.value as EmailDepartment } : item)) })}>
                  {EMAIL_DEPARTMENTS.map((department) => <option key={department} value={department}>{t(`email.departments.${department}`)}</option>)}
                </select>
              </Field>
              <Button type="button" onClick={() => change({ ...draft, mailboxes: draft.mailboxes.filter((_, at) => at !== index) })}>{t('common.remove')}</Button>
            </div>
          ))}
          <div className="cc-admin-actions">
            <Button type="button" onClick={() => change({ ...draft, mailboxes: [...draft.mailboxes, { address: '', department: 'customer_service' }] })}>{t('email.addMailbox')}</Button>
          </div>
        </fieldset>
        <fieldset className="cc-admin-rows">
          <legend>{t('fields.departmentQueues')}</legend>
          {refused.has('departmentQueues') ? <p className="cc-admin-rows__error">{t('errors.fieldRefused')}</p> : null}
          <FormGrid>
            {EMAIL_DEPARTMENTS.map((department) => (
              <Field key={department} label={t(`email.departments.${department}`)}>
                <select value={draft.departmentQueues[department]} onChange={(event) => change({ ...draft, departmentQueues: { ...draft.departmentQueues, [department]: event.target.value } })}>
                  {queueOptions(draft.departmentQueues[department]).map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
                </select>
              </Field>
            ))}
          </FormGrid>
        </fieldset>
        <fieldset className="cc-admin-rows">
          <legend>{t('fields.promiseMinutes')}</legend>
          <p className="cc-admin-hint">{t('hints.promiseMinutes')}</p>
          <FormGrid>
            {PRIORITY_KEYS.map((key) => (
              <Field key={key} label={t(`email.priorities.${key}`)} error={badMinutes.has(key) || refused.has('promiseMinutes') ? t('email.minutesRule') : undefined}>
                <input inputMode="numeric" value={draft.promiseMinutes[key]} onChange={(event) => change({ ...draft, promiseMinutes: { ...draft.promiseMinutes, [key]: event.target.value } })} />
              </Field>
            ))}
          </FormGrid>
        </fieldset>
        <div className="cc-admin-actions"><Button type="submit" variant="primary" busy={save.busy}>{t('common.save')}</Button></div>
      </form>
    </Panel>
  );
}

interface RuleDraft {
  kind: 'department' | 'priority';
  field: EmailRuleField;
  pattern: string;
  department: EmailDepartment;
  priority: EmailPriority;
  complaint: boolean;
  description: string;
  enabled: boolean;
}

const EMPTY_RULE: RuleDraft = { kind: 'department', field: 'subject', pattern: '', department: 'customer_service', priority: 3, complaint: false, description: '', enabled: true };

const ruleDraftOf = (rule: EmailRule): RuleDraft => ({
  kind: rule.kind,
  field: rule.field,
  pattern: rule.pattern,
  department: rule.department ?? 'customer_service',
  priority: rule.priority ?? 3,
  complaint: rule.complaint ?? false,
  description: rule.description ?? '',
  enabled: rule.enabled ?? true,
});

/** A rule as the API takes it: only the outcome its kind names, no id (the list is replaced whole). */
const ruleBody = (rule: EmailRule | RuleDraft): EmailRule => ({
  kind: rule.kind,
  field: rule.field,
  pattern: rule.pattern.trim(),
  department: rule.kind === 'department' ? rule.department ?? null : null,
  priority: rule.kind === 'priority' ? rule.priority ?? null : null,
  complaint: rule.complaint ?? false,
  description: rule.description ?? '',
  enabled: rule.enabled ?? true,
});

/** The ordered sorting rules: the first department rule that matches sorts the mail, likewise for priority. */
function EmailRulesPanel({ rules, onSaved }: { rules: readonly EmailRule[]; onSaved: () => void }) {
  const { t } = useAdminTranslation();
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const [draft, setDraft] = useState<RuleDraft>(EMPTY_RULE);
  const save = useAction(adminApi.saveEmailRules);
  const refused = refusedFields(save.error);
  const rows = rules.map((rule, index) => ({ rule, index }));
  const replace = async (next: EmailRule[]) => {
    if (await save.act(next.map(ruleBody))) { setEditing(null); onSaved(); }
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const rule = ruleBody(draft);
    await replace(editing === 'new' || editing === null ? [...rules, rule] : rules.map((current, index) => (index === editing ? rule : current)));
  };
  const open = (which: number | 'new') => {
    save.clear();
    setDraft(which === 'new' ? EMPTY_RULE : ruleDraftOf(rules[which] as EmailRule));
    setEditing(which);
  };
  const outcome = (rule: EmailRule) => (rule.kind === 'department' ? t(`email.departments.${rule.department ?? 'customer_service'}`) : t(`email.priorities.${rule.priority ?? 3}`));
  return (
    <Panel title={t('email.rulesTitle')} description={t('email.rulesDescription')}>
      {editing === null ? (
        <div className="cc-admin-actions"><Button type="button" variant="primary" onClick={() => open('new')}>{t('email.newRule')}</Button></div>
      ) : (
        <form className="cc-admin-form" onSubmit={submit} aria-label={editing === 'new' ? t('email.newRule') : t('email.editRule')} data-testid="email-rule-form">
          <h3>{editing === 'new' ? t('email.newRule') : t('email.editRule')}</h3>
          <FormError error={save.error} />
          <FormGrid>
            <Field label={t('fields.ruleKind')}>
              <select value={draft.kind} onChange={(event) => setDraft({ ...draft, kind: event.target.value as RuleDraft['kind'] })}>
                <option value="department">{t('email.kinds.department')}</option>
                <option value="priority">{t('email.kinds.priority')}</option>
              </select>
            </Field>
            <Field label={t('fields.ruleField')}>
              <select value={draft.field} onChange={(event) => setDraft({ ...draft, field: event.target.value as EmailRuleField })}>
                {EMAIL_RULE_FIELDS.map((field) => <option key={field} value={field}>{t(`email.ruleFields.${field}`)}</option>)}
              </select>
            </Field>
            <Field label={t('fields.pattern')} hint={t('hints.pattern')} error={refused.has('rules') ? t('errors.fieldRefused') : undefined}>
              <input value={draft.pattern} onChange={(event) => setDraft({ ...draft, pattern: event.target.value })} />
            </Field>
            {draft.kind === 'department' ? (
              <Field label={t('fields.department')}>
                <select value={draft.department} onChange={(event) => setDraft({ ...draft, department: event.target.value as EmailDepartment })}>
                  {EMAIL_DEPARTMENTS.map((department) => <option key={department} value={department}>{t(`email.departments.${department}`)}</option>)}
                </select>
              </Field>
            ) : (
              <Field label={t('fields.priority')}>
                <select value={draft.priority} onChange={(event) => setDraft({ ...draft, priority: Number(event.target.value) as EmailPriority })}>
                  {EMAIL_PRIORITIES.map((priority) => <option key={priority} value={priority}>{t(`email.priorities.${priority}`)}</option>)}
                </select>
              </Field>
            )}
            <Field label={t('fields.ruleDescription')}>
              <input value={draft.description} maxLength={200} onChange={(event) => setDraft({ ...draft, description: event.target.value })} />
            </Field>
            <label className="cc-admin-check">
              <input type="checkbox" checked={draft.complaint} onChange={(event) => setDraft({ ...draft, complaint: event.target.checked })} />
              {t('fields.complaint')}
            </label>
            <label className="cc-admin-check">
              <input type="checkbox" checked={draft.enabled} onChange={(event) => setDraft({ ...draft, enabled: event.target.checked })} />
              {t('fields.enabled')}
            </label>
          </FormGrid>
          <div className="cc-admin-actions">
            <Button type="submit" variant="primary" busy={save.busy}>{t('common.save')}</Button>
            <Button type="button" onClick={() => setEditing(null)}>{t('common.cancel')}</Button>
          </div>
        </form>
      )}
      {editing === null ? <FormError error={save.error} /> : null}
      <Table
        caption={t('email.rulesTitle')}
        stackOnPhone
        rows={rows}
        rowKey={(row) => row.rule.id ?? String(row.index)}
        empty={t('email.noRules')}
        columns={[
          { key: 'order', header: '#', render: (row) => row.index + 1 },
          { key: 'kind', header: t('fields.ruleKind'), render: (row) => t(`email.kinds.${row.rule.kind}`) },
          { key: 'when', header: t('fields.ruleField'), render: (row) => <>{t(`email.ruleFields.${row.rule.field}`)} {row.rule.pattern ? <Badge code>{row.rule.pattern}</Badge> : null}</> },
          { key: 'then', header: t('email.then'), render: (row) => <>{outcome(row.rule)}{row.rule.complaint ? <> <Badge>{t('fields.complaint')}</Badge></> : null}{row.rule.enabled === false ? <> <Badge>{t('email.disabled')}</Badge></> : null}</> },
          { key: 'description', header: t('fields.ruleDescription'), render: (row) => row.rule.description ?? '' },
          {
            key: 'actions',
            header: '',
            render: (row) => (
              <div className="cc-admin-actions">
                <Button type="button" onClick={() => open(row.index)} aria-label={t('email.editRuleNumber', { number: row.index + 1 })}>{t('common.edit')}</Button>
                <Button type="button" busy={save.busy} onClick={() => void replace(rules.filter((_, at) => at !== row.index))} aria-label={t('email.removeRuleNumber', { number: row.index + 1 })}>{t('common.remove')}</Button>
              </div>
            ),
          },
        ]}
      />
    </Panel>
  );
}
