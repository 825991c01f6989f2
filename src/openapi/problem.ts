/**
 * An RFC 9457 problem as the API answers every error (`application/problem+json`), with the
 * fields at fault as the `errors` extension, as `error-mapping.ts` makes it.
 */
export const problemSchema = {
  type: 'object',
  description:
    'An RFC 9457 problem. `statusCode`, `error` and `message` repeat `status`, `title` and `detail` for clients written before problem details. Other members carry details a client may act on: `current` and `baseVersion` on a stale version, for instance.',
  required: ['type', 'title', 'status', 'detail', 'statusCode', 'error', 'message'],
  properties: {
    type: {
      type: 'string',
      description:
        '`about:blank`, or the kind of refusal, e.g. `urn:recommendation-tracker:problem:stale-version`',
    },
    title: { type: 'string', example: 'Conflict' },
    status: { type: 'integer', example: 409 },
    detail: { type: 'string' },
    instance: { type: 'string' },
    statusCode: { type: 'integer', deprecated: true },
    error: { type: 'string', deprecated: true },
    message: { type: 'string', deprecated: true },
    errors: {
      type: 'array',
      description: 'Each field (or import line) at fault, the rule it breaks, and a message',
      items: {
        type: 'object',
        required: ['field', 'rule', 'message'],
        properties: {
          field: { type: 'string', example: 'assessedOn' },
          rule: { type: 'string', example: 'isDate' },
          message: { type: 'string' },
          line: { type: 'integer', description: 'The line of an import file' },
        },
      },
    },
  },
  additionalProperties: true,
};
