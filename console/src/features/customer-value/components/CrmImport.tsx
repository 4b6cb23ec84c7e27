import type { CrmImportView, RefusedRow } from '@callcentre/shared';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, Field, Notice, Panel, Table, UserText, type TableColumn } from '../../../design-system';
import { useFormatters } from '../../../i18n/formatters';
import { useActionErrorMessage } from '../../../i18n/use-error-message';
import { useResource } from '../../../api/use-resource';
import { fetchCrmImport, fetchRecentCrmImports, uploadCrmImport, type CrmImportKind, type CrmImportUploader } from '../api/customer-value-api';
import { Loadable } from './Loadable';
import './CustomerValue.css';

/** How often a running import's progress is asked for. */
export const IMPORT_POLL_MS = 1_000;

type Stage =
  | { kind: 'idle' }
  | { kind: 'uploading'; sent: number; total: number }
  | { kind: 'importing'; view: CrmImportView }
  | { kind: 'finished'; view: CrmImportView }
  | { kind: 'failed'; message: string };

export interface CrmImportPanelProps {
  /** Sends the file; the browser's upload by default. */
  upload?: CrmImportUploader;
  pollMs?: number;
}

function Bytes({ value }: { value: number }) {
  const format = useFormatters();
  const { t } = useTranslation();
  if (value >= 1024 * 1024) return <>{t('crmImport.megabytes', { value: format.oneDecimal(value / (1024 * 1024)) })}</>;
  if (value >= 1024) return <>{t('crmImport.kilobytes', { value: format.oneDecimal(value / 1024) })}</>;
  return <>{t('crmImport.bytes', { value: format.number(value) })}</>;
}

/** The import's figures while it runs and after: bytes read, lines, rows taken and refused, and the refusals. */
function ImportSummary({ view }: { view: CrmImportView }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const columns: Array<TableColumn<RefusedRow>> = [
    { key: 'line', header: t('crmImport.line'), numeric: true, render: (row) => (row.line ?? row.row ?? '—').toString() },
    { key: 'field', header: t('crmImport.field'), render: (row) => <code>{row.field}</code> },
    { key: 'message', header: t('crmImport.problem'), render: (row) => <UserText>{row.message}</UserText> },
  ];
  return (
    <div className="cc-cv-stack">
      <p>
        <Badge tone={view.status === 'completed' ? (view.rowsRefused > 0 ? 'warning' : 'good') : view.status === 'failed' ? 'critical' : 'info'}>
          {t(`crmImport.statuses.${view.status}`)}
        </Badge>{' '}
        <UserText>{view.sourceName}</UserText> · {t(`crmImport.kinds.${view.kind}`)}
      </p>
      <progress className="cc-cv-progress" max={Math.max(view.sourceBytes, 1)} value={view.bytesDone} aria-label={t('crmImport.serverProgress')} />
      <p className="cc-cv-muted">
        <Bytes value={view.bytesDone} /> / <Bytes value={view.sourceBytes} />
      </p>
      <div className="cc-cv-headline">
        <span>
          <strong>{format.number(view.linesDone)}</strong>
          {t('crmImport.lines')}
        </span>
        <span>
          <strong className="cc-cv-change--up">{format.number(view.rowsTaken)}</strong>
          {t('crmImport.taken')}
        </span>
        <span>
          <strong className={view.rowsRefused > 0 ? 'cc-cv-change--down' : undefined}>{format.number(view.rowsRefused)}</strong>
          {t('crmImport.refused')}
        </span>
      </div>
      {view.refusals.length > 0 ? (
        <>
          {view.rowsRefused > view.refusals.length ? <p className="cc-cv-muted">{t('crmImport.firstRefusals', { shown: format.number(view.refusals.length), total: format.number(view.rowsRefused) })}</p> : null}
          <div className="cc-cv-refusals">
            <Table stackOnPhone caption={t('crmImport.refusalsCaption')} showCaption columns={columns} rows={[...view.refusals]} rowKey={(row) => `${row.line ?? row.row}-${row.field}`} />
          </div>
        </>
      ) : null}
    </div>
  );
}

/** The latest imports with their outcome, so an administrator sees what ran before (theirs or an API key's). */
function RecentImports({ generation }: { generation: number }) {
  const { t } = useTranslation();
  const format = useFormatters();
  // `generation` changes when an import ends, so the list follows.
  const load = useCallback((signal: AbortSignal) => fetchRecentCrmImports(signal), [generation]);
  const recent = useResource(load);
  const columns: Array<TableColumn<CrmImportView>> = [
    { key: 'file', header: t('crmImport.file'), render: (row) => <UserText>{row.sourceName}</UserText> },
    { key: 'kind', header: t('crmImport.kind'), render: (row) => t(`crmImport.kinds.${row.kind}`) },
    {
      key: 'status',
      header: t('valueReports.runs.status'),
      render: (row) => <Badge tone={row.status === 'completed' ? (row.rowsRefused > 0 ? 'warning' : 'good') : row.status === 'failed' ? 'critical' : 'info'}>{t(`crmImport.statuses.${row.status}`)}</Badge>,
    },
    { key: 'taken', header: t('crmImport.taken'), numeric: true, render: (row) => format.number(row.rowsTaken) },
    { key: 'refused', header: t('crmImport.refused'), numeric: true, render: (row) => format.number(row.rowsRefused) },
    { key: 'started', header: t('valueReports.runs.started'), render: (row) => format.dateTime(new Date(row.startedAt)) },
  ];
  return (
    <Panel title={t('crmImport.recentTitle')} className="cc-cv-import__recent">
      <div className="cc-cv-section">
        <Loadable resource={recent} errorTitle={t('crmImport.recentError')}>
          {(data) => <Table stackOnPhone caption={t('crmImport.recentTitle')} columns={columns} rows={[...data]} rowKey={(row) => row.id} empty={t('crmImport.recentEmpty')} />}
        </Loadable>
      </div>
    </Panel>
  );
}

/** "Import customers and purchases": a CSV file sent to the server, its upload and then the server's progress, and what was refused. */
export function CrmImportPanel({ upload = uploadCrmImport, pollMs = IMPORT_POLL_MS }: CrmImportPanelProps) {
  const { t } = useTranslation();
  const describe = useActionErrorMessage();
  const [kind, setKind] = useState<CrmImportKind>('customers');
  const [file, setFile] = useState<File | null>(null);
  const [fileProblem, setFileProblem] = useState<string | undefined>();
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);

  // Poll the running import until the server says it ended.
  const importingId = stage.kind === 'importing' ? stage.view.id : null;
  useEffect(() => {
    if (!importingId) return undefined;
    const polling = new AbortController();
    const timer = setInterval(() => {
      fetchCrmImport(importingId, polling.signal).then(
        (view) => {
          if (polling.signal.aborted) return;
          setStage(view.status === 'running' ? { kind: 'importing', view } : { kind: 'finished', view });
        },
        (error: unknown) => {
          if (polling.signal.aborted) return;
          setStage({ kind: 'failed', message: describe(error) });
        },
      );
    }, pollMs);
    return () => {
      clearInterval(timer);
      polling.abort();
    };
  }, [importingId, pollMs, describe]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return setFileProblem(t('crmImport.fileRequired'));
    setFileProblem(undefined);
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    setStage({ kind: 'uploading', sent: 0, total: file.size });
    try {
      const view = await upload(kind, file, (sent, total) => setStage({ kind: 'uploading', sent, total }), current.signal);
      setStage(view.status === 'running' ? { kind: 'importing', view } : { kind: 'finished', view });
    } catch (error) {
      if (current.signal.aborted) return;
      setStage({ kind: 'failed', message: describe(error) });
    }
  };

  const working = stage.kind === 'uploading' || stage.kind === 'importing';
  const finishedId = stage.kind === 'finished' ? stage.view.id : null;
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (finishedId) setGeneration((value) => value + 1);
  }, [finishedId]);

  return (
    <div className="cc-cv-import">
      <Panel title={t('crmImport.formTitle')} description={t('crmImport.formDescription')}>
        <form className="cc-cv-form cc-cv-pad" onSubmit={submit} noValidate>
          <fieldset className="cc-cv-choice">
            <legend>{t('crmImport.kind')}</legend>
            {(['customers', 'transactions'] as const).map((choice) => (
              <label key={choice}>
                <input type="radio" name="crm-import-kind" value={choice} checked={kind === choice} onChange={() => setKind(choice)} disabled={working} /> {t(`crmImport.kinds.${choice}`)}
              </label>
            ))}
          </fieldset>
          <p className="cc-cv-muted">{t(`crmImport.columns.${kind}`)}</p>
          <Field label={t('crmImport.file')} error={fileProblem}>
            <input type="file" accept=".csv,text/csv" disabled={working} onChange={(event) => setFile(event.target.files?.[0] ?? null)} />
          </Field>
          <div>
            <Button type="submit" variant="primary" busy={working}>
              {t('crmImport.upload')}
            </Button>
          </div>
        </form>
      </Panel>
      <Panel title={t('crmImport.progressTitle')}>
        <div className="cc-cv-pad" aria-live="polite">
          {stage.kind === 'idle' ? <p className="cc-cv-muted">{t('crmImport.idle')}</p> : null}
          {stage.kind === 'uploading' ? (
            <div className="cc-cv-stack">
              <p>{t('crmImport.uploading')}</p>
              <progress className="cc-cv-progress" max={Math.max(stage.total, 1)} value={stage.sent} aria-label={t('crmImport.uploadProgress')} />
              <p className="cc-cv-muted">
                <Bytes value={stage.sent} /> / <Bytes value={stage.total} />
              </p>
            </div>
          ) : null}
          {stage.kind === 'importing' || stage.kind === 'finished' ? <ImportSummary view={stage.view} /> : null}
          {stage.kind === 'failed' ? <Notice tone="critical">{stage.message}</Notice> : null}
        </div>
      </Panel>
      <RecentImports generation={generation} />
    </div>
  );
}
