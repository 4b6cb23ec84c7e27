import { useState, type FormEvent } from 'react';
import type { CreatedApiKey } from '@callcentre/shared';
import { Badge, Button, Field, Notice, Panel, Table } from '../../../design-system';
import { useResource } from '../../../api/use-resource';
import { useFormatters } from '../../../i18n/formatters';
import { adminApi } from '../api/admin-api';
import { refusedFields, useAdminTranslation } from '../i18n';
import { FormError, FormGrid } from './AdminForm';
import { useAction } from './useAction';

const SCOPES = ['ingest', 'crm'] as const;

/** API keys for the systems that feed contacts: created with a scope, the key shown once, revocable, last use kept. */
export function ApiKeysAdmin() {
  const { t } = useAdminTranslation();
  const format = useFormatters();
  const keys = useResource(adminApi.apiKeys);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['ingest']);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const create = useAction(adminApi.createApiKey);
  const revoke = useAction(adminApi.revokeApiKey);
  const refused = refusedFields(create.error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const key = await create.act({ name, scopes });
    if (key) {
      setCreated(key);
      setName('');
      keys.reload();
    }
  };
  const when = (iso: string | null) => (iso ? format.dateTime(new Date(iso)) : t('apiKeys.never'));
  return (
    <Panel title={t('apiKeys.title')} description={t('apiKeys.description')}>
      {created ? (
        <div className="cc-admin-secret" data-testid="api-key-secret">
          <Notice tone="warning">{t('apiKeys.shownOnce', { name: created.name })}</Notice>
          <code data-testid="api-key-value">{created.key}</code>
          <Button size="sm" onClick={() => setCreated(null)}>{t('apiKeys.copied')}</Button>
        </div>
      ) : null}
      <form className="cc-admin-form" onSubmit={submit} aria-label={t('apiKeys.new')} data-testid="api-key-form">
        <FormError error={create.error} />
        <FormGrid>
          <Field label={t('fields.name')} hint={t('hints.keyName')} error={refused.has('name') ? t('errors.fieldRefused') : undefined}>
            <input value={name} onChange={(event) => setName(event.target.value)} />
          </Field>
          <fieldset className="cc-admin-rows">
            <legend>{t('fields.scopes')}</legend>
            {SCOPES.map((scope) => (
              <label key={scope} className="cc-admin-check">
                <input type="checkbox" checked={scopes.includes(scope)} onChange={() => setScopes(scopes.includes(scope) ? scopes.filter((held) => held !== scope) : [...scopes, scope])} />
                {t(`scopes.${scope}`)}
              </label>
            ))}
          </fieldset>
        </FormGrid>
        <div className="cc-admin-actions"><Button type="submit" variant="primary" busy={create.busy}>{t('apiKeys.new')}</Button></div>
      </form>
      <FormError error={revoke.error} />
      <Table
        caption={t('apiKeys.title')}
        stackOnPhone
        rows={keys.data ?? []}
        rowKey={(key) => key.id}
        columns={[
          { key: 'name', header: t('fields.name'), render: (key) => <><strong>{key.name}</strong> <Badge code>{key.keyPrefix}…</Badge></> },
          { key: 'scopes', header: t('fields.scopes'), render: (key) => key.scopes.map((scope) => t(`scopes.${scope}`, { defaultValue: scope })).join(', ') },
          { key: 'created', header: t('apiKeys.created'), render: (key) => when(key.createdAt) },
          { key: 'used', header: t('apiKeys.lastUsed'), render: (key) => when(key.lastUsedAt) },
          {
            key: 'state',
            header: t('apiKeys.state'),
            render: (key) =>
              key.revokedAt ? (
                <Badge tone="neutral">{t('apiKeys.revokedAt', { when: when(key.revokedAt) })}</Badge>
              ) : (
                <Button size="sm" variant="danger" busy={revoke.busy} onClick={async () => { if (window.confirm(t('apiKeys.confirmRevoke', { name: key.name }))) { await revoke.act(key.id); keys.reload(); } }}>
                  {t('apiKeys.revoke')}
                </Button>
              ),
          },
        ]}
      />
    </Panel>
  );
}
