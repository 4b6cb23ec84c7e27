import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDuration, useFormatters } from '../../../i18n/formatters';
import { useResource } from '../../../api/use-resource';
import { fetchCallDetails } from '../api/calls-api';

/** The call's timeline (rang, answered, held 0:42, consulted Ben, transferred...), read again at each change of the call. */
export function CallTimeline({ contactId, version }: { contactId: string; version: number }) {
  const { t } = useTranslation();
  const format = useFormatters();
  // Each new version of the call reads its timeline again.
  const load = useCallback((signal: AbortSignal) => fetchCallDetails(contactId, signal), [contactId, version]);
  const details = useResource(load);
  const lines = details.data?.timeline ?? [];
  if (lines.length === 0) return null;
  return (
    <details className="cc-call__history">
      <summary>
        {t('calls.timeline')}
        {details.data ? ` · ${t('calls.talkAndHold', { talk: formatDuration(details.data.talkSeconds ?? 0), hold: formatDuration(details.data.holdSeconds) })}` : ''}
      </summary>
      <ol className="cc-call__timeline" data-testid="call-timeline">
        {lines.map((line, index) => (
          <li key={`${line.at}-${index}`}>
            <time dateTime={new Date(line.at).toISOString()}>{format.shortTime(line.at)}</time>
            {t(`calls.timelineKinds.${line.kind}`, {
              name: line.agentName ?? '',
              time: line.seconds === null ? '' : formatDuration(line.seconds),
              command: line.commandType ? t(`calls.commands.${line.commandType}`) : '',
              reason: line.reason ?? '',
            })}
          </li>
        ))}
      </ol>
    </details>
  );
}
