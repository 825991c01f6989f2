/**
 * Prints the SQL that would bring a freshly migrated database in line with the entities, as a
 * migration class body. Empty output means entities and migrations agree.
 *
 *   npm run migration:generate -- AddSomething
 */
import { writeFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '../../src/database/data-source.js';

function quote(sql: string): string {
  return '`' + sql.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
}

async function main(): Promise<void> {
  const name = process.argv[2];
  const dataSource = new DataSource(dataSourceOptions(':memory:'));
  await dataSource.initialize();
  await runMigrations(dataSource);
  const sql = await dataSource.driver.createSchemaBuilder().log();
  await dataSource.destroy();
  if (sql.upQueries.length === 0) {
    console.log('Entities and migrations agree: nothing to generate.');
    return;
  }
  const up = sql.upQueries.map((q) => `    await queryRunner.query(${quote(q.query)});`);
  const down = sql.downQueries
    .reverse()
    .map((q) => `    await queryRunner.query(${quote(q.query)});`);
  if (!name) {
    console.log(up.join('\n'));
    return;
  }
  const stamp = Date.now();
  const className = `${name}${stamp}`;
  const file = `src/database/migrations/${stamp}-${name}.ts`;
  writeFileSync(
    file,
    `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${up.join('\n')}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${down.join('\n')}
  }
}
`,
  );
  console.log(`Wrote ${file}: add it to src/database/migrations/index.ts`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
