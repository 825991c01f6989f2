import type { HelperDelegate } from 'handlebars';

/** Formats a share (0..1) as a whole percentage; a dash where there is no figure. */
export function percent(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value) ? `${Math.round(value * 100)}%` : '–';
}

export function eq(a: unknown, b: unknown): boolean {
  return a === b;
}

export const HELPERS: Record<string, HelperDelegate> = {
  percent: (value: unknown) => percent(value),
  eq: (a: unknown, b: unknown) => eq(a, b),
  gt: (a: unknown, b: unknown) => Number(a) > Number(b),
  /** Any of the arguments is truthy (the last argument is Handlebars' options). */
  or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
};

export function registerHelpers(handlebars: {
  registerHelper(name: string, fn: HelperDelegate): void;
}): void {
  for (const [name, fn] of Object.entries(HELPERS)) handlebars.registerHelper(name, fn);
}
