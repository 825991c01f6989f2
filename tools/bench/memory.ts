/**
 * The process's resident memory (RSS), sampled every few milliseconds in the background: its
 * peak overall and per phase of the benchmark, and a watch over one stretch of work (an export).
 */
export class MemorySampler {
  private timer: NodeJS.Timeout | undefined;
  private phase = 'start';
  private readonly peaks = new Map<string, number>();
  private watches: { peak: number }[] = [];
  private overall = 0;

  constructor(private readonly intervalMs = 100) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
  }

  /**
   * Samples from now on count towards this phase. The garbage of the phases before is collected
   * first when the process runs with --expose-gc (npm run bench does), so that a phase's peak is
   * its own.
   */
  enter(phase: string): void {
    this.sample();
    (globalThis as { gc?: () => void }).gc?.();
    this.phase = phase;
    this.sample();
  }

  /** Peak RSS in bytes by phase, in the order the phases ran. */
  peakByPhase(): Record<string, number> {
    return Object.fromEntries(this.peaks);
  }

  peak(): number {
    return this.overall;
  }

  /**
   * Watches RSS while `work` runs, sampling as often as `everyMs`: the RSS before and the peak
   * during, so that growth shows whether memory stays flat.
   */
  async watch<T>(
    work: () => Promise<T>,
    everyMs = 25,
  ): Promise<{ result: T; before: number; peak: number }> {
    (globalThis as { gc?: () => void }).gc?.();
    const before = process.memoryUsage.rss();
    const watch = { peak: before };
    this.watches.push(watch);
    const timer = setInterval(() => this.sample(), everyMs);
    try {
      const result = await work();
      this.sample();
      return { result, before, peak: watch.peak };
    } finally {
      clearInterval(timer);
      this.watches = this.watches.filter((w) => w !== watch);
    }
  }

  private sample(): void {
    const rss = process.memoryUsage.rss();
    this.overall = Math.max(this.overall, rss);
    this.peaks.set(this.phase, Math.max(this.peaks.get(this.phase) ?? 0, rss));
    for (const w of this.watches) w.peak = Math.max(w.peak, rss);
  }
}
