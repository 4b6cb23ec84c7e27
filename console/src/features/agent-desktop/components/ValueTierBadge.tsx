import { KEY_VALUE_TIERS, type ValueTier } from '@callcentre/shared';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../design-system';

/** The customer's place in the value pyramid; key customers stand out (domain rule: served first, carefully). */
export function ValueTierBadge({ tier }: { tier: ValueTier }) {
  const { t } = useTranslation();
  const key = KEY_VALUE_TIERS.includes(tier);
  return (
    <Badge tone={tier === 'important' ? 'critical' : key ? 'warning' : 'neutral'} dot={key} title={t(`valueTiers.hint.${tier}`)}>
      {t(`valueTiers.${tier}`)}
    </Badge>
  );
}
