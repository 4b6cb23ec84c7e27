import { act, screen } from '@testing-library/react';
import type { OfferGoneDelta } from '@callcentre/shared';
import type { ConsoleLanguage } from '../../../i18n';
import { aDeskSnapshot, aRingingOffer } from '../../../testing/fixtures';
import { FakeSocket } from '../../../testing/fake-socket';
import { renderWithProviders } from '../../../testing/render';
import { DeskNotices } from './DeskNotices';

/** The notice whose whole sentence is `words` (the caller's name in it is an isolated element of its own). */
const sentence = (words: string) => (_: string, node: Element | null) => node?.classList.contains('ds-notice__text') === true && node.textContent === words;

describe('DeskNotices', () => {
  /** The desk with an offer ringing from Olivia Smith, which then goes away for the given reason. */
  function offerGone(gone: Pick<OfferGoneDelta, 'reason' | 'withdrawnBecause'>, language: ConsoleLanguage = 'en') {
    const offer = aRingingOffer();
    const socket = new FakeSocket({ snapshot: () => aDeskSnapshot({ offer }) });
    renderWithProviders(<DeskNotices />, { session: { username: 'amy' }, socket, language });
    act(() => socket.delta('offer:gone', { contactId: offer.contactId, offerId: offer.offerId, ...gone }));
  }

  it.each([
    [{ reason: 'expired', withdrawnBecause: null }, 'You missed the offer from Olivia Smith: the contact went back to its queue. Several missed offers in a row make you not ready.'],
    [{ reason: 'withdrawn', withdrawnBecause: 'abandoned' }, 'Olivia Smith hung up while the offer rang.'],
    [{ reason: 'withdrawn', withdrawnBecause: 'agent_not_ready' }, 'The offer from Olivia Smith was withdrawn when you went not ready: the contact went back to its queue.'],
    [{ reason: 'withdrawn', withdrawnBecause: 'agent_logged_out' }, 'The offer from Olivia Smith was withdrawn when you signed out of routing: the contact went back to its queue.'],
    [{ reason: 'withdrawn', withdrawnBecause: 'agent_disconnected' }, 'The offer from Olivia Smith was withdrawn because your desktop lost its connection: the contact went back to its queue.'],
    [{ reason: 'withdrawn', withdrawnBecause: 'transferred' }, 'The offer from Olivia Smith was withdrawn: the contact was transferred elsewhere.'],
  ] as const)('says what happened to an offer that went away (%o)', (gone, words) => {
    offerGone(gone);
    expect(screen.getByText(sentence(words))).toBeInTheDocument();
    expect(screen.queryByText(/another agent/)).not.toBeInTheDocument();
  });

  it('never says a missed offer went to another agent, in Chinese either', () => {
    offerGone({ reason: 'expired', withdrawnBecause: null }, 'zh-CN');
    expect(screen.getByText(sentence('您漏接了 Olivia Smith 的分配，该联系已回到队列。连续多次漏接会使您转为未就绪。'))).toBeInTheDocument();
    expect(screen.queryByText(/其他座席/)).not.toBeInTheDocument();
  });

  it('says nothing when the agent answered or rejected the offer', () => {
    offerGone({ reason: 'accepted', withdrawnBecause: null });
    expect(screen.queryByText(/Olivia Smith/)).not.toBeInTheDocument();
  });
});
