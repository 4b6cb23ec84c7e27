import { useCallback, useEffect, useRef, useState } from 'react';

export const OFFER_SOUND_STORAGE_KEY = 'callcentre.console.offerSoundMuted';
/** While an offer rings, the cue repeats this often. */
export const OFFER_SOUND_REPEAT_MS = 3_000;

type AudioContextClass = typeof AudioContext;

function audioContextClass(): AudioContextClass | null {
  if (typeof window === 'undefined') return null;
  const w = window as unknown as { AudioContext?: AudioContextClass; webkitAudioContext?: AudioContextClass };
  return w.AudioContext ?? w.webkitAudioContext ?? null;
}

function readMuted(): boolean {
  try {
    return window.localStorage.getItem(OFFER_SOUND_STORAGE_KEY) === 'true';
  } catch {
    return false;
  }
}

/** Two short rising tones, like a desk phone: played through WebAudio, no sound file needed. */
function beep(context: AudioContext): void {
  const start = context.currentTime + 0.02;
  [660, 880].forEach((frequency, index) => {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = frequency;
    const at = start + index * 0.18;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.25, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.15);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(at);
    oscillator.stop(at + 0.16);
  });
}

export interface OfferSound {
  muted: boolean;
  toggleMuted(): void;
}

/**
 * The audible cue of a ringing offer: a beep when it arrives, repeated until it stops ringing, unless the
 * agent muted it (remembered on this computer). Browsers only play sound after the page was used (a click
 * or key), which an agent going available has done.
 */
export function useOfferSound(ringingOfferId: string | null): OfferSound {
  const [muted, setMuted] = useState(readMuted);
  const context = useRef<AudioContext | null>(null);

  useEffect(() => {
    if (!ringingOfferId || muted) return undefined;
    const Context = audioContextClass();
    if (!Context) return undefined;
    try {
      context.current ??= new Context();
      void context.current.resume?.().catch(() => undefined);
    } catch {
      return undefined;
    }
    const play = () => {
      try {
        if (context.current) beep(context.current);
      } catch {
        // no audio device: the offer still shows
      }
    };
    play();
    const timer = setInterval(play, OFFER_SOUND_REPEAT_MS);
    return () => clearInterval(timer);
  }, [ringingOfferId, muted]);

  useEffect(
    () => () => {
      void context.current?.close?.().catch(() => undefined);
      context.current = null;
    },
    [],
  );

  const toggleMuted = useCallback(() => {
    setMuted((current) => {
      const next = !current;
      try {
        window.localStorage.setItem(OFFER_SOUND_STORAGE_KEY, String(next));
      } catch {
        // storage blocked: the choice lasts for this page
      }
      return next;
    });
  }, []);

  return { muted, toggleMuted };
}
