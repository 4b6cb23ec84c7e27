import { screen, within } from '@testing-library/react';
import type { ConsoleLanguage } from '../../../i18n';
import { anAlert } from '../../../testing/fixtures';
import { renderWithProviders } from '../../../testing/render';
import { AlertsPanel } from './AlertsPanel';

const unstaffed = (details: Record<string, unknown>) =>
  anAlert({
    id: '50000000-0000-4000-8000-000000000009',
    kind: 'queue_unstaffed',
    severity: 'critical',
    message: 'No signed-in agent can take contacts of queue Billing (missing: Mandarin)',
    agentId: undefined,
    agentName: undefined,
    complaintId: undefined,
    queueId: '30000000-0000-4000-8000-000000000001',
    details: { queueName: 'Billing', channel: 'voice', ...details },
  });

function renderPanel(details: Record<string, unknown>, language: ConsoleLanguage = 'en') {
  renderWithProviders(<AlertsPanel alerts={[unstaffed(details)]} agents={[]} canAcknowledge onAcknowledge={async () => undefined} onDismiss={() => undefined} />, { language });
  return within(screen.getByTestId('alerts'));
}

describe('AlertsPanel: a queue no signed-in agent can serve', () => {
  it('names the queue and what nobody signed in has, and offers to acknowledge it', () => {
    const alerts = renderPanel({ missing: [{ code: 'zh-cmn', kind: 'language', name: 'Mandarin' }, { code: 'billing', kind: 'skill', name: 'Billing' }] });
    expect(alerts.getByText('No signed-in agent can take contacts of queue Billing (missing: Mandarin and Billing).')).toBeInTheDocument();
    expect(alerts.getByRole('button', { name: /^Acknowledge for everyone: No signed-in agent/ })).toBeInTheDocument();
  });

  it('says it in Chinese, the language by its Chinese name', () => {
    const alerts = renderPanel({ missing: [{ code: 'zh-cmn', kind: 'language', name: 'Mandarin' }] }, 'zh-CN');
    expect(alerts.getByText('没有已登录的座席能接 Billing 队列的联系（缺少：普通话）。')).toBeInTheDocument();
  });

  it('says when the skills are there but nobody takes the channel', () => {
    const alerts = renderPanel({ missing: [] });
    expect(alerts.getByText('No signed-in agent can take contacts of queue Billing: nobody takes call contacts.')).toBeInTheDocument();
  });
});
