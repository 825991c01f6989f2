import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, ROOT } from './utils/build.js';
import { startServer } from './utils/server-process.js';

/** What a production install is made of: the build, the templates, the reference data, the lockfile. */
const SHIPPED = [
  'dist/src',
  'views',
  'src/reference-data/data',
  'package.json',
  'package-lock.json',
];

/**
 * The packages of the production tree that build or run something on install, and how this
 * test stands in for it. The native modules are compiled by `npm ci` (sqlite3 takes minutes on
 * two cores): here the install runs without scripts and they get the binaries already compiled
 * for this machine in the project's own node_modules, which is what the compilation would make.
 * A new package with an install step fails this test until it is listed here.
 */
const INSTALL_STEPS: Record<string, string[] | null> = {
  sqlite3: ['build/Release/node_sqlite3.node'],
  argon2: ['build/Release/argon2.node'],
  // Usage analytics of a dependency: nothing the app needs.
  '@scarf/scarf': null,
};

/** Every package of a node_modules tree, by name, with its folder. */
function packagesIn(dir: string): { name: string; path: string }[] {
  const found: { name: string; path: string }[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.name.startsWith('@')) {
      found.push(...packagesIn(path));
      continue;
    }
    if (existsSync(join(path, 'package.json'))) {
      const { name } = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8')) as {
        name: string;
      };
      found.push({ name, path });
    }
    if (existsSync(join(path, 'node_modules')))
      found.push(...packagesIn(join(path, 'node_modules')));
  }
  return found;
}

function hasInstallStep(path: string): boolean {
  const { scripts = {} } = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  return (
    ['preinstall', 'install', 'postinstall'].some((s) => scripts[s] !== undefined) ||
    existsSync(join(path, 'binding.gyp'))
  );
}

/**
 * The app as it is installed on a server: the shipped files in a folder of their own,
 * `npm ci --omit=dev` (no compiler, no test tool, nothing of the dev dependencies), then the
 * documented start command, `npm start`, which must not build.
 */
describe('Production install', () => {
  let dir: string;

  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'rt-production-'));
    for (const path of SHIPPED) cpSync(join(ROOT, path), join(dir, path), { recursive: true });
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('npm ci --omit=dev, then npm start serves, ready', async () => {
    const install = spawnSync(
      'npm',
      ['ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'],
      { cwd: dir, encoding: 'utf8', timeout: 240_000 },
    );
    expect({ code: install.status, stderr: install.stderr }).toMatchObject({ code: 0 });
    const modules = join(dir, 'node_modules');
    // (TypeScript comes in all the same, as an optional peer of @nestjs/swagger.)
    for (const dev of ['jest', 'ts-jest', '@nestjs/testing', 'eslint', 'supertest', 'sass']) {
      expect(existsSync(join(modules, dev))).toBe(false);
    }

    const withSteps = [
      ...new Set(
        packagesIn(modules)
          .filter((p) => hasInstallStep(p.path))
          .map((p) => p.name),
      ),
    ].sort();
    expect(withSteps).toEqual(Object.keys(INSTALL_STEPS).sort());
    for (const [name, binaries] of Object.entries(INSTALL_STEPS)) {
      for (const binary of binaries ?? []) {
        mkdirSync(join(modules, name, binary, '..'), { recursive: true });
        cpSync(join(ROOT, 'node_modules', name, binary), join(modules, name, binary));
      }
    }

    // The command line loads every command.
    const help = spawnSync(process.execPath, ['dist/src/cli/main.js', '--help'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect({ code: help.status, stderr: help.stderr }).toEqual({ code: 0, stderr: '' });
    expect(help.stdout).toContain('backup');

    const server = await startServer({
      cwd: dir,
      env: { DATABASE_PATH: join(dir, 'data', 'db.sqlite') },
      command: { file: 'npm', args: ['start', '--silent'] },
      // npm runs the server as a child of a shell: the signal goes to all of them.
      group: true,
    });
    try {
      const ready = await fetch(`${server.url}/health/ready`);
      // (Were npm start to build first, it would have failed: no sources, no tsconfig here.)
      expect(ready.status).toBe(200);
    } finally {
      server.signal('SIGTERM');
      await server.exit;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await expect(fetch(`${server.url}/health/live`)).rejects.toThrow();
  }, 300_000);
});
