/**
 * A small client of the API typed by openapi-typescript from the served OpenAPI document, with
 * openapi-fetch: lists recommendations, reads a pair, records an assessment. The contract test
 * (`test/typed-client.e2e-spec.ts`) generates `./api.ts` beside it, type-checks it strictly, and
 * runs it against the test server; it prints what it read as one JSON line.
 *
 *   node client.js <base URL> <API token>
 */
import createClient from 'openapi-fetch';
import type { paths } from './api.js';

const [base, token] = process.argv.slice(2);
const api = createClient<paths>({ baseUrl: base, headers: { Authorization: `Bearer ${token}` } });

const list = await api.GET('/api/v1/recommendations', {
  params: { query: { q: 'CARICC', pageSize: 5 } },
});
if (!list.data) throw new Error(`list: ${JSON.stringify(list.error)}`);
const refs: string[] = list.data.items.map((r) => r.ref);
const next: string | null = list.data.links.next;

const pair = { ref: 'JEW-III.1', iso3: 'KAZ' };
const read = await api.GET('/api/v1/recommendations/{ref}/states/{iso3}/assessments', {
  params: { path: pair },
});
if (!read.data) throw new Error(`read: ${JSON.stringify(read.error)}`);
const version: number = read.data.current.version;

const recorded = await api.POST('/api/v1/recommendations/{ref}/states/{iso3}/assessments', {
  params: { path: pair },
  body: {
    status: 'mostly_implemented',
    assessedOn: '2024-03-01',
    note: 'Recorded by the typed client',
    baseVersion: version,
  },
});
if (!recorded.data) throw new Error(`record: ${JSON.stringify(recorded.error)}`);

// A stale version: the error is the documented problem, typed.
const stale = await api.POST('/api/v1/recommendations/{ref}/states/{iso3}/assessments', {
  params: { path: pair },
  body: { status: 'implemented', assessedOn: '2024-04-01', baseVersion: version },
});
const problem: string | undefined = stale.error?.type;

console.log(
  JSON.stringify({
    refs,
    next,
    version,
    becameCurrent: recorded.data.becameCurrent,
    status: recorded.data.current.status,
    newVersion: recorded.data.current.version,
    location: recorded.response.headers.get('location'),
    staleStatus: stale.response.status,
    problem,
  }),
);
