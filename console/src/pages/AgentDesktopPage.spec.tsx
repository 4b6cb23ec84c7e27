import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { aComplaintDetail, complaintAfter } from '../testing/complaints';
import { aDeskSnapshot, aLiveContact, anAgentView, aRingingOffer, T0 } from '../testing/fixtures';
import { FakeSocket } from '../testing/fake-socket';
import { fakeResponse, mockFetch, renderApp } from '../testing/render';

const amy = { username: 'amy', displayName: 'Amy Walker', role: 'agent' } as const;

const olivia = aLiveContact({ id: '20000000-0000-4000-8000-0000000000d1', status: 'connected', agentId: anAgentView().id, customerName: 'Olivia Smith', answeredAt: T0 - 60_000 });
const chat = aLiveContact({
  id: '20000000-0000-4000-8000-0000000000d2',
  channel: 'chat',
  status: 'connected',
  agentId: anAgentView().id,
  customerId: null,
  customerName: null,
  caller: { name: 'Noah Chat' },
  answeredAt: T0 - 120_000,
});

function serverAnswers() {
  const opened: unknown[] = [];
  mockFetch({
    '/api/complaints': () => fakeResponse(200, { items: [], total: 0, limit: 20, offset: 0 }),
    'POST /api/complaints': ({ body }) => {
      opened.push(body);
      return fakeResponse(201, aComplaintDetail(complaintAfter([]), { number: 'C-2026-000077' }));
    },
  });
  return { opened };
}

const contactCards = () => screen.queryAllByTestId('contact-card');
const cardOf = (name: string) => contactCards().find((card) => within(card).queryByRole('button', { name })) as HTMLElement;

describe('Agent desktop page', () => {
  it('waits for the desk, then shows an available agent that the next contact rings here', async () => {
    serverAnswers();
    const socket = new FakeSocket();
    renderApp('/agent', { session: amy, socket });
    expect(screen.getByText('Connecting to your desk…')).toBeInTheDocument();

    act(() => socket.sendSnapshot(aDeskSnapshot()));
    expect(await screen.findByText('Waiting for the next contact')).toBeInTheDocument();
    expect(screen.queryByText('Connecting to your desk…')).not.toBeInTheDocument();
    expect(contactCards()).toEqual([]);
  });

  it('tells a user without an agent profile how to get one', async () => {
    serverAnswers();
    renderApp('/agent', { session: amy, socket: new FakeSocket({ snapshot: aDeskSnapshot({ agent: null }) }) });
    expect(await screen.findByText('You have no agent profile yet')).toBeInTheDocument();
    expect(screen.queryByText('Your contacts')).not.toBeInTheDocument();
  });

  it('says why nothing arrives while not ready', async () => {
    serverAnswers();
    renderApp('/agent', { session: amy, socket: new FakeSocket({ snapshot: aDeskSnapshot({ agent: anAgentView({ state: 'not_ready', presence: 'not_ready', notReadyReason: 'break' }) }) }) });
    expect(await screen.findByText('You receive no contacts while not ready')).toBeInTheDocument();
  });

  it('rings an offer above the contacts, saying who is calling', async () => {
    serverAnswers();
    const offer = aRingingOffer({ offerId: 'offer-9' }, { id: '20000000-0000-4000-8000-0000000000d9', customerName: 'Liam Offered' });
    renderApp('/agent', { session: amy, socket: new FakeSocket({ snapshot: aDeskSnapshot({ offer }) }) });
    const card = await screen.findByTestId('offer-card');
    expect(within(card).getByRole('heading', { name: 'Liam Offered' })).toBeInTheDocument();
    expect(card.compareDocumentPosition(screen.getByText('Waiting for the next contact')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('lists contacts in the order they were answered, opens the connected one, and switches on a click', async () => {
    serverAnswers();
    renderApp('/agent', { session: amy, socket: new FakeSocket({ snapshot: aDeskSnapshot({ contacts: [olivia, chat], agent: anAgentView({ contactIds: [olivia.id, chat.id] }) }) }) });
    await waitFor(() => expect(contactCards()).toHaveLength(2));
    expect(screen.getByText('2 contacts you are handling.')).toBeInTheDocument();
    expect(contactCards().map((card) => within(card).getAllByRole('button')[0].textContent)).toEqual(['Noah Chat', 'Olivia Smith']);
    // Both are connected: the first answered is shown until the agent picks another.
    expect(within(cardOf('Noah Chat')).getByRole('button', { name: 'Noah Chat' })).toHaveAttribute('aria-pressed', 'true');

    await userEvent.click(within(cardOf('Olivia Smith')).getByRole('button', { name: 'Olivia Smith' }));
    expect(within(cardOf('Olivia Smith')).getByRole('button', { name: 'Olivia Smith' })).toHaveAttribute('aria-pressed', 'true');
    expect(within(cardOf('Noah Chat')).getByRole('button', { name: 'Noah Chat' })).toHaveAttribute('aria-pressed', 'false');
  });

  it('opens a complaint from a contact, then marks the contact with its number and offers no second one', async () => {
    const { opened } = serverAnswers();
    renderApp('/agent', { session: amy, socket: new FakeSocket({ snapshot: aDeskSnapshot({ contacts: [olivia], agent: anAgentView({ contactIds: [olivia.id] }) }) }) });
    await waitFor(() => expect(contactCards()).toHaveLength(1));
    await userEvent.click(within(cardOf('Olivia Smith')).getByRole('button', { name: 'Open complaint' }));

    const intake = await screen.findByTestId('complaint-intake');
    expect(within(intake).getByRole('heading', { name: 'Receive a complaint from Olivia Smith' })).toBeInTheDocument();
    await userEvent.selectOptions(within(intake).getByRole('combobox', { name: 'What it is about' }), 'delivery');
    await userEvent.click(within(intake).getByRole('radio', { name: /Simple complaint/ }));
    await userEvent.type(within(intake).getByRole('textbox', { name: "What happened, in the customer's words" }), 'Parcel never came');
    await userEvent.click(within(intake).getByRole('button', { name: 'Record the complaint' }));

    await waitFor(() => expect(screen.queryByTestId('complaint-intake')).not.toBeInTheDocument());
    expect(opened).toEqual([expect.objectContaining({ interactionId: olivia.id, category: 'delivery', complexity: 'simple', description: 'Parcel never came' })]);
    expect(within(cardOf('Olivia Smith')).getByText('Complaint C-2026-000077')).toBeInTheDocument();
    expect(within(cardOf('Olivia Smith')).getByRole('button', { name: 'Open complaint' })).toBeDisabled();
  });
});
