import type { DataSource } from 'typeorm';
import { Theme } from './theme.entity.js';

/** Every theme as a filter option (a handful: reference data), the given slug selected. */
export async function themeOptions(
  dataSource: DataSource,
  selected: string | undefined,
): Promise<{ value: string; label: string; selected: boolean }[]> {
  const themes = await dataSource
    .getRepository(Theme)
    .createQueryBuilder('t')
    .select('t.slug', 'slug')
    .addSelect('t.title', 'title')
    .orderBy('t.title', 'ASC')
    .getRawMany<{ slug: string; title: string }>();
  return themes.map((t) => ({ value: t.slug, label: t.title, selected: t.slug === selected }));
}
