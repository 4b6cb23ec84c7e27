import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { WRAP_UP_NOTES_MAX_LENGTH, type WrapUpDraftView } from '@callcentre/shared';
import { aLiveContact } from '../../../testing/fixtures';
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
