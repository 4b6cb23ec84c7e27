import { useCallback, useState, type FormEvent } from 'react';
import type { AuditEntry } from '@callcentre/shared';
import { Badge, Button, Field, Panel, Table } from '../../../design-system';
import { useResource } from '../../../api/use-resource';
import { useFormatters } from '../../../i18n/formatters';
import { adminApi, type AuditFilter } from '../api/admin-api';
import { refusedFields, useAdminTranslation } from '../i18n';
import { FormError, FormGrid } from './AdminForm';

/** Actions an administrator looks for most, offered in the filter (any other can be typed). */
const COMMON_ACTIONS = [
  'queue.created', 'queue.updated', 'skill.created', 'user.created', 'user.roles_changed', 'user.team_changed', 'team.created', 'team.updated', 'team.deleted', 'agent.created', 'agent.skills_changed',
  'agent.capacity_changed', 'agent.state_forced', 'api_key.created', 'api_key.revoked', 'calendar.updated', 'routing.policy_changed',
  'interaction.reassigned', 'interaction.priority_changed', 'auth.login_failed',
];

/** Domains of the audit log's actions, offered as kinds of change. */
const DOMAINS = ['queue', 'skill', 'user', 'team', 'agent', 'shift', 'api_key', 'calendar', 'routing', 'interaction', 'complaint', 'auth'] as const;

/** A local date-time input's value as an ISO instant; empty stays empty. */
const instant = (local: string) => (local ? new Date(local).toISOString() : undefined);

/** The audit log: who did what, when, to what; filtered by who, what and when, newest first, page by page. */
export function AuditLog() {
  const { t } = useAdminTranslation();
  const format = useFormatters();
  const users = useResource(adminApi.users);
  const [form, setForm] = useState({ actorId: '', domain: '', action: '', since: '', until: '' });
  const [filter, setFilter] = useState<AuditFilter>({});
  const [pages, setPages] = useState<AuditEntry[][]>([]);
  const load = useCallback((signal: AbortSignal) => adminApi.audit(filter, signal), [filter]);
  const page = useResource(load);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setPages([]);
    setFilter({ actorId: form.actorId || undefined, domain: form.domain || undefined, action: form.action.trim() || undefined, since: instant(form.since), until: instant(form.until) });
  };
  const older = () => {
    if (!page.data?.nextBefore) return;
    setPages([...pages, page.data.items]);
    setFilter({ ...filter, before: page.data.nextBefore });
  };
  const rows = [...pages.flat(), ...(page.data?.items ?? [])];
  const refused = refusedFields(page.error);
  return (
    <Panel title={t('audit.title')} description={t('audit.description')}>
      <form className="cc-admin-form" onSubmit={submit} aria-label={t('audit.filters')} data-testid="audit-filters">
        <FormGrid>
          <Field label={t('audit.who')}>
            <select value={form.actorId} onChange={(event) => setForm({ ...form, actorId: event.target.value })}>
              <option value="">{t('audit.anyone')}</option>
              {(users.data ?? []).map((user) => <option key={user.id} value={user.id}>{user.displayName} ({user.username})</option>)}
            </select>
          </Field>
          <Field label={t('audit.domain')} error={refused.has('domain') ? t('errors.fieldRefused') : undefined}>
            <select value={form.domain} onChange={(event) => setForm({ ...form, domain: event.target.value })}>
              <option value="">{t('audit.anyDomain')}</option>
              {DOMAINS.map((domain) => <option key={domain} value={domain}>{t(`audit.domains.${domain}`)}</option>)}
            </select>
          </Field>
          <Field label={t('audit.what')} hint={t('audit.whatHint')} error={refused.has('action') ? t('errors.fieldRefused') : undefined}>
            <input list="cc-audit-actions" value={form.action} onChange={(event) => setForm({ ...form, action: event.target.value })} />
          </Field>
          <Field label={t('audit.since')} error={refused.has('since') ? t('errors.fieldRefused') : undefined}><input type="datetime-local" value={form.since} onChange={(event) => setForm({ ...form, since: event.target.value })} /></Field>
          <Field label={t('audit.until')} error={refused.has('until') ? t('errors.fieldRefused') : undefined}><input type="datetime-local" value={form.until} onChange={(event) => setForm({ ...form, until: event.target.value })} /></Field>
        </FormGrid>
        <datalist id="cc-audit-actions">{COMMON_ACTIONS.map((action) => <option key={action} value={action} />)}</datalist>
        <div className="cc-admin-actions"><Button type="submit" variant="primary" busy={page.busy}>{t('audit.apply')}</Button></div>
      </form>
      <FormError error={page.error} />
      <Table
        caption={t('audit.title')}
        stackOnPhone
        rows={rows}
        rowKey={(entry) => entry.id}
        empty={page.status === 'loading' ? t('common.loading') : t('audit.empty')}
        columns={[
          { key: 'when', header: t('audit.when'), render: (entry) => format.dateTime(new Date(entry.at)) },
          { key: 'who', header: t('audit.who'), render: (entry) => entry.actor.name ?? t(`audit.actorKinds.${entry.actor.kind}`) },
          { key: 'what', header: t('audit.what'), render: (entry) => <><span>{t(`actions.${entry.action.replace('.', '_')}`, { defaultValue: entry.action })}</span> <Badge code>{entry.action}</Badge></> },
          { key: 'target', header: t('audit.target'), render: (entry) => (entry.target ? `${entry.target.type} ${entry.target.id.slice(0, 8)}` : '—') },
          { key: 'details', header: t('audit.details'), render: (entry) => <AuditDetails details={entry.details} /> },
        ]}
      />
      {page.data?.nextBefore ? <div className="cc-admin-actions"><Button onClick={older} busy={page.busy}>{t('audit.older')}</Button></div> : null}
    </Panel>
  );
}

/** An entry's details: its plain values in one line, the whole record (before and after) behind a disclosure. */
function AuditDetails({ details }: { details: Record<string, unknown> }) {
  const { t } = useAdminTranslation();
  const entries = Object.entries(details);
  if (entries.length === 0) return <>—</>;
  const plain = entries.filter(([, value]) => value === null || typeof value !== 'object');
  return (
    <details className="cc-admin-details">
      <summary>{plain.length ? plain.map(([key, value]) => `${key}: ${String(value)}`).join(' · ') : t('audit.showDetails')}</summary>
      <pre>{JSON.stringify(details, null, 2)}</pre>
    </details>
  );
}
