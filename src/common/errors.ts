import { BadRequestException, type ValidationError } from '@nestjs/common';

/** One problem with the input: which field, which rule it broke, and a sentence for a person. */
export interface FieldProblem {
  field: string;
  rule: string;
  message: string;
}

export interface ValidationErrorBody {
  statusCode: 400;
  error: 'Bad Request';
  message: string;
  errors: FieldProblem[];
}

export function validationError(problems: FieldProblem[]): BadRequestException {
  const body: ValidationErrorBody = {
    statusCode: 400,
    error: 'Bad Request',
    message: problems.map((p) => p.message).join('; '),
    errors: problems,
  };
  return new BadRequestException(body);
}

/** A 400 for one field, for rules that need the database (an unknown theme slug, say). */
export function fieldError(field: string, rule: string, message: string): BadRequestException {
  return validationError([{ field, rule, message }]);
}

/** Flattens class-validator's tree of errors into field problems with dotted paths. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    for (const [rule, message] of Object.entries(e.constraints ?? {})) {
      out.push({
        field,
        rule: rule === 'whitelistValidation' ? 'unknownField' : rule,
        message: rule === 'whitelistValidation' ? `${field} is not a known field` : message,
      });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}
