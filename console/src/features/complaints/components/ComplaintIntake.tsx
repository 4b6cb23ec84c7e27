import { COMPLAINT_COMPLEXITIES, type ComplaintComplexity, type ComplaintDetail, type LiveContact } from '@callcentre/shared';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Field, Notice } from '../../../design-system';
import { useActionErrorMessage } from '../../../i18n/use-error-message';
import { openComplaint } from '../api/complaints-api';
import type { OwnerOption } from './ComplaintActions';
import './ComplaintIntake.css';

/** Categories offered when receiving a complaint (the server takes any short text). */
export const COMPLAINT_CATEGORIES = ['billing', 'product_fault', 'delivery', 'service_quality', 'agent_conduct', 'other'] as const;

export interface ComplaintIntakeProps {
  contact: LiveContact;
  /** Agents the complaint may be about (empty when this person may not list agents). */
  agents: readonly OwnerOption[];
  /** The signed-in person, who may be the agent the complaint is about. */
  me: OwnerOption;
  workstation: string;
  onOpened(detail: ComplaintDetail): void;
  onCancel(): void;
}

/**
 * Step 1, receive: record the complaint from the contact it came through. It gets its number and
 * deadline at once. About an agent's conduct, or a threat to life or property, it goes to the team lead.
 */
export function ComplaintIntake({ contact, agents, me, workstation: defaultWorkstation, onOpened, onCancel }: ComplaintIntakeProps) {
  const { t } = useTranslation();
  const describe = useActionErrorMessage();
  const formId = useId();
  const [category, setCategory] = useState('');
  const [complexity, setComplexity] = useState<ComplaintComplexity | ''>('');
  const [description, setDescription] = useState('');
  const [aboutAgent, setAboutAgent] = useState(false);
  const [aboutAgentId, setAboutAgentId] = useState('');
  const [threatening, setThreatening] = useState(false);
  const [workstation, setWorkstation] = useState(defaultWorkstation);
  const [statement, setStatement] = useState('');
  const [callerNumber, setCallerNumber] = useState(contact.caller.phone ?? '');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const errors = {
    category: category ? undefined : t('intake.categoryRequired'),
    complexity: complexity ? undefined : t('intake.complexityRequired'),
    description: description.trim() ? undefined : t('intake.descriptionRequired'),
    aboutAgentId: aboutAgent && !aboutAgentId ? t('intake.agentRequired') : undefined,
    workstation: threatening && !workstation.trim() ? t('intake.workstationRequired') : undefined,
    statement: threatening && !statement.trim() ? t('intake.statementRequired') : undefined,
  };
  const valid = Object.values(errors).every((error) => !error);
  const shown = (error: string | undefined) => (tried ? error : undefined);
  const agentChoices = agents.some((agent) => agent.id === me.id) ? agents : [me, ...agents];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!valid || !complexity) return;
    setBusy(true);
    setFailure(null);
    try {
      const detail = await openComplaint({
        interactionId: contact.id,
        ...(contact.customerId ? { customerId: contact.customerId } : {}),
        category,
        complexity,
        description: description.trim(),
        ...(aboutAgent && aboutAgentId ? { aboutAgentId } : {}),
        ...(threatening
          ? { threat: { workstation: workstation.trim(), statement: statement.trim(), ...(callerNumber.trim() ? { callerNumber: callerNumber.trim() } : {}) } }
          : {}),
      });
      onOpened(detail);
    } catch (error) {
      setFailure(describe(error));
      setBusy(false);
    }
  };

  return (
    <form className="cc-intake" onSubmit={submit} noValidate aria-labelledby={`${formId}-title`} data-testid="complaint-intake">
      <h3 id={`${formId}-title`} className="cc-intake__title">
        {t('intake.title', { who: contact.customerName ?? contact.caller.phone ?? t('offer.unknownCaller') })}
      </h3>
      <p className="cc-intake__help">{t('complaintSteps.receive.guidance')}</p>
      <div className="cc-intake__row">
        <Field label={t('intake.category')} error={shown(errors.category)}>
          <select value={category} onChange={(event) => setCategory(event.target.value)}>
            <option value="">{t('intake.chooseCategory')}</option>
            {COMPLAINT_CATEGORIES.map((code) => (
              <option key={code} value={code}>
                {t(`complaintCategories.${code}`)}
              </option>
            ))}
          </select>
        </Field>
        <fieldset className="cc-intake__complexity" aria-invalid={shown(errors.complexity) ? true : undefined}>
          <legend>{t('intake.complexity')}</legend>
          {COMPLAINT_COMPLEXITIES.map((option) => (
            <label key={option} title={t(`teamLead.deadlines.${option}`)}>
              <input type="radio" name={`${formId}-complexity`} value={option} checked={complexity === option} onChange={() => setComplexity(option)} />{' '}
              {t(`complexities.${option}`)}
              <span className="cc-intake__hint">{t(`teamLead.deadlines.${option}`)}</span>
            </label>
          ))}
          {shown(errors.complexity) ? <p className="ds-field__error">{errors.complexity}</p> : null}
        </fieldset>
      </div>
      <Field label={t('intake.description')} hint={t('intake.descriptionHint')} error={shown(errors.description)}>
        <textarea rows={3} value={description} dir="auto" maxLength={4000} onChange={(event) => setDescription(event.target.value)} />
      </Field>
      <label className="cc-intake__check">
        <input type="checkbox" checked={aboutAgent} onChange={(event) => setAboutAgent(event.target.checked)} /> {t('intake.aboutAgent')}
      </label>
      {aboutAgent ? (
        <Field label={t('intake.whichAgent')} hint={agents.length === 0 ? t('intake.agentListUnavailable') : undefined} error={shown(errors.aboutAgentId)}>
          <select value={aboutAgentId} onChange={(event) => setAboutAgentId(event.target.value)}>
            <option value="">{t('complaint.choosePerson')}</option>
            {agentChoices.map((agent) => (
              <option key={agent.id} value={agent.id}>
                {agent.name}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
      <label className="cc-intake__check cc-intake__check--critical">
        <input type="checkbox" checked={threatening} onChange={(event) => setThreatening(event.target.checked)} /> {t('intake.threatening')}
      </label>
      {threatening ? (
        <div className="cc-intake__threat">
          <Notice tone="critical">{t('intake.threatAdvice')}</Notice>
          <div className="cc-intake__row">
            <Field label={t('intake.callerNumber')}>
              <input value={callerNumber} onChange={(event) => setCallerNumber(event.target.value)} />
            </Field>
            <Field label={t('intake.workstation')} error={shown(errors.workstation)}>
              <input value={workstation} onChange={(event) => setWorkstation(event.target.value)} />
            </Field>
          </div>
          <Field label={t('intake.statement')} error={shown(errors.statement)}>
            <textarea rows={3} value={statement} dir="auto" maxLength={4000} onChange={(event) => setStatement(event.target.value)} />
          </Field>
        </div>
      ) : null}
      {aboutAgent || threatening ? <Notice tone="warning">{t('intake.goesToTeamLead')}</Notice> : null}
      {failure ? (
        <div role="alert">
          <Notice tone="critical">{failure}</Notice>
        </div>
      ) : null}
      <div className="cc-intake__actions">
        <Button type="submit" variant="primary" busy={busy}>
          {t('intake.submit')}
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
