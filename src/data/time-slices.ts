/**
 * Long work in JavaScript cut into slices, so that the page's main thread stays free for the reader:
 * a tap on Exit this page must be answered at once, whatever file is being read. Work calls
 * `check()` often; after a slice's budget (a few milliseconds) it gives the thread back for a turn of
 * the event loop (input, frames and timers run), and stops there if the work was cancelled.
 */
export type Pause = () => Promise<void>;

/**
 * One turn of the event loop, without a timer's 4 ms clamp: a message to ourselves is a task like any
 * other, so input and frames waiting go first.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Milliseconds of work between pauses: well inside the 50 ms that counts as a long task. */
export const SLICE_BUDGET_MS = 8;

export class TimeSlices {
  private sliceStart = performance.now();

  constructor(
    private readonly signal?: AbortSignal,
    private readonly pause: Pause = yieldToEventLoop,
    private readonly budgetMs = SLICE_BUDGET_MS,
  ) {}

  /** Pauses when this slice has used its budget; throws the signal's reason if the work was cancelled. */
  async check(): Promise<void> {
    this.signal?.throwIfAborted();
    if (performance.now() - this.sliceStart < this.budgetMs) return;
    await this.pause();
    this.signal?.throwIfAborted();
    this.sliceStart = performance.now();
  }
}
