import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { aDeskSnapshot, aLiveContact, T0 } from '../../../testing/fixtures';
import { FakeSocket } from '../../../testing/fake-socket';
import { fakeResponse, mockFetch, renderWithProviders } from '../../../testing/render';
import { ContactCard } from './ContactCard';

function render(channel: 'voice' | 'chat' | 'email') {
  const contact = aLiveContact({ status: 'connected', channel, agentId: 'agent-1', answeredAt: T0 - 30_000 });
  mockFetch({
    '/api/queues': () => fakeResponse(200, [{ id: contact.queueId, code: 'billing', name: 'Billing' }, { id: '30000000-0000-4000-8000-000000000002', code: 'sales', name: 'Sales' }]),
    [`/api/chats/${contact.id}`]: () => fakeResponse(200, { chatId: contact.id, messages: [] }),
    [`/api/email/interactions/${contact.id}`]: () => fakeResponse(200, { messages: [] }),
  });
  const socket = new FakeSocket({ snapshot: () => ({ ...aDeskSnapshot({ contacts: [contact] }), serverTime: T0 }) });
  renderWithProviders(<ContactCard contact={contact} selected={false} onSelect={jest.fn()} onOpenComplaint={jest.fn()} />, { session: { username: 'amy' }, socket });
  return within(screen.getByTestId('contact-card'));
}

describe('ContactCard', () => {
  it('leaves a call’s hang-up and transfer to the call workspace, which sends them through the PBX', () => {
    const card = render('voice');
    expect(card.queryByRole('button', { name: /hang up|end contact/i })).toBeNull();
    expect(card.queryByRole('button', { name: /^Transfer/ })).toBeNull();
    expect(card.getByRole('button', { name: 'Open complaint' })).toBeEnabled();
  });

  it('ends and transfers a chat from the card itself, as routing does it alone', async () => {
    const card = render('chat');
    expect(card.getByRole('button', { name: 'End contact' })).toBeInTheDocument();
    await userEvent.click(card.getByRole('button', { name: /^Transfer/ }));
    expect(await card.findByRole('option', { name: 'Sales' })).toBeInTheDocument();
    expect(card.queryByRole('option', { name: 'Billing' })).toBeNull();
  });
});
