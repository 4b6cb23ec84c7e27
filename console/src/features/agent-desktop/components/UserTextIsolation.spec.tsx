import { act, screen, within } from '@testing-library/react';
import { aDeskSnapshot, aLiveContact, aRingingOffer } from '../../../testing/fixtures';
import { FakeSocket } from '../../../testing/fake-socket';
import { renderWithProviders } from '../../../testing/render';
import { ContactCard } from './ContactCard';
import { DeskNotices } from './DeskNotices';
import { OfferCard } from './OfferCard';

/** A caller's name carrying RIGHT-TO-LEFT OVERRIDE: shown as-is, it would flip the words after it ("exe.gnp"). */
const TRICK = 'Mallory\u202Egnp.exe';

describe('people’s text on the agent desk is isolated from the words around it', () => {
  it('isolates the caller’s name and subject on a ringing offer', () => {
    const offer = aRingingOffer({}, { customerName: TRICK, subject: 'Refund\u202E please' });
    const socket = new FakeSocket({ snapshot: () => aDeskSnapshot({ offer }) });
    renderWithProviders(<OfferCard offer={offer} sound={{ muted: false, toggleMuted: jest.fn() }} />, { session: { username: 'amy' }, socket });
    const card = screen.getByTestId('offer-card');
    const heading = within(card).getByRole('heading', { name: TRICK });
    const name = heading.querySelector('bdi');
    expect(name).toHaveTextContent(TRICK);
    expect(name).toHaveAttribute('dir', 'auto');
    const subject = [...card.querySelectorAll('bdi')].find((element) => element.textContent === 'Refund\u202E please');
    expect(subject).toBeDefined();
  });

  it('isolates the name on a handled contact', () => {
    const contact = aLiveContact({ status: 'connected', agentId: 'agent-1', customerName: TRICK, answeredAt: Date.now() });
    renderWithProviders(<ContactCard contact={contact} selected={false} onSelect={jest.fn()} onOpenComplaint={jest.fn()} />, { session: { username: 'amy' } });
    const button = screen.getByRole('button', { name: TRICK });
    expect(button.querySelector('bdi')).toHaveTextContent(TRICK);
  });

  it('keeps the sentence around a name in order: the name is an isolate of its own, the rest is plain text', () => {
    const offer = aRingingOffer({}, { customerName: TRICK });
    const socket = new FakeSocket({ snapshot: () => aDeskSnapshot({ offer }) });
    renderWithProviders(<DeskNotices />, { session: { username: 'amy' }, socket });
    act(() => socket.delta('offer:gone', { contactId: offer.contactId, offerId: offer.offerId, reason: 'withdrawn', withdrawnBecause: 'abandoned' }));
    const text = document.querySelector('.ds-notice__text') as HTMLElement;
    expect(text).toHaveTextContent(`${TRICK} hung up while the offer rang.`);
    const name = text.querySelector('bdi');
    expect(name?.textContent).toBe(TRICK);
    // The words after the name are a sibling of the isolate, not inside it, so the override cannot reach them.
    expect(name?.nextSibling?.textContent).toBe(' hung up while the offer rang.');
  });
});
