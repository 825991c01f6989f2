import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { Backpressure, OutputClosed } from './backpressure.js';

/**
 * A slow output whose 'drain' listeners go to an inner emitter and are never taken off it, as
 * the compression middleware does with a response and its gzip stream.
 */
function slowProxiedOutput(): { out: Writable; inner: EventEmitter; received: string[] } {
  const received: string[] = [];
  const inner = new EventEmitter();
  const out = new Writable({
    highWaterMark: 16,
    write(chunk: Buffer, _encoding, done) {
      received.push(chunk.toString());
      setImmediate(done);
    },
  });
  out.on('drain', () => inner.emit('drain'));
  const on = out.on.bind(out);
  out.on = ((event: string, listener: (...args: unknown[]) => void) =>
    event === 'drain' ? (inner.on('drain', listener), out) : on(event, listener)) as typeof out.on;
  return { out, inner, received };
}

describe('Backpressure', () => {
  it('writes everything in order, through one drain listener however often it waits', async () => {
    const { out, inner, received } = slowProxiedOutput();
    const output = new Backpressure(out);
    const chunks = Array.from({ length: 200 }, (_, i) => `chunk ${i} of the export;`);
    for (const chunk of chunks) await output.write(chunk);
    expect(received.join('')).toBe(chunks.join(''));
    expect(inner.listenerCount('drain')).toBe(1);
  });

  it('stops with OutputClosed once the output is closed while it waits', async () => {
    const { out } = slowProxiedOutput();
    const output = new Backpressure(out);
    const writing = (async () => {
      for (let i = 0; ; i++) await output.write(`chunk ${i} of a long export;`);
    })();
    setTimeout(() => out.destroy(), 20);
    await expect(writing).rejects.toBeInstanceOf(OutputClosed);
  });
});
