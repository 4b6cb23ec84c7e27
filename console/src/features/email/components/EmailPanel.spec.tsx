import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { EmailContactView, EmailMessageView } from '@callcentre/shared';
import { fakeResponse, mockFetch, renderWithProviders } from '../../../testing/render';
import { EmailPanel } from './EmailPanel';

const ID = '20000000-0000-4000-8000-000000000201';

function aMessage(overrides: Partial<EmailMessageView> = {}): EmailMessageView {
  return {
    id: '50000000-0000-4000-8000-000000000001',
    direction: 'inbound',
    messageId: 'abc@example.com',
    from: { address: 'olivia@example.com', name: 'Olivia Smith' },
    to: ['service@callcentre.example'],
    subject: 'Router down',
    text: 'Hello,\n<script>alert(1)</script> my router is down.',
    hadHtml: true,
    autoReply: false,
    at: '2026-05-18T08:30:00.000Z',
    attachments: [{ id: '60000000-0000-4000-8000-000000000001', filename: 'lights.png', contentType: 'image/png', sizeBytes: 2048, downloadUrl: '/api/email/attachments/60000000-0000-4000-8000-000000000001' }],
    interactionId: ID,
    sendState: null,
    sendAttempts: 0,
    sendError: null,
    sentAt: null,
    authorName: null,
    ...overrides,
  };
}

function aContact(overrides: Partial<EmailContactView> = {}): EmailContactView {
  return {
    interactionId: ID,
    conversationId: '70000000-0000-4000-8000-000000000001',
    department: 'customer_service',
    priority: 2,
    sorting: ['priority 2: Complaint words'],
    dueAt: new Date(Date.now() + 5 * 3_600_000).toISOString(),
    firstReplyAt: null,
    breachedAt: null,
    customerName: 'Olivia Smith',
    mailbox: 'service@callcentre.example',
    messageId: '50000000-0000-4000-8000-000000000001',
    messages: [aMessage()],
    relayConfigured: true,
    ...overrides,
  };
}

describe('EmailPanel', () => {
  it('shows sorting, the due time and the message as text, with its attachment as a download', async () => {
    mockFetch({
      [`/api/email/contacts/${ID}`]: () => fakeResponse(200, aContact()),
      [`/api/email/contacts/${ID}/draft`]: () => fakeResponse(200, { subject: 'Re: Router down', body: 'Dear Olivia Smith,' }),
    });
    const { container } = renderWithProviders(<EmailPanel interactionId={ID} canReply />, { session: { role: 'agent' } });
    const panel = await screen.findByTestId('email-panel');
    expect(panel).toHaveTextContent('Department: Customer service');
    expect(panel).toHaveTextContent('Priority: 2 · High');
    expect(within(panel).getByTestId('email-due')).toHaveTextContent(/^Reply due by .+ · in 4 h|^Reply due by .+ · in 5 h/);
    expect(panel).toHaveTextContent('<script>alert(1)</script> my router is down.');
    expect(container.querySelector('script')).toBeNull();
    const link = within(panel).getByRole('link', { name: 'Download lights.png (2 KB)' });
    expect(link).toHaveAttribute('href', '/api/email/attachments/60000000-0000-4000-8000-000000000001');
    expect(link).toHaveAttribute('download', 'lights.png');
    expect(await screen.findByLabelText('Message')).toHaveValue('Dear Olivia Smith,');
  });

  it('sends the reply and shows its state; says so when no relay is configured', async () => {
    let replied: unknown = null;
    const sent = aMessage({ id: '50000000-0000-4000-8000-000000000002', direction: 'outbound', subject: 'Re: Router down', text: 'Fixed.', hadHtml: false, attachments: [], sendState: 'not_sent', sendError: 'no relay configured' });
    mockFetch({
      [`GET /api/email/contacts/${ID}`]: () => fakeResponse(200, aContact({ relayConfigured: false, messages: replied ? [aMessage(), sent] : [aMessage()] })),
      [`/api/email/contacts/${ID}/draft`]: () => fakeResponse(200, { subject: 'Re: Router down', body: 'Dear Olivia Smith,' }),
      [`POST /api/email/contacts/${ID}/replies`]: ({ body }) => {
        replied = body;
        return fakeResponse(201, sent);
      },
    });
    renderWithProviders(<EmailPanel interactionId={ID} canReply />, { session: { role: 'agent' } });
    expect(await screen.findByText(/No mail relay is configured/)).toBeInTheDocument();
    const body = await screen.findByLabelText('Message');
    await waitFor(() => expect(body).toHaveValue('Dear Olivia Smith,'));
    await userEvent.clear(body);
    await userEvent.type(body, 'Fixed.');
    await userEvent.click(screen.getByRole('button', { name: 'Send reply' }));
    await waitFor(() => expect(replied).toEqual({ subject: 'Re: Router down', body: 'Fixed.' }));
    expect(await screen.findByText('Not sent: no relay configured')).toBeInTheDocument();
  });

  it('reads in Chinese', async () => {
    mockFetch({ [`/api/email/contacts/${ID}`]: () => fakeResponse(200, aContact({ firstReplyAt: '2026-05-18T09:00:00.000Z' })) });
    renderWithProviders(<EmailPanel interactionId={ID} canReply={false} />, { session: { role: 'agent' }, language: 'zh-CN' });
    const panel = await screen.findByTestId('email-panel');
    expect(panel).toHaveTextContent('部门: 客户服务部');
    expect(panel).toHaveTextContent('优先级: 2 · 高');
    expect(within(panel).getByTestId('email-due')).toHaveTextContent(/^已于 .+ 回复$/);
    expect(screen.queryByLabelText('正文')).not.toBeInTheDocument();
  });
});
