import { ROUTING_POLICY_FIELD_RULES, VALUE_TIERS, type RoutingPolicy } from '@callcentre/shared';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Field, Panel } from '../../../design-system';
import { useResource } from '../../../api/use-resource';
import { adminApi, type PolicyChange } from '../api/admin-api';
import { refusedFields, useAdminTranslation } from '../i18n';
import { FormError, FormGrid } from './AdminForm';
import { checkField } from '../../../i18n/field-problems';
import { useAction } from './useAction';
import { useFieldRules } from './useFieldRules';

const NUMBERS = ['complaintBonus', 'agingSecondsPerPoint', 'missedOffersBeforeNotReady', 'reofferCooldownSeconds', 'preferredAgentWindowSeconds', 'transferToAgentWindowSeconds', 'disconnectGraceSeconds'] as const;

/** The tunable routing rules: priority points, aging, missed offers, windows; applied at once and audited. */
export function RoutingPolicyAdmin() {
  const { t } = useAdminTranslation();
  const common = useTranslation();
  const policy = useResource(adminApi.policy);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [reject, setReject] = useState(true);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    const current = policy.data;
    if (!current) return;
    setDraft({ ...Object.fromEntries(NUMBERS.map((key) => [key, String(current[key])])), ...Object.fromEntries(VALUE_TIERS.map((tier) => [`tier.${tier}`, String(current.valueTierBonus[tier])])) });
    setReject(current.rejectCountsAsMissed);
  }, [policy.data]);
  const save = useAction(adminApi.changePolicy);
  const refused = refusedFields(save.error);
  const rules = useFieldRules(ROUTING_POLICY_FIELD_RULES);
  /** The form's values by rule: each tier's points checked with the tier rule. */
  const checked = () => {
    const badTier = VALUE_TIERS.map((tier) => draft[`tier.${tier}`] ?? '').find((value) => checkField(ROUTING_POLICY_FIELD_RULES.valueTierBonus, value) !== null);
    return rules.check({ ...Object.fromEntries(NUMBERS.map((key) => [key, draft[key] ?? ''])), valueTierBonus: badTier ?? '0' });
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!checked()) return;
    const change: PolicyChange = { rejectCountsAsMissed: reject, valueTierBonus: Object.fromEntries(VALUE_TIERS.map((tier) => [tier, Number(draft[`tier.${tier}`])])) as RoutingPolicy['valueTierBonus'] };
    for (const key of NUMBERS) (change as Record<string, number>)[key] = Number(draft[key]);
    if (await save.act(change)) { setSaved(true); policy.reload(); }
  };
  const input = (key: string, label: string, refusedAs: keyof typeof ROUTING_POLICY_FIELD_RULES) => (
    <Field key={key} label={label} error={rules.message(refusedAs) ?? (refused.has(refusedAs) ? t('errors.fieldRefused') : undefined)}>
      <input inputMode="numeric" value={draft[key] ?? ''} onChange={(event) => { setSaved(false); setDraft({ ...draft, [key]: event.target.value }); }} />
    </Field>
  );
  // The form opens once the rules in force are read: nothing typed before is overwritten by them.
  if (Object.keys(draft).length === 0) return <Panel title={t('policy.title')}><p>{t('common.loading')}</p></Panel>;
  return (
    <Panel title={t('policy.title')} description={t('policy.description')}>
      <form className="cc-admin-form" onSubmit={submit} aria-label={t('policy.title')} data-testid="policy-form">
        <FormError error={save.error} />
        {saved ? <p role="status" className="cc-admin-saved">{t('common.saved')}</p> : null}
        <fieldset className="cc-admin-rows">
          <legend>{t('policy.tierBonus')}</legend>
          <FormGrid>{VALUE_TIERS.map((tier) => input(`tier.${tier}`, common.t(`valueTiers.${tier}`, { defaultValue: tier }), 'valueTierBonus'))}</FormGrid>
        </fieldset>
        <FormGrid>
          {NUMBERS.map((key) => input(key, t(`fields.${key}`), key))}
          <label className="cc-admin-check">
            <input type="checkbox" checked={reject} onChange={(event) => { setSaved(false); setReject(event.target.checked); }} />
            {t('fields.rejectCountsAsMissed')}
          </label>
        </FormGrid>
        <div className="cc-admin-actions"><Button type="submit" variant="primary" busy={save.busy}>{t('common.save')}</Button></div>
      </form>
    </Panel>
  );
}
