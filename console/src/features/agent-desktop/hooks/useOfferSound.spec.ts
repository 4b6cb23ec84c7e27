import { act, renderHook } from '@testing-library/react';
import { OFFER_SOUND_REPEAT_MS, OFFER_SOUND_STORAGE_KEY, useOfferSound } from './useOfferSound';

/** Stands in for the browser's WebAudio: records the tones started and whether the context was closed. */
class RecordingAudioContext {
  static instances: RecordingAudioContext[] = [];
  readonly tones: number[] = [];
  readonly destination = {};
  currentTime = 0;
  closed = false;
  constructor() {
    RecordingAudioContext.instances.push(this);
  }
  createOscillator() {
    const oscillator = {
      type: '',
      frequency: { value: 0 },
      connect: (node: unknown) => node,
      start: () => this.tones.push(oscillator.frequency.value),
      stop: () => undefined,
    };
    return oscillator;
  }
  createGain() {
    return { gain: { setValueAtTime: () => undefined, exponentialRampToValueAtTime: () => undefined }, connect: (node: unknown) => node };
  }
  resume() {
    return Promise.resolve();
  }
  close() {
    this.closed = true;
    return Promise.resolve();
  }
}

const tonesPlayed = () => RecordingAudioContext.instances.flatMap((context) => context.tones);
/** One cue is two rising tones. */
const cues = (count: number) => Array.from({ length: count }, () => [660, 880]).flat();

describe('useOfferSound', () => {
  const original = (window as unknown as { AudioContext?: unknown }).AudioContext;

  beforeEach(() => {
    jest.useFakeTimers();
    RecordingAudioContext.instances = [];
    (window as unknown as { AudioContext?: unknown }).AudioContext = RecordingAudioContext;
    window.localStorage.removeItem(OFFER_SOUND_STORAGE_KEY);
  });
  afterEach(() => {
    jest.useRealTimers();
    (window as unknown as { AudioContext?: unknown }).AudioContext = original;
    window.localStorage.removeItem(OFFER_SOUND_STORAGE_KEY);
  });

  it('is silent while nothing rings', () => {
    renderHook(() => useOfferSound(null));
    act(() => jest.advanceTimersByTime(OFFER_SOUND_REPEAT_MS * 3));
    expect(tonesPlayed()).toEqual([]);
  });

  it('beeps when an offer rings, repeats while it rings, and stops when it stops', () => {
    const { rerender } = renderHook(({ offerId }) => useOfferSound(offerId), { initialProps: { offerId: 'offer-1' as string | null } });
    expect(tonesPlayed()).toEqual(cues(1));
    act(() => jest.advanceTimersByTime(OFFER_SOUND_REPEAT_MS * 2));
    expect(tonesPlayed()).toEqual(cues(3));

    rerender({ offerId: null });
    act(() => jest.advanceTimersByTime(OFFER_SOUND_REPEAT_MS * 3));
    expect(tonesPlayed()).toEqual(cues(3));

    // The next offer rings at once, through the same audio context.
    rerender({ offerId: 'offer-2' });
    expect(tonesPlayed()).toEqual(cues(4));
    expect(RecordingAudioContext.instances).toHaveLength(1);
  });

  it('stays quiet when muted, remembers it on this computer, and rings again when unmuted', () => {
    const first = renderHook(() => useOfferSound('offer-1'));
    expect(first.result.current.muted).toBe(false);
    act(() => first.result.current.toggleMuted());
    expect(first.result.current.muted).toBe(true);
    expect(window.localStorage.getItem(OFFER_SOUND_STORAGE_KEY)).toBe('true');
    act(() => jest.advanceTimersByTime(OFFER_SOUND_REPEAT_MS * 3));
    expect(tonesPlayed()).toEqual(cues(1));
    first.unmount();

    // A later page on the same computer starts muted.
    const later = renderHook(() => useOfferSound('offer-2'));
    expect(later.result.current.muted).toBe(true);
    expect(tonesPlayed()).toEqual(cues(1));
    act(() => later.result.current.toggleMuted());
    expect(window.localStorage.getItem(OFFER_SOUND_STORAGE_KEY)).toBe('false');
    expect(tonesPlayed()).toEqual(cues(2));
  });

  it('releases the audio device when the desk closes', () => {
    const { unmount } = renderHook(() => useOfferSound('offer-1'));
    unmount();
    expect(RecordingAudioContext.instances.map((context) => context.closed)).toEqual([true]);
    act(() => jest.advanceTimersByTime(OFFER_SOUND_REPEAT_MS * 2));
    expect(tonesPlayed()).toEqual(cues(1));
  });

  it('rings silently, without failing, in a browser without WebAudio', () => {
    (window as unknown as { AudioContext?: unknown }).AudioContext = undefined;
    const { result } = renderHook(() => useOfferSound('offer-1'));
    act(() => jest.advanceTimersByTime(OFFER_SOUND_REPEAT_MS));
    expect(result.current.muted).toBe(false);
    expect(RecordingAudioContext.instances).toEqual([]);
  });
});
