import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ChatMessage, ChatTranscript } from '@callcentre/shared';
import type { Socket } from 'socket.io-client';
import { FakeSocket } from '../../../testing/fake-socket';
import { renderWithProviders } from '../../../testing/render';
import { ChatPanel } from './ChatPanel';

const chatId = '30000000-0000-4000-8000-0000000000c1';

const message = (id: number, author: ChatMessage['author'], body: string): ChatMessage => ({
  id: String(id),
  chatId,
  author,
  agentName: author === 'agent' ? 'Amy Walker' : null,
  body,
  sentAt: '2030-01-01T10:00:00.000Z',
});

function chatServer(stored: ChatMessage[] = [message(1, 'customer', 'Hello, my router blinks red')]) {
  let next = 100;
  const socket = new FakeSocket({
    commands: {
      'chat:join': () => ({ ok: true as const, data: { chatId, customerName: 'Olivia Chat', status: 'connected', agentName: 'Amy Walker', endedBy: null, messages: stored } satisfies ChatTranscript }),
      'chat:send': (payload) => ({ ok: true as const, data: message((next += 1), 'agent', (payload as { body: string }).body) }),
    },
  });
  const factory = () => {
    queueMicrotask(() => socket.connect());
    return socket as unknown as Socket;
  };
  return { socket, factory };
}

describe('ChatPanel', () => {
  it('shows the stored transcript, then messages and the customer typing as they come', async () => {
    const { socket, factory } = chatServer();
    renderWithProviders(<ChatPanel chatId={chatId} canWrite socketFactory={factory} />, { session: { username: 'amy' } });
    await screen.findByText('Hello, my router blinks red');
    expect(socket.sent('chat:join')).toEqual([{ chatId }]);

    act(() => socket.fire('chat:typing', { chatId, author: 'customer', typing: true }));
    expect(screen.getByText('The customer is typing…')).toBeInTheDocument();
    act(() => socket.fire('chat:message', message(2, 'customer', 'It started this morning')));
    expect(screen.getByText('It started this morning')).toBeInTheDocument();
    expect(screen.queryByText('The customer is typing…')).not.toBeInTheDocument();
    // A message of another chat on the same socket is not this one's.
    act(() => socket.fire('chat:message', { ...message(3, 'customer', 'Somebody else'), chatId: 'other' }));
    expect(screen.queryByText('Somebody else')).not.toBeInTheDocument();
  });

  it('sends with Enter, says it is typing, and clears the box once the server stored the message', async () => {
    const { socket, factory } = chatServer();
    renderWithProviders(<ChatPanel chatId={chatId} canWrite socketFactory={factory} />, { session: { username: 'amy' } });
    const box = await screen.findByRole('textbox', { name: 'Message to the customer' });
    await userEvent.type(box, 'Please unplug it');
    expect(socket.sent('chat:typing')[0]).toEqual({ chatId, typing: true });
    await userEvent.type(box, '{Enter}');
    await waitFor(() => expect(box).toHaveValue(''));
    expect(socket.sent('chat:send')).toEqual([{ chatId, body: 'Please unplug it' }]);
    expect(screen.getByText('Please unplug it')).toBeInTheDocument();
  });

  it('stops the composer when the customer leaves, and is read only for a chat not connected to the agent', async () => {
    const { socket, factory } = chatServer();
    const { unmount } = renderWithProviders(<ChatPanel chatId={chatId} canWrite socketFactory={factory} />, { session: { username: 'amy' } });
    await screen.findByRole('textbox', { name: 'Message to the customer' });
    act(() => socket.fire('chat:ended', { chatId, endedBy: 'customer' }));
    expect(screen.getByText('The customer left the chat.')).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'Message to the customer' })).not.toBeInTheDocument();
    unmount();

    const readOnly = chatServer();
    renderWithProviders(<ChatPanel chatId={chatId} canWrite={false} socketFactory={readOnly.factory} />, { session: { username: 'grace' } });
    await screen.findByText('Hello, my router blinks red');
    expect(screen.queryByRole('textbox', { name: 'Message to the customer' })).not.toBeInTheDocument();
  });
});
