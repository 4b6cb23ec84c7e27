import type { ComplaintDeadlineSummary } from '@callcentre/shared';
import { useTranslation } from 'react-i18next';
import { Badge, ClockIcon } from '../../../design-system';
import { formatDuration } from '../../../i18n/formatters';
import './DeadlineBadge.css';

/**
 * Where a complaint stands against its deadline, in words and colour, with the time left (or overdue)
 * ticking on `now`. A paused clock (waiting on the customer) says so.
 */
export function DeadlineBadge({ deadline, now }: { deadline: ComplaintDeadlineSummary; now: number }) {
  const { t } = useTranslation();
  const tone = deadline.status === 'breached' ? 'critical' : deadline.status === 'due_soon' ? 'warning' : 'good';
  const due = deadline.dueAt ? Date.parse(deadline.dueAt) : null;
  const left = due !== null ? (due - now) / 1000 : null;
  /** Long spans in days and hours; the last day counts down to the second. */
  const span = (seconds: number) =>
    seconds >= 86_400 ? t('units.daysHours', { days: Math.floor(seconds / 86_400), hours: Math.floor((seconds % 86_400) / 3_600) }) : formatDuration(seconds);
  return (
    <span className={`cc-deadline cc-deadline--${tone}`} data-testid="deadline">
      <Badge tone={tone} dot>
        {t(`deadlineStatus.${deadline.status}`)}
      </Badge>
      {deadline.clock === 'paused' ? (
        <span className="cc-deadline__time">{t('deadline.paused')}</span>
      ) : deadline.clock === 'stopped' ? null : left !== null ? (
        <span className="cc-deadline__time" title={deadline.kind ? t(`deadline.kind.${deadline.kind}`) : undefined}>
          <ClockIcon aria-hidden="true" />
          {left >= 0 ? t('deadline.left', { time: span(left) }) : t('deadline.overdue', { time: span(-left) })}
        </span>
      ) : null}
    </span>
  );
}
