import { Role } from '../src/users/role.enum.js';
import { createTestApp, type Agent, type TestApp } from './utils/create-test-app.js';
import { BY_HAND, recordAssessment } from './utils/factories.js';

const CARICC = 'JEW-II.9';

/** The count shown beside a section's heading, e.g. "Never assessed (42)". */
function countOf(html: string, heading: string): number {
  const match = new RegExp(`${heading}[^<]*<span class='count'>\\((\\d+)\\)`).exec(html);
  if (!match) throw new Error(`No section "${heading}" on the page`);
  return Number(match[1]);
}

describe('My queue', () => {
  let t: TestApp;
  let admin: Agent;
  let analystApi: Agent;
  let analyst: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.api(Role.Admin);
    analystApi = await t.api(Role.Analyst, ['KAZ', 'KGZ']);
    analyst = await t.signIn(await t.user('queue.analyst', Role.Analyst, ['KAZ', 'KGZ']));
  });
  afterAll(() => t.close());

  it("lists the pairs of the analyst's States never assessed, and not others", async () => {
    const [{ n }] = await t.dataSource.query<{ n: number | string }[]>(
      `SELECT COUNT(*) AS n FROM current_statuses p JOIN states s ON s.id = p.state_id
       WHERE s.iso3 IN ('KAZ', 'KGZ') AND p.in_scope = ${t.postgres ? 'true' : '1'}`,
    );
    const page = await analyst.get('/queue').expect(200);
    expect(page.text).toContain('the States you may write for: KAZ, KGZ');
    expect(countOf(page.text, 'Never assessed')).toBe(Number(n));
    expect(page.text).not.toContain('Uzbekistan (UZB)');

    expect((await recordAssessment(analystApi, CARICC, 'KAZ', BY_HAND)).status).toBe(201);
    const after = await analyst.get('/queue').expect(200);
    expect(countOf(after.text, 'Never assessed')).toBe(Number(n) - 1);
  });

  it('lists a pair whose last assessment is older than the limit, shaded by age', async () => {
    expect(
      (await recordAssessment(analystApi, CARICC, 'KGZ', { assessedOn: '2015-03-01', ...BY_HAND }))
        .status,
    ).toBe(201);
    const page = await analyst.get('/queue').expect(200);
    expect(countOf(page.text, 'Not assessed for 24 months')).toBeGreaterThanOrEqual(1);
    expect(page.text).toMatch(/stale-age-\d+'>\s*<td[^>]*><a href='\/recommendations\/JEW-II.9'>/);
  });

  it('lists what someone else recorded on its pairs, not its own writes', async () => {
    const before = countOf((await analyst.get('/queue').expect(200)).text, 'Recorded by others');
    expect((await recordAssessment(admin, 'JEW-II.4', 'KAZ', BY_HAND)).status).toBe(201);
    expect((await recordAssessment(admin, 'JEW-II.4', 'UZB', BY_HAND)).status).toBe(201);
    const page = await analyst.get('/queue').expect(200);
    // The admin's write on KAZ counts; on UZB (not the analyst's) it does not.
    expect(countOf(page.text, 'Recorded by others')).toBe(before + 1);
  });

  it('is for those who record: a viewer may not open it', async () => {
    const viewer = await t.signIn(await t.user('queue.viewer', Role.Viewer));
    await viewer.get('/queue').expect(403);
  });
});
