import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResourceState } from '../../../api/use-resource';
import { ErrorState, Spinner } from '../../../design-system';
import { useErrorMessage } from '../../../i18n/use-error-message';

export interface LoadableProps<T> {
  resource: ResourceState<T>;
  /** Title of the error shown when nothing could be loaded. */
  errorTitle: string;
  /** Words for a refusal (403), in place of an error: what this reader is not shown, and why. */
  forbidden?: ReactNode;
  /** Words for what does not exist yet (404 or 409), e.g. a comparison before there are two runs. */
  unavailable?: ReactNode;
  children(data: T): ReactNode;
}

/** A loading spinner, then the data, or the failure with a retry (a refusal said in plain words, not as a failure). */
export function Loadable<T>({ resource, errorTitle, forbidden, unavailable, children }: LoadableProps<T>) {
  const { t } = useTranslation();
  const describe = useErrorMessage();
  if (resource.data !== undefined) return <>{children(resource.data)}</>;
  if (resource.status === 'loading') {
    return (
      <div className="cc-cv-placeholder">
        <Spinner size="sm" label={t('common.loading')} />
      </div>
    );
  }
  const status = resource.error?.status;
  if (status === 403 && forbidden) return <p className="cc-cv-muted">{forbidden}</p>;
  if ((status === 404 || status === 409) && unavailable) return <p className="cc-cv-muted">{unavailable}</p>;
  return (
    <ErrorState
      title={errorTitle}
      message={describe(resource.error)}
      onRetry={resource.reload}
      retryLabel={t('errors.retry')}
      retrying={resource.busy}
    />
  );
}
