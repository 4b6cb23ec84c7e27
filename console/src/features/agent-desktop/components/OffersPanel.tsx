import { useTranslation } from 'react-i18next';
import { EmptyState, HeadsetIcon, Panel } from '../../../design-system';

/** Where offered contacts ring and the contact being handled sits; empty until routing offers one. */
export function OffersPanel() {
  const { t } = useTranslation();
  return (
    <Panel title={t('agent.offersTitle')} description={t('agent.offersDescription')}>
      <EmptyState icon={<HeadsetIcon />} title={t('agent.noOffersTitle')}>
        <p>{t('agent.noOffersBody')}</p>
      </EmptyState>
    </Panel>
  );
}
