import { useTranslation } from 'react-i18next';
import { EmptyState, Panel, UserIcon } from '../../../design-system';

/** The record of the customer on the connected contact; empty while no contact is connected. */
export function CustomerPanel() {
  const { t } = useTranslation();
  return (
    <Panel title={t('agent.customerTitle')} description={t('agent.customerDescription')}>
      <EmptyState icon={<UserIcon />} title={t('agent.noCustomerTitle')}>
        <p>{t('agent.noCustomerBody')}</p>
      </EmptyState>
    </Panel>
  );
}
