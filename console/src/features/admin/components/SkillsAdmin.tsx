import { LANGUAGES, SKILL_KINDS, type SkillKind } from '@callcentre/shared';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, Field, Panel, Table } from '../../../design-system';
import { useResource } from '../../../api/use-resource';
import { adminApi } from '../api/admin-api';
import { refusedFields, useAdminTranslation } from '../i18n';
import { FormError, FormGrid } from './AdminForm';
import { useAction } from './useAction';

/** Skills (products, expertise, spoken languages) that queues demand and agents hold, and the languages routing knows. */
export function SkillsAdmin() {
  const { t } = useAdminTranslation();
  const common = useTranslation();
  const skills = useResource(adminApi.skills);
  const [draft, setDraft] = useState({ code: '', name: '', kind: 'product' as SkillKind });
  const create = useAction(adminApi.createSkill);
  const refused = refusedFields(create.error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await create.act({ code: draft.code.trim(), name: draft.name, kind: draft.kind })) {
      setDraft({ code: '', name: '', kind: draft.kind });
      skills.reload();
    }
  };
  return (
    <>
      <Panel title={t('skills.title')} description={t('skills.description')}>
        <form className="cc-admin-form" onSubmit={submit} aria-label={t('skills.new')} data-testid="skill-form">
          <FormError error={create.error} />
          <FormGrid>
            <Field label={t('fields.code')} hint={t('hints.code')} error={refused.has('code') ? t('errors.fieldRefused') : undefined}>
              <input value={draft.code} onChange={(event) => setDraft({ ...draft, code: event.target.value })} />
            </Field>
            <Field label={t('fields.name')} error={refused.has('name') ? t('errors.fieldRefused') : undefined}>
              <input value={draft.name} onChange={(event) => setDraft({ ...draft, name: event.target.value })} />
            </Field>
            <Field label={t('fields.kind')}>
              <select value={draft.kind} onChange={(event) => setDraft({ ...draft, kind: event.target.value as SkillKind })}>
                {SKILL_KINDS.map((kind) => <option key={kind} value={kind}>{t(`skillKinds.${kind}`)}</option>)}
              </select>
            </Field>
          </FormGrid>
          <div className="cc-admin-actions"><Button type="submit" variant="primary" busy={create.busy}>{t('skills.new')}</Button></div>
        </form>
        <Table
          caption={t('skills.title')}
          stackOnPhone
          rows={skills.data ?? []}
          rowKey={(skill) => skill.id}
          columns={[
            { key: 'name', header: t('fields.name'), render: (skill) => skill.name },
            { key: 'code', header: t('fields.code'), render: (skill) => <Badge code>{skill.code}</Badge> },
            { key: 'kind', header: t('fields.kind'), render: (skill) => t(`skillKinds.${skill.kind}`) },
          ]}
        />
      </Panel>
      <Panel title={t('skills.languagesTitle')} description={t('skills.languagesDescription')}>
        <ul className="cc-admin-chips">
          {LANGUAGES.map((language) => <li key={language}><Badge>{common.t(`languages.${language}`, { defaultValue: language })}</Badge> <Badge code>{language}</Badge></li>)}
        </ul>
      </Panel>
    </>
  );
}
