import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isPostgres } from '../dialect.js';

/**
 * A session's expiry (milliseconds since the epoch) as a 64-bit integer: PostgreSQL's `integer`
 * stops at 2^31. SQLite stores both alike; its table is rebuilt only to say so.
 */
export class SessionExpiry1796300000000 implements MigrationInterface {
  name = 'SessionExpiry1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) {
      await queryRunner.query(`ALTER TABLE "sessions" ALTER COLUMN "expires_at" TYPE bigint`);
      return;
    }
    await this.rebuildSqlite(queryRunner, 'bigint');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) {
      // Sessions past 2038 do not fit back: they are ended.
      await queryRunner.query(`DELETE FROM "sessions" WHERE "expires_at" > 2147483647`);
      await queryRunner.query(`ALTER TABLE "sessions" ALTER COLUMN "expires_at" TYPE integer`);
      return;
    }
    await this.rebuildSqlite(queryRunner, 'integer');
  }

  private async rebuildSqlite(queryRunner: QueryRunner, type: 'bigint' | 'integer'): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_sessions_expires_at"`);
    await queryRunner.query(`DROP INDEX "ix_sessions_user"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_sessions" (
        "sid" varchar(128) PRIMARY KEY NOT NULL,
        "user_id" integer,
        "data" text NOT NULL,
        "expires_at" ${type} NOT NULL,
        "created_at" datetime NOT NULL DEFAULT (datetime('now'))
      )`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_sessions" ("sid", "user_id", "data", "expires_at", "created_at")
       SELECT "sid", "user_id", "data", "expires_at", "created_at" FROM "sessions"`,
    );
    await queryRunner.query(`DROP TABLE "sessions"`);
    await queryRunner.query(`ALTER TABLE "temporary_sessions" RENAME TO "sessions"`);
    await queryRunner.query(`CREATE INDEX "ix_sessions_user" ON "sessions" ("user_id")`);
    await queryRunner.query(`CREATE INDEX "ix_sessions_expires_at" ON "sessions" ("expires_at")`);
  }
}
