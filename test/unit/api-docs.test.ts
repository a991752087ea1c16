import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../electron/host/api-docs.ts';
import { OPENAPI_FILE } from '../../electron/host/docs-api-cli.ts';
import { OP_NAMES } from '../../shared/api/contract.ts';

describe('docs/api/openapi.json', () => {
  const committed = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as ReturnType<typeof buildOpenApi>;

  it('is up to date with the contract (run `npm run docs:api` after changing it)', () => {
    expect(committed).toEqual(buildOpenApi());
  });

  it('documents every operation with its input schema, role and error reply', () => {
    const paths = committed.paths as Record<string, { post?: Record<string, unknown> }>;
    for (const op of OP_NAMES) expect(paths[`/api/${op}`]?.post?.operationId).toBe(op);
    const checkout = paths['/api/sale.checkout']?.post as {
      requestBody: {
        content: { 'application/json': { schema: { properties: { input: { required: string[] } } } } };
      };
      responses: Record<string, unknown>;
      'x-comptoir-role': string;
    };
    expect(checkout['x-comptoir-role']).toBe('clerk');
    expect(checkout.requestBody.content['application/json'].schema.properties.input.required).toEqual(
      expect.arrayContaining(['lines', 'tenders']),
    );
    expect(Object.keys(checkout.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '409', '413']),
    );
  });
});
