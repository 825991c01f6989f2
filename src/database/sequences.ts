import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { isPostgres } from './dialect.js';

type Source = DataSource | EntityManager | QueryRunner;

/**
 * Moves every id sequence past the highest id of its table: to be called by every bulk load that
 * writes ids of its own (the synthetic data set, the demo data set), before it commits.
 *
 * On PostgreSQL a row inserted with its id leaves the column's sequence where it was, and the
 * next row inserted without one would take an id already used (a duplicate key on every write).
 * SQLite needs nothing: an INTEGER PRIMARY KEY takes the next id after the highest, and an
 * AUTOINCREMENT table's counter follows ids inserted by hand. Answers the sequences moved.
 */
export async function advanceSequences(source: Source): Promise<number> {
  if (!isPostgres(source)) return 0;
  const query = <T>(sql: string): Promise<T> =>
    (source as { query(sql: string): Promise<T> }).query(sql);
  // Every column of the schema whose default draws from a sequence it owns (serial, identity).
  const columns = await query<{ table_name: string; column_name: string }[]>(
    `SELECT c.relname AS table_name, a.attname AS column_name
     FROM pg_class c
     JOIN pg_namespace ns ON ns.oid = c.relnamespace
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     WHERE c.relkind = 'r' AND ns.nspname = current_schema()
       AND pg_get_serial_sequence(format('%I.%I', ns.nspname, c.relname), a.attname) IS NOT NULL
     ORDER BY c.relname`,
  );
  for (const { table_name: table, column_name: column } of columns) {
    const t = `"${table.replace(/"/g, '""')}"`;
    const c = `"${column.replace(/"/g, '""')}"`;
    // An empty table starts again at 1; otherwise the next id is one past the highest.
    await query(
      `SELECT setval(pg_get_serial_sequence('${t.replace(/'/g, "''")}', '${column.replace(/'/g, "''")}'),
                     COALESCE(MAX(${c}), 1), MAX(${c}) IS NOT NULL) FROM ${t}`,
    );
  }
  return columns.length;
}
