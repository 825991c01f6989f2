import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isPostgres } from '../dialect.js';

/** States, organisations, themes, events and their sessions, recommendations, tracked pairs and assessments. */
export class InitialSchema1795400000000 implements MigrationInterface {
  name = 'InitialSchema1795400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) return this.upPostgres(queryRunner);
    await queryRunner.query(
      `CREATE TABLE "states" (
        "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
        "iso3" varchar(3) NOT NULL,
        "iso2" varchar(2) NOT NULL,
        "iso_numeric" varchar(3) NOT NULL,
        "name" varchar(120) NOT NULL,
        "group" varchar(32) NOT NULL,
        CONSTRAINT "UQ_386b95acc260073495ee88a089d" UNIQUE ("iso3"),
        CONSTRAINT "UQ_dd699d04b4433636f3c58f44842" UNIQUE ("iso2")
      )`,
    );
    await queryRunner.query(
      `CREATE TABLE "themes" (
        "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
        "slug" varchar(64) NOT NULL,
        "title" varchar(200) NOT NULL,
        CONSTRAINT "UQ_0334884c335ef967c5dcff304f5" UNIQUE ("slug")
      )`,
    );
    await queryRunner.query(
      `CREATE TABLE "organisations" (
        "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
        "acronym" varchar(32) NOT NULL,
        "name" varchar(200) NOT NULL,
        "parent_id" integer,
        CONSTRAINT "UQ_25ee3d46003c03a47631bb692dc" UNIQUE ("acronym"),
        CONSTRAINT "FK_41f1cc89689b55aede50d36d0ce" FOREIGN KEY ("parent_id") REFERENCES "organisations" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`,
    );
    await queryRunner.query(
      `CREATE TABLE "events" (
        "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
        "slug" varchar(100) NOT NULL,
        "title" varchar(300) NOT NULL,
        "kind" varchar(20) NOT NULL,
        "start_date" date,
        "end_date" date,
        "published_on" date,
        "venue" varchar(300),
        "city" varchar(100),
        "country_id" integer,
        "summary" text,
        "source" varchar(300),
        "participants_count" integer,
        "participating_states_note" text,
        "audience" text NOT NULL,
        "tags" text NOT NULL,
        CONSTRAINT "UQ_05bd884c03d3f424e2204bd14cd" UNIQUE ("slug"),
        CONSTRAINT "FK_17056b92b44805255925fb80ab7" FOREIGN KEY ("country_id") REFERENCES "states" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`,
    );
    await queryRunner.query(
      `CREATE TABLE "event_sessions" (
        "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
        "event_id" integer NOT NULL,
        "number" varchar(10) NOT NULL,
        "title" varchar(300) NOT NULL,
        "position" integer NOT NULL,
        CONSTRAINT "uq_event_sessions_event_number" UNIQUE ("event_id", "number"),
        CONSTRAINT "FK_58ce48ffbbdb12454db743d6cb0" FOREIGN KEY ("event_id") REFERENCES "events" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`,
    );
    await queryRunner.query(
      `CREATE TABLE "recommendations" (
        "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
        "ref" varchar(40) NOT NULL,
        "event_id" integer NOT NULL,
        "session_id" integer,
        "position" integer NOT NULL,
        "title" varchar(200) NOT NULL,
        "text" text NOT NULL,
        "addressee" varchar(40) NOT NULL,
        "version" integer NOT NULL DEFAULT (1),
        "created_at" datetime NOT NULL DEFAULT (datetime('now')),
        "updated_at" datetime NOT NULL DEFAULT (datetime('now')),
        CONSTRAINT "UQ_aa2c6a4b447a05cebc07a4e22a2" UNIQUE ("ref"),
        CONSTRAINT "FK_bd0d03fddf5a45c7ad459a200c2" FOREIGN KEY ("event_id") REFERENCES "events" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "FK_4a0b360d4032dd9a2bf18038c5a" FOREIGN KEY ("session_id") REFERENCES "event_sessions" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`,
    );
    await queryRunner.query(
      `CREATE TABLE "current_statuses" (
        "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
        "recommendation_id" integer NOT NULL,
        "state_id" integer,
        "organisation_id" integer,
        "in_scope" boolean NOT NULL DEFAULT (1),
        "status" varchar(32) NOT NULL DEFAULT ('no_information'),
        "assessed_on" date,
        "assessment_id" integer,
        "version" integer NOT NULL DEFAULT (1),
        "updated_at" datetime NOT NULL DEFAULT (datetime('now')),
        CONSTRAINT "uq_current_statuses_recommendation_organisation" UNIQUE ("recommendation_id", "organisation_id"),
        CONSTRAINT "uq_current_statuses_recommendation_state" UNIQUE ("recommendation_id", "state_id"),
        CONSTRAINT "ck_current_statuses_one_subject" CHECK (("state_id" IS NULL AND "organisation_id" IS NOT NULL) OR ("state_id" IS NOT NULL AND "organisation_id" IS NULL)),
        CONSTRAINT "FK_f17c852e5872b82c77e42fbcebb" FOREIGN KEY ("recommendation_id") REFERENCES "recommendations" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "FK_a5340a60dc732aef9a0d04063ec" FOREIGN KEY ("state_id") REFERENCES "states" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "FK_57fd37c98e5631750146debcd78" FOREIGN KEY ("organisation_id") REFERENCES "organisations" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_current_statuses_state" ON "current_statuses" ("state_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "assessments" (
        "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
        "pair_id" integer NOT NULL,
        "status" varchar(32) NOT NULL,
        "assessed_on" date NOT NULL,
        "note" text,
        "internal_note" text,
        "evidence_url" varchar(2000),
        "evidence_citation" varchar(1000),
        "author" varchar(200) NOT NULL,
        "recorded_at" datetime NOT NULL DEFAULT (datetime('now')),
        CONSTRAINT "FK_5c2a736dd61734f9b3ca1558d3e" FOREIGN KEY ("pair_id") REFERENCES "current_statuses" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_assessments_recorded_at" ON "assessments" ("recorded_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_assessments_pair_assessed_on" ON "assessments" ("pair_id", "assessed_on", "id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "event_organisers" (
        "event_id" integer NOT NULL,
        "organisation_id" integer NOT NULL,
        CONSTRAINT "FK_a5a521bf106d97f8ac8dfc08f07" FOREIGN KEY ("event_id") REFERENCES "events" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
        CONSTRAINT "FK_f86444b8c858e57aa37d0a6e04b" FOREIGN KEY ("organisation_id") REFERENCES "organisations" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
        PRIMARY KEY ("event_id", "organisation_id")
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_a5a521bf106d97f8ac8dfc08f0" ON "event_organisers" ("event_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_f86444b8c858e57aa37d0a6e04" ON "event_organisers" ("organisation_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "event_participating_states" (
        "event_id" integer NOT NULL,
        "state_id" integer NOT NULL,
        CONSTRAINT "FK_f9c3af4eee155cbe50dad2620f9" FOREIGN KEY ("event_id") REFERENCES "events" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
        CONSTRAINT "FK_536e0f7895163415ce643b994d6" FOREIGN KEY ("state_id") REFERENCES "states" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
        PRIMARY KEY ("event_id", "state_id")
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_f9c3af4eee155cbe50dad2620f" ON "event_participating_states" ("event_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_536e0f7895163415ce643b994d" ON "event_participating_states" ("state_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "event_funders" (
        "event_id" integer NOT NULL,
        "state_id" integer NOT NULL,
        CONSTRAINT "FK_a74408e4daf532d78fef3b98301" FOREIGN KEY ("event_id") REFERENCES "events" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
        CONSTRAINT "FK_3e3edfa9e73a1ee48cc5b0d5958" FOREIGN KEY ("state_id") REFERENCES "states" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
        PRIMARY KEY ("event_id", "state_id")
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_a74408e4daf532d78fef3b9830" ON "event_funders" ("event_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_3e3edfa9e73a1ee48cc5b0d595" ON "event_funders" ("state_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "recommendation_themes" (
        "recommendation_id" integer NOT NULL,
        "theme_id" integer NOT NULL,
        CONSTRAINT "FK_a30b1dd4cebd597d95ff2d0b379" FOREIGN KEY ("recommendation_id") REFERENCES "recommendations" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
        CONSTRAINT "FK_adcc2dd7cfbd45abebca0fe5668" FOREIGN KEY ("theme_id") REFERENCES "themes" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
        PRIMARY KEY ("recommendation_id", "theme_id")
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_a30b1dd4cebd597d95ff2d0b37" ON "recommendation_themes" ("recommendation_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_adcc2dd7cfbd45abebca0fe566" ON "recommendation_themes" ("theme_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "recommendation_organisations" (
        "recommendation_id" integer NOT NULL,
        "organisation_id" integer NOT NULL,
        CONSTRAINT "FK_66bde69aa29a54a8b18260ff0e5" FOREIGN KEY ("recommendation_id") REFERENCES "recommendations" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
        CONSTRAINT "FK_c6c0673b6cadf02fedafecaa006" FOREIGN KEY ("organisation_id") REFERENCES "organisations" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
        PRIMARY KEY ("recommendation_id", "organisation_id")
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_66bde69aa29a54a8b18260ff0e" ON "recommendation_organisations" ("recommendation_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_c6c0673b6cadf02fedafecaa00" ON "recommendation_organisations" ("organisation_id")`,
    );

    // Assessments are history: the database itself refuses to change or remove one.
    await queryRunner.query(
      `CREATE TRIGGER "tr_assessments_no_update" BEFORE UPDATE ON "assessments"
       BEGIN SELECT RAISE(ABORT, 'assessments are append-only: record a new assessment instead'); END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_assessments_no_delete" BEFORE DELETE ON "assessments"
       BEGIN SELECT RAISE(ABORT, 'assessments are append-only: they cannot be deleted'); END`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) return this.downPostgres(queryRunner);
    await queryRunner.query(`DROP TRIGGER "tr_assessments_no_delete"`);
    await queryRunner.query(`DROP TRIGGER "tr_assessments_no_update"`);
    await queryRunner.query(`DROP TABLE "recommendation_organisations"`);
    await queryRunner.query(`DROP TABLE "recommendation_themes"`);
    await queryRunner.query(`DROP TABLE "event_funders"`);
    await queryRunner.query(`DROP TABLE "event_participating_states"`);
    await queryRunner.query(`DROP TABLE "event_organisers"`);
    await queryRunner.query(`DROP TABLE "assessments"`);
    await queryRunner.query(`DROP TABLE "current_statuses"`);
    await queryRunner.query(`DROP TABLE "recommendations"`);
    await queryRunner.query(`DROP TABLE "event_sessions"`);
    await queryRunner.query(`DROP TABLE "events"`);
    await queryRunner.query(`DROP TABLE "organisations"`);
    await queryRunner.query(`DROP TABLE "themes"`);
    await queryRunner.query(`DROP TABLE "states"`);
  }

  /**
   * PostgreSQL: the same tables, columns, constraint and index names as TypeORM describes the
   * entities there (serial ids, timestamps defaulting to now(), real booleans).
   */
  private async upPostgres(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "states" ("id" SERIAL NOT NULL, "iso3" character varying(3) NOT NULL, "iso2" character varying(2) NOT NULL, "iso_numeric" character varying(3) NOT NULL, "name" character varying(120) NOT NULL, "group" character varying(32) NOT NULL, CONSTRAINT "UQ_386b95acc260073495ee88a089d" UNIQUE ("iso3"), CONSTRAINT "UQ_dd699d04b4433636f3c58f44842" UNIQUE ("iso2"), CONSTRAINT "PK_09ab30ca0975c02656483265f4f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "themes" ("id" SERIAL NOT NULL, "slug" character varying(64) NOT NULL, "title" character varying(200) NOT NULL, CONSTRAINT "UQ_0334884c335ef967c5dcff304f5" UNIQUE ("slug"), CONSTRAINT "PK_ddbeaab913c18682e5c88155592" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "organisations" ("id" SERIAL NOT NULL, "acronym" character varying(32) NOT NULL, "name" character varying(200) NOT NULL, "parent_id" integer, CONSTRAINT "UQ_25ee3d46003c03a47631bb692dc" UNIQUE ("acronym"), CONSTRAINT "PK_7bf54cba378d5b2f1d4c10ef4df" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "events" ("id" SERIAL NOT NULL, "slug" character varying(100) NOT NULL, "title" character varying(300) NOT NULL, "kind" character varying(20) NOT NULL, "start_date" date, "end_date" date, "published_on" date, "venue" character varying(300), "city" character varying(100), "country_id" integer, "summary" text, "source" character varying(300), "participants_count" integer, "participating_states_note" text, "audience" text NOT NULL, "tags" text NOT NULL, CONSTRAINT "UQ_05bd884c03d3f424e2204bd14cd" UNIQUE ("slug"), CONSTRAINT "PK_40731c7151fe4be3116e45ddf73" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "event_sessions" ("id" SERIAL NOT NULL, "event_id" integer NOT NULL, "number" character varying(10) NOT NULL, "title" character varying(300) NOT NULL, "position" integer NOT NULL, CONSTRAINT "uq_event_sessions_event_number" UNIQUE ("event_id", "number"), CONSTRAINT "PK_dbe18de390df26f2dffc4ef3356" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "recommendations" ("id" SERIAL NOT NULL, "ref" character varying(40) NOT NULL, "event_id" integer NOT NULL, "session_id" integer, "position" integer NOT NULL, "title" character varying(200) NOT NULL, "text" text NOT NULL, "addressee" character varying(40) NOT NULL, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP NOT NULL DEFAULT now(), "updated_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "UQ_aa2c6a4b447a05cebc07a4e22a2" UNIQUE ("ref"), CONSTRAINT "PK_23a8d2db26db8cabb6ae9d6cd87" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "current_statuses" ("id" SERIAL NOT NULL, "recommendation_id" integer NOT NULL, "state_id" integer, "organisation_id" integer, "in_scope" boolean NOT NULL DEFAULT true, "status" character varying(32) NOT NULL DEFAULT 'no_information', "assessed_on" date, "assessment_id" integer, "version" integer NOT NULL DEFAULT '1', "updated_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "uq_current_statuses_recommendation_organisation" UNIQUE ("recommendation_id", "organisation_id"), CONSTRAINT "uq_current_statuses_recommendation_state" UNIQUE ("recommendation_id", "state_id"), CONSTRAINT "ck_current_statuses_one_subject" CHECK (("state_id" IS NULL AND "organisation_id" IS NOT NULL) OR ("state_id" IS NOT NULL AND "organisation_id" IS NULL)), CONSTRAINT "PK_942504fc49f7536c074e898871b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_current_statuses_state" ON "current_statuses" ("state_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "assessments" ("id" SERIAL NOT NULL, "pair_id" integer NOT NULL, "status" character varying(32) NOT NULL, "assessed_on" date NOT NULL, "note" text, "internal_note" text, "evidence_url" character varying(2000), "evidence_citation" character varying(1000), "author" character varying(200) NOT NULL, "recorded_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_a3442bd80a00e9111cefca57f6c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_assessments_recorded_at" ON "assessments" ("recorded_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_assessments_pair_assessed_on" ON "assessments" ("pair_id", "assessed_on", "id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "event_organisers" ("event_id" integer NOT NULL, "organisation_id" integer NOT NULL, CONSTRAINT "PK_b4117aeb0976e8dca69a8dc0867" PRIMARY KEY ("event_id", "organisation_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_a5a521bf106d97f8ac8dfc08f0" ON "event_organisers" ("event_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_f86444b8c858e57aa37d0a6e04" ON "event_organisers" ("organisation_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "event_participating_states" ("event_id" integer NOT NULL, "state_id" integer NOT NULL, CONSTRAINT "PK_e7a077cbd5f7bf90eab37b55564" PRIMARY KEY ("event_id", "state_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_f9c3af4eee155cbe50dad2620f" ON "event_participating_states" ("event_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_536e0f7895163415ce643b994d" ON "event_participating_states" ("state_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "event_funders" ("event_id" integer NOT NULL, "state_id" integer NOT NULL, CONSTRAINT "PK_3605ad023b4320c00d1205cd1c7" PRIMARY KEY ("event_id", "state_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_a74408e4daf532d78fef3b9830" ON "event_funders" ("event_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_3e3edfa9e73a1ee48cc5b0d595" ON "event_funders" ("state_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "recommendation_themes" ("recommendation_id" integer NOT NULL, "theme_id" integer NOT NULL, CONSTRAINT "PK_3552ec9e1028e7f74e0765658a4" PRIMARY KEY ("recommendation_id", "theme_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_a30b1dd4cebd597d95ff2d0b37" ON "recommendation_themes" ("recommendation_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_adcc2dd7cfbd45abebca0fe566" ON "recommendation_themes" ("theme_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "recommendation_organisations" ("recommendation_id" integer NOT NULL, "organisation_id" integer NOT NULL, CONSTRAINT "PK_edc9d4803e1054deff1372d29d2" PRIMARY KEY ("recommendation_id", "organisation_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_66bde69aa29a54a8b18260ff0e" ON "recommendation_organisations" ("recommendation_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_c6c0673b6cadf02fedafecaa00" ON "recommendation_organisations" ("organisation_id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "organisations" ADD CONSTRAINT "FK_41f1cc89689b55aede50d36d0ce" FOREIGN KEY ("parent_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "events" ADD CONSTRAINT "FK_17056b92b44805255925fb80ab7" FOREIGN KEY ("country_id") REFERENCES "states"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_sessions" ADD CONSTRAINT "FK_58ce48ffbbdb12454db743d6cb0" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "recommendations" ADD CONSTRAINT "FK_bd0d03fddf5a45c7ad459a200c2" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "recommendations" ADD CONSTRAINT "FK_4a0b360d4032dd9a2bf18038c5a" FOREIGN KEY ("session_id") REFERENCES "event_sessions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "current_statuses" ADD CONSTRAINT "FK_f17c852e5872b82c77e42fbcebb" FOREIGN KEY ("recommendation_id") REFERENCES "recommendations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "current_statuses" ADD CONSTRAINT "FK_a5340a60dc732aef9a0d04063ec" FOREIGN KEY ("state_id") REFERENCES "states"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "current_statuses" ADD CONSTRAINT "FK_57fd37c98e5631750146debcd78" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assessments" ADD CONSTRAINT "FK_5c2a736dd61734f9b3ca1558d3e" FOREIGN KEY ("pair_id") REFERENCES "current_statuses"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_organisers" ADD CONSTRAINT "FK_a5a521bf106d97f8ac8dfc08f07" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_organisers" ADD CONSTRAINT "FK_f86444b8c858e57aa37d0a6e04b" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_participating_states" ADD CONSTRAINT "FK_f9c3af4eee155cbe50dad2620f9" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_participating_states" ADD CONSTRAINT "FK_536e0f7895163415ce643b994d6" FOREIGN KEY ("state_id") REFERENCES "states"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_funders" ADD CONSTRAINT "FK_a74408e4daf532d78fef3b98301" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_funders" ADD CONSTRAINT "FK_3e3edfa9e73a1ee48cc5b0d5958" FOREIGN KEY ("state_id") REFERENCES "states"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "recommendation_themes" ADD CONSTRAINT "FK_a30b1dd4cebd597d95ff2d0b379" FOREIGN KEY ("recommendation_id") REFERENCES "recommendations"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "recommendation_themes" ADD CONSTRAINT "FK_adcc2dd7cfbd45abebca0fe5668" FOREIGN KEY ("theme_id") REFERENCES "themes"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "recommendation_organisations" ADD CONSTRAINT "FK_66bde69aa29a54a8b18260ff0e5" FOREIGN KEY ("recommendation_id") REFERENCES "recommendations"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "recommendation_organisations" ADD CONSTRAINT "FK_c6c0673b6cadf02fedafecaa006" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );

    // Assessments are history: the database itself refuses to change or remove one.
    await queryRunner.query(
      `CREATE FUNCTION "assessments_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'UPDATE' THEN
           RAISE EXCEPTION 'assessments are append-only: record a new assessment instead';
         END IF;
         RAISE EXCEPTION 'assessments are append-only: they cannot be deleted';
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_assessments_no_update" BEFORE UPDATE ON "assessments"
       FOR EACH ROW EXECUTE FUNCTION "assessments_append_only"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_assessments_no_delete" BEFORE DELETE ON "assessments"
       FOR EACH ROW EXECUTE FUNCTION "assessments_append_only"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_assessments_no_truncate" BEFORE TRUNCATE ON "assessments"
       FOR EACH STATEMENT EXECUTE FUNCTION "assessments_append_only"()`,
    );
  }

  private async downPostgres(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "recommendation_organisations"`);
    await queryRunner.query(`DROP TABLE "recommendation_themes"`);
    await queryRunner.query(`DROP TABLE "event_funders"`);
    await queryRunner.query(`DROP TABLE "event_participating_states"`);
    await queryRunner.query(`DROP TABLE "event_organisers"`);
    await queryRunner.query(`DROP TABLE "assessments"`);
    await queryRunner.query(`DROP FUNCTION "assessments_append_only"()`);
    await queryRunner.query(`DROP TABLE "current_statuses"`);
    await queryRunner.query(`DROP TABLE "recommendations"`);
    await queryRunner.query(`DROP TABLE "event_sessions"`);
    await queryRunner.query(`DROP TABLE "events"`);
    await queryRunner.query(`DROP TABLE "organisations"`);
    await queryRunner.query(`DROP TABLE "themes"`);
    await queryRunner.query(`DROP TABLE "states"`);
  }
}
