import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { WRAP_UP_NOTES_MAX_LENGTH, type WrapUpDraftView } from '@callcentre/shared';
import { FakeSocket } from '../../../testing/fake-socket';
import { aDeskSnapshot, aLiveContact, T0 } from '../../../testing/fixtures';
import { fakeResponse, mockFetch, renderWithProviders } from '../../../testing/render';
import { DRAFT_SAVE_DELAY_MS } from '../hooks/useWrapUpDraft';
import { WrapUpForm } from './WrapUpForm';

const contact = aLiveContact({ id: '20000000-0000-4000-8000-0000000000aa', status: 'wrap_up', agentId: 'agent-1' });
const draftPath = `/api/interactions/${contact.id}/wrap-up/draft`;

function serveDrafts(stored = '') {
  const saved: string[] = [];
  const fetch = mockFetch({
    [`GET ${draftPath}`]: () => fakeResponse(200, { interactionId: contact.id, notes: stored, updatedAt: stored ? '2030-01-01T00:00:00.000Z' : null } satisfies WrapUpDraftView),
    [`PUT ${draftPath}`]: ({ body }) => {
      const notes = (body as { notes: string }).notes;
      saved.push(notes);
      return fakeResponse(200, { interactionId: contact.id, notes, updatedAt: '2030-01-01T00:00:01.000Z' } satisfies WrapUpDraftView);
    },
  });
  return { saved, fetch };
}

const notesBox = () => screen.getByRole('textbox', { name: /notes|备注/i });

describe('WrapUpForm notes', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('opens with the draft saved on the server, from a reload or another desk', async () => {
    serveDrafts('Refund promised for Friday');
    renderWithProviders(<WrapUpForm contact={contact} />, { session: { username: 'amy' } });
    await waitFor(() => expect(notesBox()).toHaveValue('Refund promised for Friday'));
    expect(screen.getByRole('status')).toHaveTextContent('Notes saved');
  });

  it('opens with the notes saved during the call at once, before the stored draft answers', async () => {
    const call = aLiveContact({ id: '20000000-0000-4000-8000-0000000000ab', status: 'wrap_up', agentId: 'agent-1' });
    const path = `/api/interactions/${call.id}/wrap-up/draft`;
    let answerDraft: (response: Response) => void = () => undefined;
    mockFetch({
      [`GET ${path}`]: () => fakeResponse(200, { interactionId: call.id, notes: '', updatedAt: null } satisfies WrapUpDraftView),
      [`PUT ${path}`]: ({ body }) => fakeResponse(200, { interactionId: call.id, notes: (body as { notes: string }).notes, updatedAt: '2030-01-01T00:00:01.000Z' } satisfies WrapUpDraftView),
    });
    const talking = renderWithProviders(<WrapUpForm contact={call} />, { session: { username: 'amy' } });
    await act(async () => undefined);
    fireEvent.change(notesBox(), { target: { value: 'Invoice to be split in two' } });
    await act(async () => {
      jest.advanceTimersByTime(DRAFT_SAVE_DELAY_MS);
    });
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Notes saved'));
    talking.unmount();

    mockFetch({ [`GET ${path}`]: () => new Promise<Response>((resolve) => (answerDraft = resolve)) });
    renderWithProviders(<WrapUpForm contact={call} />, { session: { username: 'amy' } });
    expect(notesBox()).toHaveValue('Invoice to be split in two');
    answerDraft(fakeResponse(200, { interactionId: call.id, notes: 'Invoice to be split in two', updatedAt: '2030-01-01T00:00:01.000Z' } satisfies WrapUpDraftView));
  });

  it('takes the stored draft over notes the desk remembered, when it was emptied elsewhere', async () => {
    const call = aLiveContact({ id: '20000000-0000-4000-8000-0000000000ad', status: 'wrap_up', agentId: 'agent-1' });
    const path = `/api/interactions/${call.id}/wrap-up/draft`;
    mockFetch({ [`GET ${path}`]: () => fakeResponse(200, { interactionId: call.id, notes: 'Callback at noon', updatedAt: '2030-01-01T00:00:00.000Z' } satisfies WrapUpDraftView) });
    const first = renderWithProviders(<WrapUpForm contact={call} />, { session: { username: 'amy' } });
    await waitFor(() => expect(notesBox()).toHaveValue('Callback at noon'));
    first.unmount();

    mockFetch({ [`GET ${path}`]: () => fakeResponse(200, { interactionId: call.id, notes: '', updatedAt: null } satisfies WrapUpDraftView) });
    renderWithProviders(<WrapUpForm contact={call} />, { session: { username: 'amy' } });
    expect(notesBox()).toHaveValue('Callback at noon');
    await waitFor(() => expect(notesBox()).toHaveValue(''));
  });

  it('shows a colleague signed in on the same tab only the draft the server gives them', async () => {
    const call = aLiveContact({ id: '20000000-0000-4000-8000-0000000000ac', status: 'wrap_up', agentId: 'agent-1' });
    const path = `/api/interactions/${call.id}/wrap-up/draft`;
    mockFetch({
      [`GET ${path}`]: () => fakeResponse(200, { interactionId: call.id, notes: 'Private remark', updatedAt: '2030-01-01T00:00:00.000Z' } satisfies WrapUpDraftView),
    });
    const first = renderWithProviders(<WrapUpForm contact={call} />, { session: { username: 'amy', userId: 'user-amy' } });
    await waitFor(() => expect(notesBox()).toHaveValue('Private remark'));
    first.unmount();

    mockFetch({ [`GET ${path}`]: () => new Promise<Response>(() => undefined) });
    renderWithProviders(<WrapUpForm contact={call} />, { session: { username: 'ben', userId: 'user-ben' } });
    expect(notesBox()).toHaveValue('');
  });

  it('saves the notes as typed, once the agent pauses', async () => {
    const { saved } = serveDrafts();
    renderWithProviders(<WrapUpForm contact={contact} />, { session: { username: 'amy' } });
    fireEvent.change(notesBox(), { target: { value: 'Customer moved house' } });
    fireEvent.change(notesBox(), { target: { value: 'Customer moved house; new address sent' } });
    expect(saved).toEqual([]);
    await act(async () => {
      jest.advanceTimersByTime(DRAFT_SAVE_DELAY_MS);
    });
    await waitFor(() => expect(saved).toEqual(['Customer moved house; new address sent']));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Notes saved'));
  });

  it('shows a counter near the limit, and over it says by how much, keeps the text and does not save it', async () => {
    const { saved } = serveDrafts();
    renderWithProviders(<WrapUpForm contact={contact} />, { session: { username: 'amy' } });
    fireEvent.change(notesBox(), { target: { value: 'a'.repeat(100) } });
    expect(screen.queryByTestId('notes-counter')).not.toBeInTheDocument();

    fireEvent.change(notesBox(), { target: { value: 'a'.repeat(1900) } });
    expect(screen.getByTestId('notes-counter')).toHaveTextContent(`1900 / ${WRAP_UP_NOTES_MAX_LENGTH} characters`);

    const pasted = 'b'.repeat(WRAP_UP_NOTES_MAX_LENGTH + 25);
    fireEvent.change(notesBox(), { target: { value: pasted } });
    expect(notesBox()).toHaveValue(pasted);
    expect(screen.getByTestId('notes-counter')).toHaveTextContent(`2025 / ${WRAP_UP_NOTES_MAX_LENGTH} characters`);
    expect(screen.getByText(`25 characters over the limit of ${WRAP_UP_NOTES_MAX_LENGTH}: shorten the notes to save and finish.`)).toBeInTheDocument();
    expect(notesBox()).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('button', { name: 'Finish after-call work' })).toBeDisabled();
    await act(async () => {
      jest.advanceTimersByTime(DRAFT_SAVE_DELAY_MS * 2);
    });
    expect(saved).toEqual([]);
  });

  it('counts in Simplified Chinese too', () => {
    serveDrafts();
    renderWithProviders(<WrapUpForm contact={contact} />, { session: { username: 'amy' }, language: 'zh-CN' });
    fireEvent.change(notesBox(), { target: { value: '退'.repeat(1850) } });
    expect(screen.getByTestId('notes-counter')).toHaveTextContent(`1850 / ${WRAP_UP_NOTES_MAX_LENGTH} 字`);
  });
});

describe('WrapUpForm finishing', () => {
  const live = () => new FakeSocket({ snapshot: aDeskSnapshot({ contacts: [contact] }) });
  const finishButton = () => screen.getByRole('button', { name: 'Finish after-call work' });
  function serveFinish(answer: () => Response) {
    const calls: string[] = [];
    const finished: unknown[] = [];
    mockFetch({
      [`GET ${draftPath}`]: () => fakeResponse(200, { interactionId: contact.id, notes: '', updatedAt: null } satisfies WrapUpDraftView),
      [`PUT ${draftPath}`]: ({ body }) => {
        calls.push('save draft');
        return fakeResponse(200, { interactionId: contact.id, notes: (body as { notes: string }).notes, updatedAt: '2030-01-01T00:00:01.000Z' } satisfies WrapUpDraftView);
      },
      [`POST /api/interactions/${contact.id}/wrap-up`]: ({ body }) => {
        calls.push('finish');
        finished.push(body);
        return answer();
      },
    });
    return { calls, finished };
  }

  it('asks for a disposition before it sends anything', async () => {
    const { calls } = serveFinish(() => fakeResponse(200, {}));
    renderWithProviders(<WrapUpForm contact={contact} />, { session: { username: 'amy' }, socket: live() });
    await waitFor(() => expect(finishButton()).toBeEnabled());
    await userEvent.click(finishButton());
    expect(screen.getByText('Choose how the contact ended.')).toBeInTheDocument();
    expect(calls).toEqual([]);

    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Disposition' }), 'follow_up');
    expect(screen.queryByText('Choose how the contact ended.')).not.toBeInTheDocument();
  });

  it('saves the notes, then finishes with the suggested disposition and the notes trimmed', async () => {
    const { calls, finished } = serveFinish(() => fakeResponse(200, {}));
    renderWithProviders(<WrapUpForm contact={contact} suggested="complaint_opened" />, { session: { username: 'amy' }, socket: live() });
    await waitFor(() => expect(finishButton()).toBeEnabled());
    expect(screen.getByRole('combobox', { name: 'Disposition' })).toHaveValue('complaint_opened');
    fireEvent.change(notesBox(), { target: { value: '  Complaint logged for the late refund  ' } });
    await userEvent.click(finishButton());
    await waitFor(() => expect(finished).toEqual([{ disposition: 'complaint_opened', notes: 'Complaint logged for the late refund' }]));
    expect(calls).toEqual(['save draft', 'finish']);
  });

  it('says in the reader’s words when the server refuses the notes, and lets the agent try again', async () => {
    serveFinish(() => fakeResponse(400, { statusCode: 400, code: 'VALIDATION_FAILED', message: 'notes must be shorter', fields: [{ field: 'notes', messages: ['too long'] }] }));
    renderWithProviders(<WrapUpForm contact={contact} suggested="resolved" />, { session: { username: 'amy' }, socket: live() });
    await waitFor(() => expect(finishButton()).toBeEnabled());
    await userEvent.click(finishButton());
    expect(await screen.findByRole('alert')).toHaveTextContent(`Use at most ${WRAP_UP_NOTES_MAX_LENGTH} characters.`);
    expect(finishButton()).toBeEnabled();
  });

  it('cannot finish while the desk is not connected', async () => {
    serveFinish(() => fakeResponse(200, {}));
    renderWithProviders(<WrapUpForm contact={contact} suggested="resolved" />, { session: { username: 'amy' } });
    expect(finishButton()).toBeDisabled();
  });

  it('counts down to the end the queue grants, on the server clock', async () => {
    jest.useFakeTimers({ now: T0 });
    try {
      serveFinish(() => fakeResponse(200, {}));
      const socket = new FakeSocket({ snapshot: () => ({ ...aDeskSnapshot({ contacts: [contact] }), serverTime: T0 }) });
      renderWithProviders(<WrapUpForm contact={{ ...contact, wrapUpEndsAt: T0 + 30_000 }} />, { session: { username: 'amy' }, socket });
      const timer = screen.getByRole('timer', { name: 'Time left for after-call work' });
      expect(timer).toHaveTextContent('0:30');
      act(() => jest.advanceTimersByTime(26_000));
      expect(timer).toHaveTextContent('0:04');
      expect(timer).toHaveClass('ds-countdown--critical');
    } finally {
      jest.useRealTimers();
    }
  });
});
