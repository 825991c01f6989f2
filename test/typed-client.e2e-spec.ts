import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { projectRoot } from '../src/common/project-root.js';
import { Role } from '../src/users/role.enum.js';
import { createTestApp, type TestApp } from './utils/create-test-app.js';

/**
 * A client generated from the served OpenAPI document (openapi-typescript, openapi-fetch)
 * compiles under strict TypeScript and works against the server: what a team writing a client
 * does first. The generator, the compiler and the client run in processes of their own (the
 * generator does not load under Jest's ES modules).
 */
describe('A typed client generated from the OpenAPI document', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    // Inside the project, so that the client finds openapi-fetch in its node_modules.
    const cache = join(projectRoot(), 'node_modules', '.cache');
    mkdirSync(cache, { recursive: true });
    dir = mkdtempSync(join(cache, 'typed-client-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  const run = (args: string[]): string =>
    execFileSync(process.execPath, args, { cwd: dir, encoding: 'utf8', stdio: 'pipe' });

  it('generates, type-checks strictly and runs: lists, reads a pair, records, and is told a version is stale', async () => {
    const token = await t.token(Role.Analyst);
    const doc = (await (await t.api(Role.Viewer)).get('/api/docs/openapi.json').expect(200)).body;
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(doc));
    run([
      '--input-type=module',
      '-e',
      `import { readFileSync, writeFileSync } from 'node:fs';
       import openapiTS, { astToString } from 'openapi-typescript';
       const ast = await openapiTS(JSON.parse(readFileSync('openapi.json', 'utf8')));
       writeFileSync('api.ts', astToString(ast));`,
    ]);
    copyFileSync(join(projectRoot(), 'test', 'typed-client', 'client.ts'), join(dir, 'client.ts'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2023',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          noUncheckedIndexedAccess: true,
          skipLibCheck: true,
          types: ['node'],
          typeRoots: [join(projectRoot(), 'node_modules', '@types')],
          outDir: 'out',
        },
        files: ['client.ts', 'api.ts'],
      }),
    );
    const tsc = join(projectRoot(), 'node_modules', 'typescript', 'bin', 'tsc');
    try {
      run([tsc, '-p', 'tsconfig.json']);
    } catch (err) {
      throw new Error(`The typed client does not compile:\n${(err as { stdout: string }).stdout}`, {
        cause: err,
      });
    }
    const port = ((t.app.getHttpServer() as Server).address() as AddressInfo).port;
    // Not a blocking child: the server answering it lives in this process.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join('out', 'client.js'), `http://127.0.0.1:${port}`, token],
      { cwd: dir, encoding: 'utf8' },
    );
    const said = JSON.parse(stdout) as Record<string, unknown>;
    expect(said).toMatchObject({
      refs: ['JEW-II.9', 'JEW-IV.7'],
      next: null,
      becameCurrent: true,
      status: 'mostly_implemented',
      location: '/api/v1/recommendations/JEW-III.1/states/KAZ/assessments',
      staleStatus: 409,
      problem: 'urn:recommendation-tracker:problem:stale-version',
    });
    expect(said.newVersion).toBe((said.version as number) + 1);
  });
});
