import { progress } from './progress.js';

function fakeStream(isTTY: boolean): { write: (t: string) => void; isTTY: boolean; out: string[] } {
  const out: string[] = [];
  return { write: (t: string) => void out.push(t), isTTY, out };
}

describe('progress', () => {
  it('redraws one bar in place on a terminal, at most once per interval', () => {
    const stream = fakeStream(true);
    let clock = 0;
    const p = progress('Importing', 200, { stream, now: () => clock });
    p.update(50);
    p.update(60); // too soon: skipped
    clock = 500;
    p.update(100);
    p.finish('done');
    expect(stream.out).toEqual([
      '\rImporting [########----------------------] 25% 50/200',
      '\rImporting [###############---------------] 50% 100/200',
      '\rImporting [##############################] 100% 200/200 done\n',
    ]);
  });

  it('prints a few plain lines without a terminal, and nothing for small work', () => {
    const stream = fakeStream(false);
    const p = progress('Exporting', 4000, { stream });
    for (let done = 0; done <= 4000; done += 100) p.update(done);
    p.finish('4000 rows');
    expect(stream.out).toEqual([
      'Exporting: 1000/4000 (25%)\n',
      'Exporting: 2000/4000 (50%)\n',
      'Exporting: 3000/4000 (75%)\n',
      'Exporting: 4000/4000 (100%)\n',
      'Exporting: 4000 rows\n',
    ]);

    const small = fakeStream(false);
    const q = progress('Exporting', 10, { stream: small });
    q.update(10);
    q.finish('10 rows');
    expect(small.out).toEqual([]);
  });

  it('jumps over several steps at once with one line', () => {
    const stream = fakeStream(false);
    const p = progress('Checking', 2000, { stream });
    p.update(1600);
    p.update(2000);
    expect(stream.out).toEqual(['Checking: 1600/2000 (75%)\n', 'Checking: 2000/2000 (100%)\n']);
  });
});
