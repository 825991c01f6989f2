import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { deflatedPart, deflatedZeros, zipArchive, zipBomb } from '../../test/utils/zip-archive.js';
import { readUpload } from './assessment-file.js';
import { checkUnpackedSize, DEFAULT_UNPACK_LIMITS, UnpackRefused } from './zip-inspection.js';

const MB = 1024 * 1024;

/** The most the heap and buffers grew while `work` ran, sampled every few milliseconds. */
async function growthDuring(work: () => Promise<unknown>): Promise<number> {
  const used = (): number => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const before = used();
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, used())), 5);
  try {
    await work();
  } catch {
    // the caller asserts on the outcome separately
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, used()) - before;
}

async function problemOf(buffer: Buffer, limits = DEFAULT_UNPACK_LIMITS): Promise<unknown> {
  try {
    await checkUnpackedSize(buffer, limits);
  } catch (err) {
    if (err instanceof UnpackRefused) return err.problem;
    throw err;
  }
  return null;
}

async function workbookBuffer(rows: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Assessments');
  sheet.addRow(['ref', 'iso3', 'status', 'assessedOn']);
  for (let i = 0; i < rows; i++) sheet.addRow(['JEW-II.9', 'KAZ', 'implemented', '2010-05-01']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('checkUnpackedSize (ZIP archives before exceljs reads them)', () => {
  let honestBomb: Buffer;
  let lyingBomb: Buffer;

  beforeAll(async () => {
    // 200 MB of zeros in about 200 KB: declared as such, and declared as 1 KB.
    honestBomb = await zipBomb(200 * MB);
    lyingBomb = await zipBomb(200 * MB, 1024);
    expect(honestBomb.length).toBeLessThan(MB);
  });

  it('lets a workbook exceljs wrote through, and measures what it unpacks to', async () => {
    const buffer = await workbookBuffer(1000);
    const unpacked = await checkUnpackedSize(buffer);
    expect(unpacked).toBeGreaterThan(buffer.length);
    expect(unpacked).toBeLessThan(MB);
  });

  it('refuses a bomb by its declared size, without unpacking it', async () => {
    let problem: unknown;
    const growth = await growthDuring(async () => (problem = await problemOf(honestBomb)));
    expect(problem).toEqual({ reason: 'tooLarge', entry: 'xl/worksheets/sheet1.xml' });
    expect(growth).toBeLessThan(100 * MB);
  });

  it('refuses parts that together declare more than the limit', async () => {
    const part = (n: number) => deflatedPart(`xl/media/image${n}.bin`, Buffer.alloc(30 * 1024));
    const buffer = zipArchive([part(1), part(2), part(3)]);
    await expect(
      problemOf(buffer, { ...DEFAULT_UNPACK_LIMITS, maxUnpackedBytes: 64 * 1024 }),
    ).resolves.toEqual({
      reason: 'tooLarge',
    });
  });

  it('refuses a bomb that declares less than it unpacks to, stopping as it passes the declared size', async () => {
    let problem: unknown;
    const growth = await growthDuring(async () => (problem = await problemOf(lyingBomb)));
    expect(problem).toEqual({ reason: 'sizeMismatch', entry: 'xl/worksheets/sheet1.xml' });
    expect(growth).toBeLessThan(100 * MB);
  });

  it('refuses a part under the size limit compressed far more than spreadsheet XML', async () => {
    const { data, crc } = await deflatedZeros(10 * MB);
    const buffer = zipArchive([
      { name: 'xl/worksheets/sheet1.xml', data, crc, declaredSize: 10 * MB },
    ]);
    await expect(problemOf(buffer)).resolves.toEqual({
      reason: 'ratio',
      entry: 'xl/worksheets/sheet1.xml',
      ratio: expect.any(Number),
    });
  });

  it('refuses an archive of too many parts', async () => {
    const parts = Array.from({ length: 11 }, (_, i) => deflatedPart(`part${i}.xml`, '<a/>'));
    await expect(
      problemOf(zipArchive(parts), { ...DEFAULT_UNPACK_LIMITS, maxEntries: 10 }),
    ).resolves.toEqual({ reason: 'tooManyEntries' });
  });

  it('reads sizes from a ZIP64 extra field as JSZip does', async () => {
    const content = '<worksheet/>'.repeat(1000);
    const buffer = zipArchive([
      { ...deflatedPart('xl/worksheets/sheet1.xml', content), zip64: true },
    ]);
    const zip = await JSZip.loadAsync(buffer);
    await expect(zip.file('xl/worksheets/sheet1.xml')?.async('string')).resolves.toBe(content);
    await expect(checkUnpackedSize(buffer)).resolves.toBe(content.length);
    await expect(
      problemOf(buffer, { ...DEFAULT_UNPACK_LIMITS, maxUnpackedBytes: content.length - 1 }),
    ).resolves.toEqual({ reason: 'tooLarge', entry: 'xl/worksheets/sheet1.xml' });
  });

  it('refuses what is not a ZIP archive, or one cut short', async () => {
    await expect(problemOf(Buffer.from('PK\u0003\u0004 not really'))).resolves.toEqual({
      reason: 'unreadable',
    });
    const buffer = await workbookBuffer(10);
    await expect(problemOf(buffer.subarray(0, buffer.length - 30))).resolves.toEqual({
      reason: 'unreadable',
    });
  });
});

describe('readUpload of an XLSX zip bomb', () => {
  it('refuses it naming the limit, before exceljs reads it', async () => {
    const bomb = await zipBomb(200 * MB);
    let error: unknown;
    const growth = await growthDuring(async () => {
      try {
        await readUpload(bomb, 'bomb.xlsx');
      } catch (err) {
        error = err;
      }
    });
    expect(error).toMatchObject({
      name: 'FileRefused',
      problems: [
        {
          line: 1,
          field: 'file',
          rule: 'unpackedSize',
          message: expect.stringContaining('bomb.xlsx would unpack to more than 50 MB'),
        },
      ],
    });
    expect(growth).toBeLessThan(100 * MB);
  });

  it('takes a lower limit when given one', async () => {
    const buffer = await workbookBuffer(5000);
    await expect(readUpload(buffer, 'book.xlsx', { maxUnpackedBytes: 100 * 1024 })).rejects.toThrow(
      'book.xlsx would unpack to more than 0.1 MB',
    );
    await expect(readUpload(buffer, 'book.xlsx')).resolves.toMatchObject({ format: 'xlsx' });
  });

  it('refuses a lying bomb as damaged', async () => {
    const bomb = await zipBomb(200 * MB, 1024);
    await expect(readUpload(bomb, 'liar.xlsx')).rejects.toThrow(
      /liar\.xlsx could not be read as an Excel \(XLSX\) workbook: part "xl\/worksheets\/sheet1\.xml" unpacks to more than the archive declares/,
    );
  });
});
