import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isPostgres } from '../dialect.js';
import { StatusTotals1796500000000 } from './1796500000000-StatusTotals.js';
import { ThemeStatusTotals1796800000000 } from './1796800000000-ThemeStatusTotals.js';

/**
 * The status totals (of everything, and by theme) kept in buckets, summed when read.
 *
 * Before, every write's triggers updated the same few rows (one per status), so on PostgreSQL
 * every transaction that moved a pair waited for every other one to commit, and two transactions
 * moving pairs between the same statuses in opposite directions deadlocked. Now each row of a
 * total is one bucket's share: a transaction that changes totals takes a bucket of its own for
 * its whole length (the first free one, by a transaction-level advisory lock, remembered in a
 * transaction-local setting), and writes only that bucket's rows. No two transactions write the
 * same totals row at once, so they never wait for each other there, and readers sum the buckets
 * (a bucket's share may be negative: a pair counted in one bucket may leave from another). With
 * every bucket taken, a transaction waits for one.
 *
 * SQLite keeps one bucket (0): it has one writer at a time for the whole file, so there is no row
 * to contend for, and the same reads (a sum over buckets) give the same figures. Its triggers
 * are the ones before, keyed by bucket too, and skip updates that change neither the status nor
 * the scope (an assessment dated before the current one).
 *
 * Reversible: down() puts back the tables and triggers of StatusTotals and ThemeStatusTotals,
 * counted afresh.
 */

/** Buckets per total on PostgreSQL: more than the transactions that write at once. */
const BUCKETS = 32;
/** The advisory lock class of the buckets (the first of two int4 keys; the bucket is the second). */
const BUCKET_LOCK_CLASS = 729_540_003;

export class StatusTotalsInBuckets1797300000000 implements MigrationInterface {
  name = 'StatusTotalsInBuckets1797300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = isPostgres(queryRunner);
    await new ThemeStatusTotals1796800000000().down(queryRunner);
    await new StatusTotals1796500000000().down(queryRunner);
    const yes = postgres ? 'true' : '1';
    await queryRunner.query(
      `CREATE TABLE "pair_status_totals" (
        "status" varchar(32) NOT NULL,
        "bucket" integer NOT NULL,
        "n" integer NOT NULL,
        PRIMARY KEY ("status", "bucket")
      )`,
    );
    await queryRunner.query(
      `CREATE TABLE "theme_status_totals" (
        "theme_id" integer NOT NULL REFERENCES "themes" ("id") ON DELETE CASCADE,
        "status" varchar(32) NOT NULL,
        "bucket" integer NOT NULL,
        "n" integer NOT NULL,
        PRIMARY KEY ("theme_id", "status", "bucket")
      )`,
    );
    await queryRunner.query(
      `INSERT INTO "pair_status_totals" ("status", "bucket", "n")
       SELECT "status", 0, COUNT(*) FROM "current_statuses" WHERE "in_scope" = ${yes} GROUP BY "status"`,
    );
    await queryRunner.query(
      `INSERT INTO "theme_status_totals" ("theme_id", "status", "bucket", "n")
       SELECT rt."theme_id", p."status", 0, COUNT(*)
       FROM "recommendation_themes" rt
       JOIN "current_statuses" p ON p."recommendation_id" = rt."recommendation_id"
       WHERE p."in_scope" = ${yes}
       GROUP BY rt."theme_id", p."status"`,
    );
    if (postgres) await this.triggersPostgres(queryRunner);
    else await this.triggersSqlite(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) {
      await queryRunner.query(
        `DROP TRIGGER "tr_recommendation_themes_theme_totals" ON "recommendation_themes"`,
      );
      await queryRunner.query(
        `DROP TRIGGER "tr_current_statuses_theme_totals" ON "current_statuses"`,
      );
      await queryRunner.query(`DROP TRIGGER "tr_current_statuses_totals" ON "current_statuses"`);
      await queryRunner.query(`DROP FUNCTION "theme_status_totals_link"()`);
      await queryRunner.query(`DROP FUNCTION "theme_status_totals_pair"()`);
      await queryRunner.query(`DROP FUNCTION "pair_status_totals_keep"()`);
      await queryRunner.query(`DROP FUNCTION "status_totals_bucket"()`);
    } else {
      for (const name of [
        'tr_current_statuses_totals_insert',
        'tr_current_statuses_totals_update',
        'tr_current_statuses_totals_delete',
        'tr_theme_totals_pair_insert',
        'tr_theme_totals_pair_update',
        'tr_theme_totals_pair_delete',
        'tr_theme_totals_link_insert',
        'tr_theme_totals_link_delete',
      ]) {
        await queryRunner.query(`DROP TRIGGER "${name}"`);
      }
    }
    await queryRunner.query(`DROP TABLE "theme_status_totals"`);
    await queryRunner.query(`DROP TABLE "pair_status_totals"`);
    await new StatusTotals1796500000000().up(queryRunner);
    await new ThemeStatusTotals1796800000000().up(queryRunner);
  }

  private async triggersPostgres(queryRunner: QueryRunner): Promise<void> {
    // The bucket of the current transaction: taken once, held to its end.
    await queryRunner.query(
      `CREATE FUNCTION "status_totals_bucket"() RETURNS integer LANGUAGE plpgsql AS $$
       DECLARE
         b integer := NULLIF(current_setting('rt.status_totals_bucket', true), '')::integer;
       BEGIN
         IF b IS NOT NULL THEN RETURN b; END IF;
         FOR k IN 0..${BUCKETS - 1} LOOP
           IF pg_try_advisory_xact_lock(${BUCKET_LOCK_CLASS}, k) THEN b := k; EXIT; END IF;
         END LOOP;
         IF b IS NULL THEN
           b := pg_backend_pid() % ${BUCKETS};
           PERFORM pg_advisory_xact_lock(${BUCKET_LOCK_CLASS}, b);
         END IF;
         PERFORM set_config('rt.status_totals_bucket', b::text, true);
         RETURN b;
       END $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION "pair_status_totals_keep"() RETURNS trigger LANGUAGE plpgsql AS $$
       DECLARE b integer;
       BEGIN
         IF TG_OP = 'UPDATE' AND OLD."status" = NEW."status" AND OLD."in_scope" = NEW."in_scope" THEN
           RETURN NULL;
         END IF;
         b := "status_totals_bucket"();
         IF TG_OP IN ('UPDATE', 'DELETE') AND OLD."in_scope" THEN
           INSERT INTO "pair_status_totals" ("status", "bucket", "n") VALUES (OLD."status", b, -1)
           ON CONFLICT ("status", "bucket") DO UPDATE SET "n" = "pair_status_totals"."n" - 1;
         END IF;
         IF TG_OP IN ('INSERT', 'UPDATE') AND NEW."in_scope" THEN
           INSERT INTO "pair_status_totals" ("status", "bucket", "n") VALUES (NEW."status", b, 1)
           ON CONFLICT ("status", "bucket") DO UPDATE SET "n" = "pair_status_totals"."n" + 1;
         END IF;
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_current_statuses_totals" AFTER INSERT OR DELETE OR UPDATE OF "status", "in_scope"
       ON "current_statuses" FOR EACH ROW EXECUTE FUNCTION "pair_status_totals_keep"()`,
    );
    await queryRunner.query(
      `CREATE FUNCTION "theme_status_totals_pair"() RETURNS trigger LANGUAGE plpgsql AS $$
       DECLARE b integer;
       BEGIN
         IF TG_OP = 'UPDATE' AND OLD."status" = NEW."status" AND OLD."in_scope" = NEW."in_scope" THEN
           RETURN NULL;
         END IF;
         b := "status_totals_bucket"();
         IF TG_OP IN ('UPDATE', 'DELETE') AND OLD."in_scope" THEN
           INSERT INTO "theme_status_totals" ("theme_id", "status", "bucket", "n")
           SELECT rt."theme_id", OLD."status", b, -1 FROM "recommendation_themes" rt
           WHERE rt."recommendation_id" = OLD."recommendation_id"
           ON CONFLICT ("theme_id", "status", "bucket") DO UPDATE SET "n" = "theme_status_totals"."n" - 1;
         END IF;
         IF TG_OP IN ('INSERT', 'UPDATE') AND NEW."in_scope" THEN
           INSERT INTO "theme_status_totals" ("theme_id", "status", "bucket", "n")
           SELECT rt."theme_id", NEW."status", b, 1 FROM "recommendation_themes" rt
           WHERE rt."recommendation_id" = NEW."recommendation_id"
           ON CONFLICT ("theme_id", "status", "bucket") DO UPDATE SET "n" = "theme_status_totals"."n" + 1;
         END IF;
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_current_statuses_theme_totals"
       AFTER INSERT OR DELETE OR UPDATE OF "status", "in_scope" ON "current_statuses"
       FOR EACH ROW EXECUTE FUNCTION "theme_status_totals_pair"()`,
    );
    // A theme given to or taken from a recommendation: all its pairs at once. A theme being
    // deleted takes its totals with it (the foreign key cascades), so nothing is counted for it.
    await queryRunner.query(
      `CREATE FUNCTION "theme_status_totals_link"() RETURNS trigger LANGUAGE plpgsql AS $$
       DECLARE
         b integer;
         theme integer;
         recommendation integer;
         delta integer;
       BEGIN
         IF TG_OP = 'DELETE' THEN
           IF NOT EXISTS (SELECT 1 FROM "themes" WHERE "id" = OLD."theme_id") THEN RETURN NULL; END IF;
           theme := OLD."theme_id"; recommendation := OLD."recommendation_id"; delta := -1;
         ELSE
           theme := NEW."theme_id"; recommendation := NEW."recommendation_id"; delta := 1;
         END IF;
         b := "status_totals_bucket"();
         INSERT INTO "theme_status_totals" ("theme_id", "status", "bucket", "n")
         SELECT theme, "status", b, delta * COUNT(*) FROM "current_statuses"
         WHERE "recommendation_id" = recommendation AND "in_scope"
         GROUP BY "status"
         ON CONFLICT ("theme_id", "status", "bucket") DO UPDATE SET "n" = "theme_status_totals"."n" + EXCLUDED."n";
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_recommendation_themes_theme_totals"
       AFTER INSERT OR DELETE ON "recommendation_themes"
       FOR EACH ROW EXECUTE FUNCTION "theme_status_totals_link"()`,
    );
  }

  private async triggersSqlite(queryRunner: QueryRunner): Promise<void> {
    const changed = `OLD."status" IS NOT NEW."status" OR OLD."in_scope" IS NOT NEW."in_scope"`;
    /** Adds (1) or takes (-1) a pair of `row` to the total of its status, when `when` holds. */
    const count = (row: 'OLD' | 'NEW', delta: 1 | -1, when: string) =>
      `INSERT INTO "pair_status_totals" ("status", "bucket", "n")
       SELECT ${row}."status", 0, ${delta} WHERE ${when}
       ON CONFLICT ("status", "bucket") DO UPDATE SET "n" = "n" + ${delta};`;
    await queryRunner.query(
      `CREATE TRIGGER "tr_current_statuses_totals_insert" AFTER INSERT ON "current_statuses"
       WHEN NEW."in_scope"
       BEGIN ${count('NEW', 1, '1')} END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_current_statuses_totals_update" AFTER UPDATE OF "status", "in_scope" ON "current_statuses"
       WHEN ${changed}
       BEGIN ${count('OLD', -1, 'OLD."in_scope"')} ${count('NEW', 1, 'NEW."in_scope"')} END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_current_statuses_totals_delete" AFTER DELETE ON "current_statuses"
       WHEN OLD."in_scope"
       BEGIN ${count('OLD', -1, '1')} END`,
    );
    /** Adds (1) or takes (-1) a pair of `row` to each theme of its recommendation, when `when` holds. */
    const themed = (row: 'OLD' | 'NEW', delta: 1 | -1, when: string) =>
      `INSERT INTO "theme_status_totals" ("theme_id", "status", "bucket", "n")
       SELECT rt."theme_id", ${row}."status", 0, ${delta} FROM "recommendation_themes" rt
       WHERE ${when} AND rt."recommendation_id" = ${row}."recommendation_id"
       ON CONFLICT ("theme_id", "status", "bucket") DO UPDATE SET "n" = "n" + ${delta};`;
    await queryRunner.query(
      `CREATE TRIGGER "tr_theme_totals_pair_insert" AFTER INSERT ON "current_statuses"
       BEGIN ${themed('NEW', 1, 'NEW."in_scope"')} END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_theme_totals_pair_update" AFTER UPDATE OF "status", "in_scope" ON "current_statuses"
       WHEN ${changed}
       BEGIN ${themed('OLD', -1, 'OLD."in_scope"')} ${themed('NEW', 1, 'NEW."in_scope"')} END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_theme_totals_pair_delete" AFTER DELETE ON "current_statuses"
       BEGIN ${themed('OLD', -1, 'OLD."in_scope"')} END`,
    );
    /** A theme given to (1) or taken from (-1) a recommendation: all its pairs at once. */
    const linked = (row: 'OLD' | 'NEW', delta: 1 | -1) =>
      `INSERT INTO "theme_status_totals" ("theme_id", "status", "bucket", "n")
       SELECT ${row}."theme_id", p."status", 0, ${delta} * COUNT(*) FROM "current_statuses" p
       WHERE p."recommendation_id" = ${row}."recommendation_id" AND p."in_scope"
         AND EXISTS (SELECT 1 FROM "themes" WHERE "id" = ${row}."theme_id")
       GROUP BY p."status"
       ON CONFLICT ("theme_id", "status", "bucket") DO UPDATE SET "n" = "n" + excluded."n";`;
    await queryRunner.query(
      `CREATE TRIGGER "tr_theme_totals_link_insert" AFTER INSERT ON "recommendation_themes"
       BEGIN ${linked('NEW', 1)} END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_theme_totals_link_delete" AFTER DELETE ON "recommendation_themes"
       BEGIN ${linked('OLD', -1)} END`,
    );
  }
}
