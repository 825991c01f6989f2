import type { DataSource } from 'typeorm';
import { Theme } from './theme.entity.js';

/**
 * Every theme as a filter option (a handful: reference data), the given slug selected; with
 * `withRecommendations`, only the themes that some recommendation has (a report's choices).
 */
export async function themeOptions(
  dataSource: DataSource,
  selected: string | undefined,
  { withRecommendations = false }: { withRecommendations?: boolean } = {},
): Promise<{ value: string; label: string; selected: boolean }[]> {
  const qb = dataSource
    .getRepository(Theme)
    .createQueryBuilder('t')
    .select('t.slug', 'slug')
    .addSelect('t.title', 'title')
    .orderBy('t.title', 'ASC');
  if (withRecommendations) {
    qb.where('EXISTS (SELECT 1 FROM recommendation_themes rt WHERE rt.theme_id = t.id)');
  }
  const themes = await qb.getRawMany<{ slug: string; title: string }>();
  return themes.map((t) => ({ value: t.slug, label: t.title, selected: t.slug === selected }));
}
