import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../api/http';
import { useFormatters } from '../../../i18n/formatters';
import { useErrorMessage } from '../../../i18n/use-error-message';
import { EmptyState, ErrorState, Notice, Spinner, TileGrid, TileGridItem, WallboardIcon } from '../../../design-system';
import type { Queue } from '../api/queues-api';
import { QueueTile } from './QueueTile';
import './QueueBoard.css';

export interface QueueBoardProps {
  status: 'loading' | 'ready' | 'error';
  queues: Queue[] | undefined;
  error: ApiError | undefined;
  updatedAt: Date | undefined;
  busy: boolean;
  onRetry(): void;
}

/** The queues as tiles, with honest loading, empty and error states. */
export function QueueBoard({ status, queues, error, updatedAt, busy, onRetry }: QueueBoardProps) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const format = useFormatters();

  if (status === 'loading' && !queues) {
    return (
      <div className="cc-queue-board__placeholder">
        <Spinner label={t('wallboard.loading')} />
      </div>
    );
  }

  if (status === 'error' && !queues) {
    return (
      <div className="cc-queue-board__placeholder">
        <ErrorState
          title={t('wallboard.errorTitle')}
          message={describeError(error)}
          reference={error ? t('errors.reference', { code: error.code }) : undefined}
          onRetry={onRetry}
          retryLabel={t('errors.retry')}
          retrying={busy}
        />
      </div>
    );
  }

  if (!queues || queues.length === 0) {
    return (
      <div className="cc-queue-board__placeholder">
        <EmptyState icon={<WallboardIcon />} title={t('wallboard.emptyTitle')}>
          <p>{t('wallboard.emptyBody')}</p>
        </EmptyState>
      </div>
    );
  }

  const names = new Map(queues.map((queue) => [queue.id, queue.name]));
  return (
    <div className="cc-queue-board">
      {status === 'error' && error ? (
        <Notice tone="warning">
          {t('wallboard.staleWarning', {
            message: describeError(error),
            time: updatedAt ? format.time(updatedAt) : '',
          })}
        </Notice>
      ) : null}
      <TileGrid label={t('wallboard.queuesLabel')}>
        {queues.map((queue) => (
          <TileGridItem key={queue.id}>
            <QueueTile queue={queue} overflowQueueName={queue.overflowQueueId ? names.get(queue.overflowQueueId) : undefined} />
          </TileGridItem>
        ))}
      </TileGrid>
    </div>
  );
}
