import type { ComplaintContext } from '@callcentre/shared';
import { useTranslation } from 'react-i18next';
import { Badge, UserText } from '../../../design-system';
import { useFormatters } from '../../../i18n/formatters';
import type { OwnerOption } from './ComplaintActions';

/** What has been recorded so far: the clarified problem, remedies, actions with due dates, escalations, calls, closing answers. */
export interface ComplaintRecordProps {
  context: ComplaintContext;
  owners: readonly OwnerOption[];
  /** The person reading, shown as "me". */
  meId: string;
  /** Names the server gave with the complaint (owner, team lead), by id. */
  known: Readonly<Record<string, string>>;
}

export function ComplaintRecord({ context, owners, meId, known }: ComplaintRecordProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const when = (iso: string | null) => (iso ? format.dateTime(new Date(iso)) : '');
  const nameOf = (id: string) => (id === meId ? t('complaint.me') : (owners.find((owner) => owner.id === id)?.name ?? known[id] ?? t('complaint.someone')));
  const sections = [];

  if (context.clarification) {
    sections.push(
      <section key="clarification">
        <h4>{t('complaint.record.clarification')}</h4>
        <p>{context.clarification}</p>
        <p>
          <Badge tone={context.upheld ? 'warning' : 'neutral'}>{context.upheld ? t('complaint.upheld') : t('complaint.notUpheld')}</Badge>
        </p>
      </section>,
    );
  }
  if (context.remedyOffers.length > 0) {
    sections.push(
      <section key="remedies">
        <h4>{t('complaint.record.remedies')}</h4>
        <ul>
          {context.remedyOffers.map((offer, index) => (
            <li key={index}>
              <Badge tone={offer.outcome === 'chosen' ? 'good' : offer.outcome === 'pending' ? 'info' : 'neutral'}>{t(`complaint.offerOutcome.${offer.outcome}`)}</Badge>
              <ul className="cc-complaint-record__remedies">
                {offer.remedies.map((remedy) => {
                  const chosen = offer.outcome === 'chosen' && context.chosenRemedy?.id === remedy.id;
                  return (
                    <li key={remedy.id} className={chosen ? 'cc-complaint-record__chosen' : undefined}>
                      {chosen ? <span className="cc-visually-hidden">{t('complaint.chosenRemedy')}: </span> : null}
                      <UserText>{remedy.description}</UserText>
                    </li>
                  );
                })}
              </ul>
              {offer.note ? <span className="cc-complaint-record__muted">{offer.note}</span> : null}
            </li>
          ))}
        </ul>
      </section>,
    );
  }
  if (context.actions.length > 0) {
    sections.push(
      <section key="actions">
        <h4>{t('complaint.record.actions')}</h4>
        <ul>
          {context.actions.map((action, index) => (
            <li key={index} data-testid="complaint-action">
              <UserText>{action.description}</UserText>{' '}
              {action.completedAt ? (
                <Badge tone="good">{t('complaint.done', { time: when(action.completedAt) })}</Badge>
              ) : action.dueAt ? (
                <Badge tone="warning">{t('complaint.dueBy', { time: when(action.dueAt) })}</Badge>
              ) : null}{' '}
              <span className="cc-complaint-record__muted">{nameOf(action.ownerId)}</span>
              {action.completionNote ? <span className="cc-complaint-record__muted"> — {action.completionNote}</span> : null}
            </li>
          ))}
        </ul>
      </section>,
    );
  }
  if (context.escalations.length > 0) {
    sections.push(
      <section key="escalations">
        <h4>{t('complaint.record.escalations')}</h4>
        <ul>
          {context.escalations.map((escalation, index) => (
            <li key={index}>
              <Badge tone="critical">{t(`escalationKinds.${escalation.kind}`)}</Badge> {when(escalation.escalatedAt)}
              {escalation.reason ? ` — ${escalation.reason}` : ''}
              {escalation.guidance ? (
                <div className="cc-complaint-record__muted">{t('complaint.guidanceGiven', { guidance: escalation.guidance })}</div>
              ) : null}
            </li>
          ))}
        </ul>
      </section>,
    );
  }
  if (context.progressCalls.length > 0) {
    sections.push(
      <section key="calls">
        <h4>{t('complaint.record.progressCalls')}</h4>
        <ul>
          {context.progressCalls.map((call, index) => (
            <li key={index}>
              <span className="cc-complaint-record__muted">{when(call.at)}</span> {call.note}
            </li>
          ))}
        </ul>
      </section>,
    );
  }
  if (context.resolution) {
    sections.push(
      <section key="resolution">
        <h4>{t('complaint.record.resolution')}</h4>
        <p>{context.resolution}</p>
      </section>,
    );
  }
  if (context.closing) {
    sections.push(
      <section key="closing">
        <h4>{t('complaint.record.closing')}</h4>
        <p>
          {context.closing.settled ? t('complaint.settledYes') : t('complaint.settledNo')} ·{' '}
          {context.closing.satisfaction ? t('complaint.satisfactionValue', { score: context.closing.satisfaction }) : t('complaint.declinedScore')}
        </p>
        {context.closing.anythingElse ? <p className="cc-complaint-record__muted">{context.closing.anythingElse}</p> : null}
      </section>,
    );
  }
  if (sections.length === 0) return null;
  return <div className="cc-complaint-record">{sections}</div>;
}
