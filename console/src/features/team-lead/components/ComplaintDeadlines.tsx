import { COMPLAINT_COMPLEXITIES } from '@callcentre/shared';
import { useTranslation } from 'react-i18next';
import { ClockIcon, Panel } from '../../../design-system';
import './ComplaintDeadlines.css';

/** The deadlines every escalated complaint is held to (domain rule), as a reference beside the inbox. */
export function ComplaintDeadlines() {
  const { t } = useTranslation();
  return (
    <Panel title={t('teamLead.deadlinesTitle')} description={t('teamLead.deadlinesDescription')}>
      <ul className="cc-deadlines">
        {COMPLAINT_COMPLEXITIES.map((complexity) => (
          <li key={complexity} className="cc-deadlines__item">
            <ClockIcon className="cc-deadlines__icon" />
            <div>
              <p className="cc-deadlines__name">{t(`complexities.${complexity}`)}</p>
              <p className="cc-deadlines__rule">{t(`teamLead.deadlines.${complexity}`)}</p>
            </div>
          </li>
        ))}
      </ul>
    </Panel>
  );
}
