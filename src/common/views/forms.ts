import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate } from 'class-validator';
import { flattenValidationErrors, type FieldProblem } from '../errors.js';

/** What a form template needs to show a field's message beside it. */
export interface FormErrors {
  /** field → first message. */
  byField: Record<string, string>;
  /** Every message, for the summary at the top of the form. */
  all: string[];
}

export function formErrors(problems: FieldProblem[]): FormErrors {
  const byField: Record<string, string> = {};
  for (const p of problems) byField[p.field] ??= p.message;
  return { byField, all: problems.map((p) => p.message) };
}

/** Validates a form body against a DTO class, with the same rules as the JSON API. */
export async function validateForm<T extends object>(
  cls: ClassConstructor<T>,
  body: unknown,
): Promise<{ value: T; problems?: undefined } | { value?: undefined; problems: FieldProblem[] }> {
  const value = plainToInstance(cls, body ?? {});
  const errors = await validate(value, { whitelist: true, forbidNonWhitelisted: false });
  return errors.length > 0 ? { problems: flattenValidationErrors(errors) } : { value };
}

/** A form field that may come once, several times, or not at all, as a list of strings. */
export function formList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
