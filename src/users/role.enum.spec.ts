import { hasRole, Role, roleOptions } from './role.enum.js';

describe('roles', () => {
  it('ranks viewer below analyst below admin', () => {
    expect(hasRole(Role.Admin, Role.Analyst)).toBe(true);
    expect(hasRole(Role.Analyst, Role.Analyst)).toBe(true);
    expect(hasRole(Role.Analyst, Role.Admin)).toBe(false);
    expect(hasRole(Role.Viewer, Role.Analyst)).toBe(false);
    expect(hasRole(Role.Viewer, Role.Viewer)).toBe(true);
  });

  it('offers every role as a form option with the chosen one selected', () => {
    const options = roleOptions('analyst');
    expect(options.map((o) => o.value)).toEqual(['viewer', 'analyst', 'admin']);
    expect(options.filter((o) => o.selected).map((o) => o.value)).toEqual(['analyst']);
  });
});
