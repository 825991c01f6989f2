import ExcelJS from 'exceljs';
import { Role } from '../src/users/role.enum.js';
import { createTestApp, type Agent, type TestApp } from './utils/create-test-app.js';
import { canMeasureMemory, watchMemory } from './utils/memory.js';
import { zipBomb } from './utils/zip-archive.js';

const MB = 1024 * 1024;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('Imports of XLSX workbooks that unpack to too much', () => {
  let t: TestApp;
  let analyst: Agent;
  let honestBomb: Buffer;
  let lyingBomb: Buffer;

  beforeAll(async () => {
    t = await createTestApp();
    analyst = await t.api(Role.Analyst);
    // 200 MB of zeros as the worksheet, in about 200 KB: declared, and declared as 1 KB.
    honestBomb = await zipBomb(200 * MB);
    lyingBomb = await zipBomb(200 * MB, 1024);
  });
  afterAll(() => t.close());

  const count = async (table: 'assessments' | 'imports'): Promise<number> => {
    const [{ n }] = await t.dataSource.query<{ n: number }[]>(`SELECT COUNT(*) AS n FROM ${table}`);
    return Number(n);
  };

  it('refuses a workbook that would unpack to more than 50 MB, naming the limit, and keeps nothing', async () => {
    const before = { imports: await count('imports'), assessments: await count('assessments') };
    const res = await analyst
      .post('/api/v1/imports')
      .attach('file', honestBomb, 'bomb.xlsx')
      .expect(400);
    expect(res.body.message).toContain(
      'bomb.xlsx would unpack to more than 50 MB, the most an import reads',
    );
    expect(res.body.errors).toEqual([
      expect.objectContaining({ line: 1, field: 'file', rule: 'unpackedSize' }),
    ]);
    expect(await count('imports')).toBe(before.imports);
    expect(await count('assessments')).toBe(before.assessments);
  });

  it('refuses one that lies about its size, sent as the raw body, and keeps nothing', async () => {
    const before = { imports: await count('imports'), assessments: await count('assessments') };
    const res = await analyst
      .post('/api/v1/imports?filename=liar.xlsx')
      .set('Content-Type', XLSX_TYPE)
      .send(lyingBomb)
      .expect(400);
    expect(res.body.message).toContain(
      'liar.xlsx could not be read as an Excel (XLSX) workbook: part "xl/worksheets/sheet1.xml" unpacks to more than the archive declares',
    );
    expect(await count('imports')).toBe(before.imports);
    expect(await count('assessments')).toBe(before.assessments);
  });

  it('survives several bombs at once, its memory growing by at most 64 MB, and still reads an ordinary workbook', async () => {
    // 800 MB of zeros in all, were they unpacked.
    const { result: answers, peak } = await watchMemory(() =>
      Promise.all(
        [honestBomb, lyingBomb, honestBomb, lyingBomb].map((bomb, i) =>
          analyst.post('/api/v1/imports').attach('file', bomb, `bomb${i}.xlsx`),
        ),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual([400, 400, 400, 400]);
    if (canMeasureMemory) expect(peak.appGrowthMb).toBeLessThanOrEqual(64);

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Data');
    sheet.addRow(['ref', 'iso3', 'status', 'assessedOn']);
    sheet.addRow(['JEW-II.10', 'KAZ', 'implemented', '2009-07-01']);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const res = await analyst
      .post('/api/v1/imports')
      .attach('file', buffer, 'book.xlsx')
      .expect(201);
    expect(res.body.changes).toEqual([
      expect.objectContaining({ line: 2, status: 'implemented', assessedOn: '2009-07-01' }),
    ]);
  });
});
