import { COMPLAINT_STEP_IDS, COMPLAINT_STEPS, complaintStepOf, type ComplaintSnapshot } from '@callcentre/shared';
import { useTranslation } from 'react-i18next';
import { Badge, CheckIcon } from '../../../design-system';
import { stageOf, stepProgress } from '../machine';
import './ComplaintStepper.css';

/**
 * The six steps as a progress line (done, current, to come) with the guidance of where the complaint is:
 * the current step's, or the follow-up or escalation stage's.
 */
export function ComplaintStepper({ snapshot }: { snapshot: ComplaintSnapshot }) {
  const { t } = useTranslation();
  const progress = stepProgress(snapshot, COMPLAINT_STEP_IDS);
  const stage = stageOf(snapshot);
  const current = complaintStepOf(snapshot);
  const waiting = snapshot.context.waitingOnCustomer;
  const guidanceKey = stage === 'follow_up' || stage === 'escalated' ? `complaintStages.${stage}.guidance` : current ? `complaintSteps.${current}.guidance` : null;
  const guidanceTitle =
    stage === 'follow_up' || stage === 'escalated' ? t(`complaintStages.${stage}.title`) : current ? t(`complaintSteps.${current}.title`) : null;

  return (
    <div className="cc-stepper">
      <ol className="cc-stepper__line" aria-label={t('complaint.stepsLabel')}>
        {COMPLAINT_STEPS.map((step, index) => {
          const state = progress[step.id];
          return (
            <li key={step.id} className={`cc-stepper__step cc-stepper__step--${state}`} aria-current={state === 'current' ? 'step' : undefined} data-step={step.id} data-progress={state}>
              <span className="cc-stepper__marker" aria-hidden="true">
                {state === 'done' ? <CheckIcon /> : index + 1}
              </span>
              <span className="cc-stepper__title">{t(`complaintSteps.${step.id}.title`)}</span>
              <span className="cc-visually-hidden">: {t(`complaint.progress.${state}`)}</span>
            </li>
          );
        })}
      </ol>
      <div className="cc-stepper__stage">
        {stage ? <Badge tone={stage === 'closed' ? 'good' : stage === 'escalated' ? 'critical' : 'warning'}>{t(`complaintStates.${stage}`)}</Badge> : null}
        {waiting ? <Badge tone="info">{t('complaint.waitingOnCustomer')}</Badge> : null}
      </div>
      {guidanceKey && guidanceTitle ? (
        <aside className="cc-stepper__guidance" aria-label={t('complaint.guidance')} data-testid="complaint-guidance">
          <p className="cc-stepper__guidance-title">{guidanceTitle}</p>
          <p>{t(guidanceKey)}</p>
        </aside>
      ) : null}
    </div>
  );
}
