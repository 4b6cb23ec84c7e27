import { WRAP_UP_NOTES_MAX_LENGTH } from '@callcentre/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSession } from '../../auth';
import { fetchWrapUpDraft, saveWrapUpDraft } from '../api/desk-api';

/** Quiet time after the last keystroke before the notes are saved. */
export const DRAFT_SAVE_DELAY_MS = 600;

export type DraftStatus = 'idle' | 'saving' | 'saved' | 'failed' | 'too_long';

/** How many contacts' last known notes the desk remembers (an agent has a handful of contacts at once). */
const KNOWN_DRAFTS_KEPT = 32;

/**
 * The notes last saved or loaded per signed-in user and contact on this desk, so that the wrap-up form opens with
 * what was typed during the call at once instead of an empty field until the stored draft arrives. Keyed by the
 * user too: someone who signs in after a colleague on the same tab is shown only what the server gives them.
 */
const knownDrafts = new Map<string, string>();

function rememberDraft(key: string, notes: string): void {
  knownDrafts.delete(key);
  knownDrafts.set(key, notes);
  if (knownDrafts.size > KNOWN_DRAFTS_KEPT) {
    const oldest = knownDrafts.keys().next().value;
    if (oldest !== undefined) knownDrafts.delete(oldest);
  }
}

export interface WrapUpDraft {
  notes: string;
  status: DraftStatus;
  setNotes(notes: string): void;
  /** Saves what is pending now (before finishing): an emptied text clears the stored draft too. */
  flush(): Promise<void>;
}

/**
 * The agent's wrap-up notes, saved on the server as typed (a reload or another desk of theirs picks them up,
 * and they are kept with the contact if after-call work runs out). Text over the limit is not saved, so the
 * last saved draft stays; the form says so.
 */
export function useWrapUpDraft(interactionId: string): WrapUpDraft {
  const { session } = useSession();
  const knownKey = `${session?.userId ?? ''}\u0000${interactionId}`;
  const known = knownDrafts.get(knownKey) ?? '';
  const [notes, setNotesState] = useState(known);
  const [status, setStatus] = useState<DraftStatus>(known ? 'saved' : 'idle');
  const latest = useRef(known);
  const saved = useRef(known);
  const typed = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const save = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const text = latest.current;
    if (text === saved.current || text.length > WRAP_UP_NOTES_MAX_LENGTH) return;
    setStatus('saving');
    try {
      await saveWrapUpDraft(interactionId, text);
      saved.current = text;
      rememberDraft(knownKey, text);
      if (latest.current === text) setStatus('saved');
    } catch {
      if (latest.current === text) setStatus('failed');
    }
  }, [interactionId, knownKey]);

  useEffect(() => {
    const controller = new AbortController();
    fetchWrapUpDraft(interactionId, controller.signal)
      .then((draft) => {
        saved.current = draft.notes;
        rememberDraft(knownKey, draft.notes);
        // Keystrokes made while the draft loaded win over it; otherwise the stored draft does, even an emptied one
        // over notes this desk remembered.
        if (typed.current) return;
        latest.current = draft.notes;
        setNotesState(draft.notes);
        setStatus(draft.notes ? 'saved' : 'idle');
      })
      .catch(() => undefined);
    return () => {
      controller.abort();
      // Leaving the form (the contact closed, the page changed) still saves the last keystrokes.
      if (timer.current) void save();
    };
  }, [interactionId, knownKey, save]);

  const setNotes = useCallback(
    (text: string) => {
      typed.current = true;
      latest.current = text;
      setNotesState(text);
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
      if (text.length > WRAP_UP_NOTES_MAX_LENGTH) {
        setStatus('too_long');
        return;
      }
      setStatus(text === saved.current ? 'saved' : 'idle');
      timer.current = setTimeout(() => void save(), DRAFT_SAVE_DELAY_MS);
    },
    [save],
  );

  return { notes, status, setNotes, flush: save };
}
