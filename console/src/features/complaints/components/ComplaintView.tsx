import type { ComplaintDetail } from '@callcentre/shared';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/http';
import { Badge, ComplaintIcon, EmptyState, ErrorState, Notice, Spinner, UserText } from '../../../design-system';
import { useFormatters } from '../../../i18n/formatters';
import { useActionErrorMessage } from '../../../i18n/use-error-message';
import { useRealtimeLive, useServerNow } from '../../realtime';
import { useComplaint } from '../hooks/useComplaint';
import { possibleEvents, snapshotOf, type ComplaintActorInfo } from '../machine';
import { ComplaintActions, type OwnerOption } from './ComplaintActions';
import { ComplaintRecord } from './ComplaintRecord';
import { ComplaintStepper } from './ComplaintStepper';
import { DeadlineBadge } from './DeadlineBadge';
import './ComplaintView.css';

export interface ComplaintViewProps {
  complaintId: string;
  actor: ComplaintActorInfo;
  owners: readonly OwnerOption[];
}

/** One complaint: its headline, the stepper and guidance, the moves allowed now, and its record. Kept live. */
export function ComplaintView({ complaintId, actor, owners }: ComplaintViewProps) {
  const { t } = useTranslation();
  const describe = useActionErrorMessage();
  const resource = useComplaint(complaintId);

  if (resource.status === 'gone') {
    return (
      <EmptyState icon={<ComplaintIcon />} title={t('complaint.goneTitle')}>
        <p>{t('complaint.goneBody')}</p>
      </EmptyState>
    );
  }
  if (resource.status === 'loading' && !resource.detail) {
    return (
      <div className="cc-complaint__placeholder">
        <Spinner label={t('complaint.loading')} />
      </div>
    );
  }
  if (!resource.detail) {
    return (
      <ErrorState
        title={t('complaint.errorTitle')}
        message={describe(resource.error)}
        reference={resource.error instanceof ApiError ? t('errors.reference', { code: resource.error.code }) : undefined}
        onRetry={resource.reload}
        retryLabel={t('errors.retry')}
      />
    );
  }
  return (
    <ComplaintBody
      detail={resource.detail}
      actor={actor}
      owners={owners}
      onSend={resource.send}
      sending={resource.sending}
      sendError={resource.sendError}
      changedElsewhere={resource.changedElsewhere}
    />
  );
}

export interface ComplaintBodyProps {
  detail: ComplaintDetail;
  actor: ComplaintActorInfo;
  owners: readonly OwnerOption[];
  onSend: Parameters<typeof ComplaintActions>[0]['onSend'];
  sending: boolean;
  sendError?: unknown;
  changedElsewhere?: boolean;
}

export function ComplaintBody({ detail, actor, owners, onSend, sending, sendError, changedElsewhere }: ComplaintBodyProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const describe = useActionErrorMessage();
  const now = useServerNow();
  const live = useRealtimeLive();
  const snapshot = useMemo(() => snapshotOf(detail), [detail]);
  const possible = useMemo(() => possibleEvents(snapshot, actor, detail.allowedEvents), [snapshot, actor, detail.allowedEvents]);

  return (
    <article className="cc-complaint" aria-labelledby={`complaint-${detail.id}`} data-testid="complaint-view" data-state={detail.state}>
      <header className="cc-complaint__head">
        <div>
          <h3 id={`complaint-${detail.id}`} className="cc-complaint__number">
            {t('complaint.numbered', { number: detail.number })}
          </h3>
          <p className="cc-complaint__meta">
            <UserText>{detail.customerName ?? t('complaint.noCustomer')}</UserText> · {t(`complaintCategories.${detail.category}`, { defaultValue: detail.category })} · {t(`complexities.${detail.complexity}`)} ·{' '}
            {t('complaint.receivedAt', { time: format.dateTime(new Date(detail.receivedAt)) })}
          </p>
        </div>
        <div className="cc-complaint__badges">
          {detail.threatening ? <Badge tone="critical">{t('complaint.threatening')}</Badge> : null}
          {detail.aboutAgent ? <Badge tone="warning">{t('complaint.aboutAgent', { name: detail.aboutAgentName ?? '' })}</Badge> : null}
          {detail.state !== 'closed' ? <DeadlineBadge deadline={detail.deadline} now={now} /> : <Badge tone="good">{t('complaintStates.closed')}</Badge>}
        </div>
      </header>
      <p className="cc-complaint__description" dir="auto">
        {detail.description}
      </p>
      {detail.threat ? (
        <dl className="cc-complaint__threat" aria-label={t('complaint.threatRecord')}>
          <div>
            <dt>{t('intake.callerNumber')}</dt>
            <dd>{detail.threat.callerNumber ?? t('complaint.withheld')}</dd>
          </div>
          <div>
            <dt>{t('complaint.threatAt')}</dt>
            <dd>{format.dateTime(new Date(detail.threat.at))}</dd>
          </div>
          <div>
            <dt>{t('intake.workstation')}</dt>
            <dd>{detail.threat.workstation}</dd>
          </div>
          <div className="cc-complaint__threat-statement">
            <dt>{t('intake.statement')}</dt>
            <dd>{detail.threat.statement}</dd>
          </div>
        </dl>
      ) : null}
      <dl className="cc-complaint__people">
        <div>
          <dt>{t('complaint.owner')}</dt>
          <dd>{detail.ownerName ?? t('complaint.unknownPerson')}</dd>
        </div>
        <div>
          <dt>{t('complaint.teamLead')}</dt>
          <dd>{detail.teamLeadName ?? t('complaint.noTeamLead')}</dd>
        </div>
        {detail.deadline.commitmentDueAt ? (
          <div>
            <dt>{t('complaint.promised')}</dt>
            <dd>{format.dateTime(new Date(detail.deadline.commitmentDueAt))}</dd>
          </div>
        ) : null}
      </dl>
      <ComplaintStepper snapshot={snapshot} />
      {changedElsewhere ? <Notice tone="warning">{t('complaint.changedElsewhere')}</Notice> : null}
      {sendError && !changedElsewhere ? (
        <div role="alert">
          <Notice tone="critical">{describe(sendError)}</Notice>
        </div>
      ) : null}
      <section className="cc-complaint__section" aria-label={t('complaint.actionsLabel')}>
        <h4>{t('complaint.nextMoves')}</h4>
        <ComplaintActions
          snapshot={snapshot}
          actor={actor}
          possible={possible}
          returnSteps={detail.allowedReturnSteps}
          owners={owners}
          onSend={onSend}
          busy={sending}
          disabled={!live}
        />
      </section>
      <ComplaintRecord
        context={snapshot.context}
        owners={owners}
        meId={actor.userId}
        known={{
          ...(detail.teamLeadId && detail.teamLeadName ? { [detail.teamLeadId]: detail.teamLeadName } : {}),
          ...(detail.ownerName ? { [detail.ownerId]: detail.ownerName } : {}),
        }}
      />
    </article>
  );
}
