import type { Writable } from 'node:stream';

/** The output was closed (the client went away) before everything was written. */
export class OutputClosed extends Error {}

/**
 * Writes to an output, waiting whenever it is slower, through one 'drain' and one 'close'
 * listener for the whole output. A listener added per wait would pile up: the compression
 * middleware hands a response's 'drain' listeners to its gzip stream and never takes them off,
 * so a long export left thousands behind.
 */
export class Backpressure {
  private wake: (() => void) | null = null;

  constructor(private readonly out: Writable) {
    const wake = (): void => {
      const waiting = this.wake;
      this.wake = null;
      waiting?.();
    };
    out.on('drain', wake);
    out.on('close', wake);
  }

  /** Writes `chunk`; resolves once the output takes more. Throws OutputClosed once it is closed. */
  async write(chunk: string): Promise<void> {
    if (this.out.destroyed) throw new OutputClosed();
    if (!this.out.write(chunk)) {
      await new Promise<void>((resolve) => (this.wake = resolve));
      if (this.out.destroyed) throw new OutputClosed();
    }
  }
}
