import { Link } from 'react-router';
import { useSession } from '../features/auth';
import { ShiftsWeek } from '../features/schedules';
import { localDate } from '../features/schedules/components/ShiftsWeek';
import { useSchedulesTranslation } from '../features/schedules/i18n';
import { PageHeader } from '../design-system';
import { useDocumentTitle } from '../features/shell';

/** The week's shifts, from the floor: supervisors change them, team leads read them. */
export function ShiftsPage() {
  const { t } = useSchedulesTranslation();
  const { session } = useSession();
  useDocumentTitle(t('title'));
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} actions={<Link to="/floor">{t('back')}</Link>} />
      <div className="cc-floor">
        <ShiftsWeek canEdit={Boolean(session?.roles.includes('supervisor'))} today={localDate(new Date())} />
      </div>
    </>
  );
}
