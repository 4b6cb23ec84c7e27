import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Panel } from '../../../design-system';
import './CustomerValue.css';

/** A report's panel, with the link that downloads it as CSV. */
export function ReportPanel({ title, description, csvUrl, actions, children, className }: { title: string; description?: ReactNode; csvUrl?: string; actions?: ReactNode; children: ReactNode; className?: string }) {
  const { t } = useTranslation();
  return (
    <Panel
      title={title}
      description={description}
      className={className}
      actions={
        csvUrl || actions ? (
          <>
            {actions}
            {csvUrl ? (
              <a className="cc-cv-csv" href={csvUrl} download aria-label={t('valueReports.csvOf', { report: title })}>
                {t('valueReports.csv')}
              </a>
            ) : null}
          </>
        ) : undefined
      }
    >
      {children}
    </Panel>
  );
}
