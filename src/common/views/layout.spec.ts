import type { UserLocals } from '../../auth/auth.guard.js';
import { Role } from '../../users/role.enum.js';
import { navigationFor } from './layout.js';

const user = (role: Role): UserLocals => ({
  name: 'u',
  displayName: 'U',
  role,
  isAdmin: role === Role.Admin,
  canWrite: role !== Role.Viewer,
  states: [],
});

const links = (path: string, role: Role): string[] =>
  navigationFor(path, user(role)).flatMap((g) => g.items.map((i) => i.text));
const current = (path: string): string[] =>
  navigationFor(path, user(Role.Admin)).flatMap((g) =>
    g.items.filter((i) => i.current).map((i) => `${i.text}:${i.current}`),
  );

describe('navigationFor', () => {
  it('shows no navigation to someone not signed in', () => {
    expect(navigationFor('/', undefined)).toEqual([]);
  });

  it('groups the links and shows each role only what it may use', () => {
    expect(navigationFor('/', user(Role.Admin)).map((g) => g.name)).toEqual([
      'Work',
      'Look up',
      'Admin',
    ]);
    expect(links('/', Role.Viewer)).not.toContain('Bulk update');
    expect(links('/', Role.Viewer)).not.toContain('Users');
    expect(links('/', Role.Analyst)).toEqual(expect.arrayContaining(['Bulk update', 'Import']));
    expect(links('/', Role.Analyst)).not.toContain('Audit log');
    expect(links('/', Role.Analyst)).not.toContain('Measures');
    expect(links('/', Role.Admin)).toEqual(
      expect.arrayContaining(['Users', 'Measures', 'API tokens', 'Audit log']),
    );
  });

  it("marks the page's own link as the page and a section's link as current", () => {
    expect(current('/')).toEqual(['Dashboard:page']);
    expect(current('/recommendations')).toEqual(['Recommendations:page']);
    expect(current('/recommendations/JEW-II.9/states/KAZ')).toEqual(['Recommendations:true']);
    expect(current('/imports/new')).toEqual(['Import:page']);
    expect(current('/imports/12')).toEqual(['Import:true']);
    expect(current('/admin/users/someone')).toEqual(['Users:true']);
    expect(current('/admin/measures/JEW-II.4')).toEqual(['Measures:true']);
    expect(current('/no-such-page')).toEqual([]);
  });
});
