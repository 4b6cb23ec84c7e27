import type { CallDirectory, CallView } from '@callcentre/shared';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { aDeskSnapshot, aLiveContact, T0 } from '../../../testing/fixtures';

const USER_IDS = { amy: '10000000-0000-4000-8000-000000000001' };
import { FakeSocket } from '../../../testing/fake-socket';
import { fakeResponse, mockFetch, renderWithProviders } from '../../../testing/render';
import { CallWorkspace } from './CallWorkspace';

const contact = aLiveContact({ status: 'connected', channel: 'voice', agentId: USER_IDS.amy, answeredAt: T0 - 60_000 });
const BEN = '10000000-0000-4000-8000-0000000000b0';
const directory: CallDirectory = {
  agents: [
    { id: BEN, displayName: 'Ben Okafor', state: 'available', notReadyReason: null, free: true, skills: { general: 3 }, languages: ['en'] },
    { id: '10000000-0000-4000-8000-0000000000e0', displayName: 'Emma Rossi', state: 'busy', notReadyReason: null, free: false, skills: { general: 4 }, languages: ['en'] },
  ],
  queues: [
    { id: contact.queueId, code: 'billing', name: 'Billing', freeAgents: 1 },
    { id: '30000000-0000-4000-8000-0000000000c2', code: 'sales', name: 'Sales', freeAgents: 0 },
  ],
};

function render(calls: CallView[] = []) {
  const sent: unknown[] = [];
  mockFetch({
    '/api/calls/live': () => fakeResponse(200, { items: calls }),
    '/api/calls/directory': () => fakeResponse(200, directory),
    [`/api/calls/${contact.id}`]: () => fakeResponse(200, { contactId: contact.id, call: null, timeline: [], talkSeconds: 60, holdSeconds: 0 }),
    [`/api/interactions/${contact.id}/wrap-up/draft`]: () => fakeResponse(200, { interactionId: contact.id, notes: '', updatedAt: null }),
    [`POST /api/calls/${contact.id}/commands`]: ({ body }) => {
      sent.push(body);
      return fakeResponse(202, { commandId: 'c-1', call: calls[0] ?? null });
    },
  });
  const socket = new FakeSocket({ snapshot: () => ({ ...aDeskSnapshot({ contacts: [contact] }), serverTime: T0 }) });
  renderWithProviders(<CallWorkspace contacts={[contact]} agentId={USER_IDS.amy} />, { session: { username: 'amy' }, socket });
  return sent;
}

const held: CallView = {
  contactId: contact.id,
  state: 'ready',
  agentId: USER_IDS.amy,
  held: true,
  heldSince: T0 - 42_000,
  holdSeconds: 0,
  muted: false,
  consult: null,
  parties: [],
  pending: null,
  lastFailure: null,
  outcome: null,
  version: 2,
  updatedAt: T0,
};

describe('CallWorkspace', () => {
  it('offers what the call machine allows: hold on a fresh call, resume on a held one', async () => {
    const sent = render();
    const controls = await screen.findByTestId('call-controls');
    await userEvent.click(within(controls).getByRole('button', { name: /^Hold/ }));
    await waitFor(() => expect(sent).toEqual([{ type: 'hold' }]));
    // Nothing to take back or complete without a consult.
    expect(within(controls).queryByRole('button', { name: /^Take back/ })).toBeNull();
  });

  it('shows a held call with its hold time and offers resume, then blind transfer to a free colleague only', async () => {
    const sent = render([held]);
    await screen.findByTestId('call-held');
    expect(screen.getByTestId('call-held')).toHaveTextContent(/On hold 0:4\d/);
    const controls = screen.getByTestId('call-controls');
    expect(within(controls).getByRole('button', { name: /^Resume/ })).toBeEnabled();
    await userEvent.click(within(controls).getByRole('button', { name: /^Transfer…/ }));
    const list = await screen.findByTestId('call-directory');
    await within(list).findByRole('button', { name: 'Transfer Ben Okafor' });
    expect(within(list).getByRole('button', { name: 'Transfer Emma Rossi' })).toBeDisabled();
    await userEvent.click(within(list).getByRole('button', { name: 'Transfer Ben Okafor' }));
    await waitFor(() => expect(sent).toEqual([{ type: 'blind_transfer', agentId: BEN }]));
  });

  it('blind-transfers to another queue through the PBX, even one with nobody free (the caller waits there)', async () => {
    const sent = render();
    const controls = await screen.findByTestId('call-controls');
    await userEvent.click(within(controls).getByRole('button', { name: /^Transfer…/ }));
    const list = await screen.findByTestId('call-directory');
    const queue = await within(list).findByRole('button', { name: 'Transfer Sales' });
    // The call's own queue is no target.
    expect(within(list).queryByRole('button', { name: 'Transfer Billing' })).toBeNull();
    expect(within(list).getByText(/waits for the next free agent/)).toBeInTheDocument();
    await userEvent.click(queue);
    await waitFor(() => expect(sent).toEqual([{ type: 'blind_transfer', queueId: '30000000-0000-4000-8000-0000000000c2' }]));
  });

  it('disables every command while one waits for the phone system, and says which', async () => {
    render([{ ...held, state: 'pending', pending: { commandId: 'c-9', command: { type: 'resume' }, requestedAt: T0, requestedBy: USER_IDS.amy, expiresAt: T0 + 8000 } }]);
    await screen.findByTestId('call-pending');
    expect(screen.getByTestId('call-pending')).toHaveTextContent('Waiting for the phone system: Resume');
    for (const button of within(screen.getByTestId('call-controls')).getAllByRole('button')) expect(button).toBeDisabled();
  });

  it('says a command failed and that the call is as it was', async () => {
    render([{ ...held, lastFailure: { commandId: 'c-3', commandType: 'mute', reason: 'timeout', detail: null, at: T0 } }]);
    expect(await screen.findByTestId('call-failure')).toHaveTextContent('Mute failed: the phone system did not answer in time. The call is as it was.');
  });
});
