import type { OpenAPIObject } from '@nestjs/swagger';

type OperationObject = NonNullable<OpenAPIObject['paths'][string]['get']>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
export type ApiMethod = (typeof METHODS)[number];

/** An operation of the API found for a request: its path template and its description. */
export interface ApiRouteMatch {
  template: string;
  operation: OperationObject;
}

interface Route {
  template: string;
  pattern: RegExp;
  /** Static segments first: `/documents/{id}/issued.pdf` wins over a parameter. */
  staticSegments: number;
  operations: Partial<Record<ApiMethod, OperationObject>>;
}

/**
 * The API's routes as its OpenAPI document describes them: which operation a request reaches,
 * and which methods an address takes. One table for the method (405) and media type (415)
 * checks and for the contract tests, so the document and the server cannot disagree unnoticed.
 */
export class ApiRoutes {
  private readonly routes: Route[];

  constructor(document: OpenAPIObject) {
    this.routes = Object.entries(document.paths).map(([template, item]) => {
      const segments = template.split('/');
      const operations: Route['operations'] = {};
      for (const method of METHODS) {
        const operation = item[method];
        if (operation) operations[method] = operation;
      }
      return {
        template,
        pattern: new RegExp(
          '^' +
            segments
              .map((s) =>
                /^\{[^}]+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'),
              )
              .join('/') +
            '/?$',
        ),
        staticSegments: segments.filter((s) => !s.startsWith('{')).length,
        operations,
      };
    });
    this.routes.sort((a, b) => b.staticSegments - a.staticSegments);
  }

  /** The routes whose template matches a path (without its query). */
  private matching(path: string): Route[] {
    return this.routes.filter((r) => r.pattern.test(path));
  }

  /** Whether any operation of the API lives at this path. */
  knows(path: string): boolean {
    return this.matching(path).length > 0;
  }

  /** The methods the path takes, as an `Allow` header lists them (HEAD with GET). */
  allowed(path: string): string[] {
    const methods = new Set<string>();
    for (const route of this.matching(path)) {
      for (const method of Object.keys(route.operations)) {
        methods.add(method.toUpperCase());
        if (method === 'get') methods.add('HEAD');
      }
    }
    return [...methods];
  }

  /** The operation a request reaches, or null. */
  find(method: string, path: string): ApiRouteMatch | null {
    const key = (method.toLowerCase() === 'head' ? 'get' : method.toLowerCase()) as ApiMethod;
    for (const route of this.matching(path)) {
      const operation = route.operations[key];
      if (operation) return { template: route.template, operation };
    }
    return null;
  }
}
