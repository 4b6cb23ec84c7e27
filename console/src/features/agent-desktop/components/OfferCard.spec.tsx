import { act, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { aDeskSnapshot, aRingingOffer, T0 } from '../../../testing/fixtures';
import { FakeSocket } from '../../../testing/fake-socket';
import { renderWithProviders } from '../../../testing/render';
import { OfferCard } from './OfferCard';

const sound = { muted: false, toggleMuted: jest.fn() };

function renderOffer(options: { expiresInMs?: number; commands?: FakeSocket['commands']; contact?: Parameters<typeof aRingingOffer>[1] } = {}) {
  const offer = aRingingOffer({ offerId: 'offer-7', expiresAt: T0 + (options.expiresInMs ?? 20_000) }, { id: 'contact-7', ...options.contact });
  // The server's clock says T0 when the snapshot arrives: the countdown runs on it, whatever this computer's clock says.
  const socket = new FakeSocket({ snapshot: () => ({ ...aDeskSnapshot({ offer }), serverTime: T0 }), commands: options.commands });
  const view = renderWithProviders(<OfferCard offer={offer} sound={sound} />, { session: { username: 'amy' }, socket });
  return { ...view, socket, offer };
}

describe('OfferCard', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: Date.UTC(2030, 0, 1) });
    sound.toggleMuted.mockClear();
  });
  afterEach(() => jest.useRealTimers());

  it('shows who is calling, their value, the queue, the channel and how long they have waited', () => {
    renderOffer({ contact: { customerName: 'Olivia Smith', valueTier: 'important', complaint: true, enqueuedAt: T0 - 65_000 } });
    const card = screen.getByTestId('offer-card');
    expect(within(card).getByRole('heading', { name: 'Olivia Smith' })).toBeInTheDocument();
    expect(card).toHaveTextContent('Incoming call · Billing queue');
    expect(within(card).getByText('Key customer')).toBeInTheDocument();
    expect(within(card).getByText('Complaint')).toBeInTheDocument();
    expect(within(screen.getByTestId('offer-waited')).getByText('1:05', { exact: false })).toBeInTheDocument();
  });

  it('counts down to the offer deadline on the server clock and turns red near the end', () => {
    renderOffer({ expiresInMs: 20_000 });
    const timer = screen.getByRole('timer', { name: 'Time left to answer the offer' });
    expect(timer).toHaveTextContent('0:20');
    act(() => jest.advanceTimersByTime(13_000));
    expect(timer).toHaveTextContent('0:07');
    expect(timer).toHaveClass('ds-countdown--warning');
    act(() => jest.advanceTimersByTime(4_000));
    expect(timer).toHaveTextContent('0:03');
    expect(timer).toHaveClass('ds-countdown--critical');
  });

  it('accepts with a click, answering the offer it shows', async () => {
    const { socket } = renderOffer({ commands: { 'offer:accept': () => ({ ok: true, data: { interactionId: 'contact-7', status: 'connected' } }) } });
    const user = userEvent.setup({ advanceTimers: jest.advanceTimersByTime });
    await user.click(screen.getByRole('button', { name: /Accept/ }));
    expect(socket.sent('offer:accept')).toEqual([{ interactionId: 'contact-7', offerId: 'offer-7' }]);
  });

  it('rejects with R from the keyboard', () => {
    const { socket } = renderOffer({
      commands: {
        'offer:accept': () => ({ ok: true, data: { interactionId: 'contact-7', status: 'connected' } }),
        'offer:reject': () => ({ ok: true, data: { interactionId: 'contact-7', status: 'waiting' } }),
      },
    });
    fireEvent.keyDown(window, { key: 'r' });
    expect(socket.sent('offer:reject')).toEqual([{ interactionId: 'contact-7', offerId: 'offer-7' }]);
  });

  it('accepts with A, once, and leaves keys typed into a field alone', () => {
    const { socket } = renderOffer({ commands: { 'offer:accept': () => undefined } });
    const field = document.createElement('input');
    document.body.append(field);
    fireEvent.keyDown(field, { key: 'a' });
    expect(socket.sent('offer:accept')).toHaveLength(0);
    fireEvent.keyDown(window, { key: 'A' });
    fireEvent.keyDown(window, { key: 'a' });
    expect(socket.sent('offer:accept')).toHaveLength(1);
    field.remove();
  });

  it('says in plain words why the server refused, and lets the agent try again', async () => {
    renderOffer({ commands: { 'offer:accept': () => ({ ok: false, error: { code: 'OFFER_EXPIRED', message: 'The offer expired before it was accepted' } }) } });
    const user = userEvent.setup({ advanceTimers: jest.advanceTimersByTime });
    await user.click(screen.getByRole('button', { name: /Accept/ }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The offer expired before it was accepted');
    expect(screen.getByRole('button', { name: /Accept/ })).toBeEnabled();
  });

  it('mutes the sound with the button or M', async () => {
    renderOffer();
    fireEvent.keyDown(window, { key: 'm' });
    expect(sound.toggleMuted).toHaveBeenCalledTimes(1);
    const user = userEvent.setup({ advanceTimers: jest.advanceTimersByTime });
    await user.click(screen.getByRole('button', { name: 'Sound on' }));
    expect(sound.toggleMuted).toHaveBeenCalledTimes(2);
  });

  it('waits while the console is reconnecting: nothing is sent on a stale offer', () => {
    const { socket } = renderOffer({ commands: { 'offer:accept': () => undefined } });
    act(() => socket.drop());
    expect(screen.getByRole('button', { name: /Accept/ })).toBeDisabled();
    fireEvent.keyDown(window, { key: 'a' });
    expect(socket.sent('offer:accept')).toHaveLength(0);
  });
});
