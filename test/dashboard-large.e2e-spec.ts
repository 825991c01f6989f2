import { Role } from '../src/users/role.enum.js';
import { createTestApp, type Agent, type TestApp } from './utils/create-test-app.js';
import { BY_HAND, recordAssessment } from './utils/factories.js';

/**
 * A large instance (here: above a threshold set low) shows today's figures at once and works
 * out the comparison, trend and breakdowns only when they are asked for.
 */
describe('The dashboard of a large instance', () => {
  let t: TestApp;
  let viewer: Agent;

  beforeAll(async () => {
    t = await createTestApp({ DASHBOARD_ANALYSIS_MAX_PAIRS: '100' });
    viewer = await t.signIn(await t.user('big.viewer', Role.Viewer));
    const admin = await t.api(Role.Admin);
    expect((await recordAssessment(admin, 'JEW-II.9', 'KAZ', BY_HAND)).status).toBe(201);
  });
  afterAll(() => t.close());

  it('shows the current figures and offers the analysis rather than running it', async () => {
    const page = await viewer.get('/').expect(200);
    expect(page.text).toContain('take a few seconds to work out');
    expect(page.text).not.toContain('What moved');
    const link = /href='(\/\?asOf=[\d-]+&amp;compareWith=[\d-]+)'/.exec(page.text);
    expect(link).not.toBeNull();

    const asked = await viewer.get(link![1].replace(/&amp;/g, '&')).expect(200);
    expect(asked.text).not.toContain('take a few seconds to work out');
    expect(asked.text).toContain('Figures as of');
  });
});
