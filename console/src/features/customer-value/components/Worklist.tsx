import type { RetentionActionView, RetentionProgressView } from '@callcentre/shared';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useResource } from '../../../api/use-resource';
import { Button, Field } from '../../../design-system';
import { useFormatters } from '../../../i18n/formatters';
import { useActionErrorMessage } from '../../../i18n/use-error-message';
import { fetchWorklist, fetchWorklistProgress, reportCsvUrl, type WorklistStatus } from '../api/customer-value-api';
import { CareActionsTable } from './CareActions';
import { Loadable } from './Loadable';
import { ReportPanel } from './ReportPanel';

/** Care actions worked so far (done or skipped) out of all of them. */
export function progressShare(progress: RetentionProgressView): { worked: number; open: number; total: number; share: number } {
  const { open, done, skipped } = progress.total;
  const worked = done + skipped;
  const total = worked + open;
  return { worked, open, total, share: total > 0 ? worked / total : 0 };
}

function Progress({ generation }: { generation: number }) {
  const { t } = useTranslation();
  const format = useFormatters();
  // `generation` changes when an outcome is recorded, so the counts follow.
  const load = useCallback((signal: AbortSignal) => fetchWorklistProgress(signal), [generation]);
  const progress = useResource(load);
  if (!progress.data) return progress.status === 'error' ? <p className="cc-cv-muted">{t('worklist.progressUnavailable')}</p> : null;
  const { worked, open, total, share } = progressShare(progress.data);
  return (
    <div className="cc-cv-progress-block">
      <p>{t('worklist.progress', { worked: format.number(worked), total: format.number(total), share: format.percent(share), open: format.number(open) })}</p>
      <progress className="cc-cv-progress" max={Math.max(total, 1)} value={worked} aria-label={t('worklist.progressLabel')} />
    </div>
  );
}

/** The retention worklist the reader may see (a team lead's: their team's), its progress, and recording outcomes. */
export function WorklistPanel() {
  const { t } = useTranslation();
  const format = useFormatters();
  const [status, setStatus] = useState<WorklistStatus | ''>('open');
  const [generation, setGeneration] = useState(0);
  const load = useCallback((signal: AbortSignal) => fetchWorklist(status, signal), [status]);
  const worklist = useResource(load);
  const [recorded, setRecorded] = useState<Readonly<Record<string, RetentionActionView>>>({});
  // Pages after the first, asked for with "load more"; a new status starts again from the first page.
  const [more, setMore] = useState<{ status: WorklistStatus | ''; items: readonly RetentionActionView[] }>({ status, items: [] });
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreFailure, setMoreFailure] = useState<string | null>(null);
  const describe = useActionErrorMessage();
  const extra = more.status === status ? more.items : [];

  const loadMore = async (offset: number) => {
    setLoadingMore(true);
    setMoreFailure(null);
    try {
      const page = await fetchWorklist(status, undefined, offset);
      setMore((previous) => ({ status, items: [...(previous.status === status ? previous.items : []), ...page.items] }));
    } catch (error) {
      setMoreFailure(describe(error));
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <ReportPanel title={t('worklist.title')} description={t('worklist.description')} csvUrl={reportCsvUrl('worklist/progress')}>
      <div className="cc-cv-section">
        <Progress generation={generation} />
        <div className="cc-cv-filters cc-cv-filters--flush">
          <Field label={t('worklist.show')}>
            <select value={status} onChange={(event) => setStatus(event.target.value as WorklistStatus | '')}>
              <option value="open">{t('worklist.statuses.open')}</option>
              <option value="done">{t('worklist.statuses.done')}</option>
              <option value="skipped">{t('worklist.statuses.skipped')}</option>
              <option value="">{t('worklist.all')}</option>
            </select>
          </Field>
        </div>
        <Loadable resource={worklist} errorTitle={t('worklist.error')} forbidden={t('worklist.forbidden')}>
          {(data) => {
            const shown = [...data.items, ...extra];
            return (
              <>
                <CareActionsTable
                  actions={shown.map((action) => recorded[action.id] ?? action)}
                  mayRecord
                  onRecorded={(action) => {
                    setRecorded((previous) => ({ ...previous, [action.id]: action }));
                    setGeneration((value) => value + 1);
                  }}
                />
                {data.total > shown.length ? (
                  <div className="cc-cv-more">
                    <span className="cc-cv-muted">{t('worklist.shown', { shown: format.number(shown.length), total: format.number(data.total) })}</span>
                    <Button onClick={() => void loadMore(shown.length)} busy={loadingMore}>
                      {t('customerPage.purchases.more')}
                    </Button>
                  </div>
                ) : null}
                {moreFailure ? (
                  <p className="cc-cv-error" role="alert">
                    {moreFailure}
                  </p>
                ) : null}
              </>
            );
          }}
        </Loadable>
      </div>
    </ReportPanel>
  );
}
