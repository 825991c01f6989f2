/**
 * Reads the rows of many ids a batch at a time and answers them all, in batch order: one query
 * per batch, each with fewer parameters than the database allows (SQLite: 32,766).
 */
export async function loadInBatches<T>(
  ids: readonly number[],
  load: (batch: number[]) => Promise<T[]>,
  size = 1_000,
): Promise<T[]> {
  const rows: T[] = [];
  for (let i = 0; i < ids.length; i += size) rows.push(...(await load(ids.slice(i, i + size))));
  return rows;
}
