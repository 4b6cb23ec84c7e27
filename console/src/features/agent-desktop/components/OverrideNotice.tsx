import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Button, Notice } from '../../../design-system';
import { useRealtime } from '../../realtime';

/** Says that a supervisor changed the agent's state, who did it and to what, until the agent dismisses it. */
export function OverrideNotice() {
  const { t } = useTranslation();
  const override = useRealtime((state) => state.desk?.lastOverride ?? null);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  if (!override || override.at === dismissedAt) return null;
  const key = override.requested === 'not_ready' && override.pending ? 'not_readyPending' : override.requested;
  return (
    <div className="cc-desk__notice" role="status" aria-label={t('stateOverride.title')} data-testid="override-notice">
      <Notice tone="warning">
        <Trans
          i18nKey={`stateOverride.${key}`}
          values={{ who: override.by.displayName, reason: override.reason ? t(`notReadyReasons.${override.reason}`) : '' }}
          components={{ name: <bdi /> }}
        />
      </Notice>
      <Button size="sm" variant="ghost" onClick={() => setDismissedAt(override.at)}>
        {t('common.dismiss')}
      </Button>
    </div>
  );
}
