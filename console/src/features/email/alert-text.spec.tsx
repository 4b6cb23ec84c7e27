import { screen } from '@testing-library/react';
import { EMAIL_REPLY_OVERDUE_ALERT, type RealtimeAlert } from '@callcentre/shared';
import { renderWithProviders } from '../../testing/render';
import { useEmailAlertText } from './alert-text';

const alert = (kind: string): RealtimeAlert => ({
  id: 'a1',
  kind,
  severity: 'critical',
  at: 0,
  message: 'English message',
  details: { priority: 1, department: 'finance', customerName: 'Olivia Smith' },
  acknowledged: null,
});

function Probe({ kind }: { kind: string }) {
  const text = useEmailAlertText()(alert(kind));
  return <p>{text ?? 'not an e-mail alert'}</p>;
}

describe('overdue e-mail alert text', () => {
  it('names the customer, priority and department in the reader’s language', () => {
    renderWithProviders(<Probe kind={EMAIL_REPLY_OVERDUE_ALERT} />, { language: 'zh-CN' });
    expect(screen.getByText('Olivia Smith的邮件已超过回复时限（优先级 1，财务部）。')).toBeInTheDocument();
  });

  it('leaves other alerts alone', () => {
    renderWithProviders(<Probe kind="queue_unstaffed" />, { language: 'en' });
    expect(screen.getByText('not an e-mail alert')).toBeInTheDocument();
  });
});
