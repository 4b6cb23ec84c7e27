import { EMAIL_DEPARTMENTS, EMAIL_REPLY_OVERDUE_ALERT, type RealtimeAlert } from '@callcentre/shared';
import { useEmailTranslation } from './i18n';

/** The words of an overdue e-mail alert in the reader's language, or null for any other alert. */
export function useEmailAlertText(): (alert: RealtimeAlert) => string | null {
  const { t } = useEmailTranslation();
  return (alert) => {
    if (alert.kind !== EMAIL_REPLY_OVERDUE_ALERT) return null;
    const details = alert.details ?? {};
    const department = EMAIL_DEPARTMENTS.find((candidate) => candidate === details.department);
    return t('alert', {
      customer: typeof details.customerName === 'string' && details.customerName ? details.customerName : t('aCustomer'),
      priority: typeof details.priority === 'number' ? details.priority : '?',
      department: department ? t(`departments.${department}`) : '',
    });
  };
}
