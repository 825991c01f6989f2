import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata.js';

type Schema = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- class-validator's own type
type Target = Function;

/** The validation rules of every class-validator class, by class name. */
function rulesByClass(): Map<string, ValidationMetadata[]> {
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas: Map<Target, ValidationMetadata[]>;
    getTargetValidatorConstraints(target: Target): { name: string }[];
  };
  const byClass = new Map<string, ValidationMetadata[]>();
  for (const [target, rules] of storage.validationMetadatas) {
    const named = rules.map((rule) =>
      rule.name
        ? rule
        : { ...rule, name: storage.getTargetValidatorConstraints(rule.constraintCls)[0]?.name },
    );
    byClass.set(target.name, [...(byClass.get(target.name) ?? []), ...named]);
  }
  return byClass;
}

/** What one rule of the server says of a property, in JSON Schema. */
function applyRule(property: Schema, rule: ValidationMetadata): void {
  const [first, second] = (rule.constraints ?? []) as unknown[];
  switch (rule.name) {
    case 'isInt':
      if (property.type === 'array') (property.items as Schema).type = 'integer';
      else property.type = 'integer';
      break;
    case 'isIsoDate':
    case 'isDateString':
      property.type = 'string';
      property.format = 'date';
      break;
    case 'matches':
      if (first instanceof RegExp && !property.pattern) property.pattern = first.source;
      break;
    case 'maxLength':
      property.maxLength ??= first;
      break;
    case 'minLength':
      property.minLength ??= first;
      break;
    case 'length':
      property.minLength ??= first;
      if (second !== undefined) property.maxLength ??= second;
      break;
    case 'min':
      property.minimum ??= first;
      break;
    case 'max':
      property.maximum ??= first;
      break;
    case 'arrayMaxSize':
      property.maxItems ??= first;
      break;
    case 'arrayMinSize':
      property.minItems ??= first;
      break;
    case 'isIn':
      if (Array.isArray(first) && !property.enum && property.type !== 'array')
        property.enum = first;
      break;
    case 'isBoolean':
      property.type = 'boolean';
      break;
  }
}

/**
 * The request classes' schemas made to say what the server checks (it validates with
 * class-validator, `whitelist` and `forbidNonWhitelisted`): whole numbers are `integer`, dates
 * `format: date`, patterns, lengths and bounds as the decorators set them, and no property
 * beyond those declared (`additionalProperties: false`).
 */
export function applyValidationRules(schemas: Record<string, Schema>): void {
  const byClass = rulesByClass();
  for (const [name, schema] of Object.entries(schemas)) {
    const rules = byClass.get(name) ?? [];
    if (rules.length === 0 || schema.type !== 'object') continue;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const rule of rules) {
      const property = properties[rule.propertyName];
      if (property && !('$ref' in property) && !('oneOf' in property)) applyRule(property, rule);
    }
    schema.additionalProperties = false;
  }
}
