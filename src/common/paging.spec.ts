import { pagingView } from './paging.js';

describe('pagingView', () => {
  it('says which rows a page shows and links its neighbours, the page size kept unless 20', () => {
    expect(
      pagingView({ page: 2, pageSize: 10, total: 25, pages: 3 }, 10, '/events', { q: 'drug' }),
    ).toEqual({
      page: 2,
      pageSize: 10,
      total: 25,
      pages: 3,
      first: 11,
      last: 20,
      links: {
        previous: '/events?q=drug&pageSize=10&page=1',
        next: '/events?q=drug&pageSize=10&page=3',
      },
    });
    const last = pagingView({ page: 2, pageSize: 20, total: 25, pages: 2 }, 5, '/states/KAZ', {
      asOf: undefined,
    });
    expect([last.first, last.last, last.links]).toEqual([
      21,
      25,
      { previous: '/states/KAZ?page=1', next: null },
    ]);
  });
});
