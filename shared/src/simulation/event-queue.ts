/**
 * The simulator's future-event list: a binary min-heap on (time, insertion number), so events due at the same
 * millisecond run in the order they were scheduled and every run is reproducible. O(log n) push and pop.
 *
 * An event is a kind (a small integer), a subject and an optional detail, kept in parallel arrays rather than
 * as one object per event: a day of 100,000 contacts schedules half a million events, and not allocating them
 * keeps the garbage collector out of the way.
 */
export class EventQueue<S, D = unknown> {
  private readonly times: number[] = [];
  private readonly seqs: number[] = [];
  private readonly kinds: number[] = [];
  private readonly subjects: S[] = [];
  private readonly details: (D | undefined)[] = [];
  private nextSeq = 0;
  /** Kind, subject and detail of the last popped event. */
  kind = -1;
  subject: S | undefined = undefined;
  detail: D | undefined = undefined;

  get size(): number {
    return this.times.length;
  }

  /** Time of the earliest event, or +Infinity. */
  peekTime(): number {
    return this.times.length === 0 ? Number.POSITIVE_INFINITY : this.times[0];
  }

  push(at: number, kind: number, subject: S, detail?: D): void {
    const seq = this.nextSeq++;
    let i = this.times.length;
    this.times.push(at);
    this.seqs.push(seq);
    this.kinds.push(kind);
    this.subjects.push(subject);
    this.details.push(detail);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.times[parent] < at || (this.times[parent] === at && this.seqs[parent] < seq)) break;
      this.move(parent, i);
      i = parent;
    }
    this.set(i, at, seq, kind, subject, detail);
  }

  /** Removes the earliest event and exposes it through `kind`, `subject` and `detail`; false when empty. */
  pop(): boolean {
    const n = this.times.length;
    if (n === 0) return false;
    this.kind = this.kinds[0];
    this.subject = this.subjects[0];
    this.detail = this.details[0];
    const lastTime = this.times.pop() as number;
    const lastSeq = this.seqs.pop() as number;
    const lastKind = this.kinds.pop() as number;
    const lastSubject = this.subjects.pop() as S;
    const lastDetail = this.details.pop();
    if (n === 1) return true;
    const size = n - 1;
    const times = this.times;
    const seqs = this.seqs;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      const right = child + 1;
      if (right < size && (times[right] < times[child] || (times[right] === times[child] && seqs[right] < seqs[child]))) child = right;
      if (lastTime < times[child] || (lastTime === times[child] && lastSeq < seqs[child])) break;
      this.move(child, i);
      i = child;
    }
    this.set(i, lastTime, lastSeq, lastKind, lastSubject, lastDetail);
    return true;
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from];
    this.seqs[to] = this.seqs[from];
    this.kinds[to] = this.kinds[from];
    this.subjects[to] = this.subjects[from];
    this.details[to] = this.details[from];
  }

  private set(i: number, at: number, seq: number, kind: number, subject: S, detail: D | undefined): void {
    this.times[i] = at;
    this.seqs[i] = seq;
    this.kinds[i] = kind;
    this.subjects[i] = subject;
    this.details[i] = detail;
  }
}
