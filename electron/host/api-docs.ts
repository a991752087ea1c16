import { z } from 'zod';
import { contract, OP_NAMES } from '../../shared/api/contract.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import { HTTP_STATUS } from '../app/transport.ts';

/**
 * OpenAPI 3.1 description of the web host's HTTP contract, generated from the same zod
 * schemas main uses to validate (z.toJSONSchema, input side). Written to
 * docs/api/openapi.json by `npm run docs:api`; the host also serves it at GET /api/contract.
 * Result shapes are TypeScript types (shared/api/types.ts), not zod, so they are described
 * as objects; the request side — what a caller can get wrong — is exact.
 */
export function buildOpenApi(version = '0.1.0'): Record<string, unknown> {
  const errorPayload = {
    type: 'object',
    required: ['code', 'message'],
    properties: {
      code: { type: 'string', enum: [...ERROR_CODES] },
      message: { type: 'string' },
      fields: {
        type: 'array',
        description: 'offending fields, dotted paths (e.g. tenders.0.tendered)',
        items: {
          type: 'object',
          required: ['path', 'message'],
          properties: { path: { type: 'string' }, message: { type: 'string' } },
        },
      },
      details: { type: 'object', additionalProperties: true },
    },
  };
  const failure = {
    type: 'object',
    required: ['ok', 'error'],
    properties: { ok: { const: false }, error: { $ref: '#/components/schemas/ErrorPayload' } },
  };
  const statuses = [...new Set(Object.values(HTTP_STATUS))].sort();
  const paths: Record<string, unknown> = {};
  for (const op of OP_NAMES) {
    const def = contract[op];
    const input = z.toJSONSchema(def.input as z.ZodType, { io: 'input', unrepresentable: 'any' });
    delete (input as { $schema?: string }).$schema;
    const codes = Object.entries(HTTP_STATUS)
      .filter(([, s]) => s !== 200)
      .reduce<Record<number, string[]>>((m, [c, s]) => {
        m[s] = [...(m[s] ?? []), c];
        return m;
      }, {});
    const responses: Record<string, unknown> = {
      '200': {
        description: 'success',
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['ok', 'result'],
              properties: { ok: { const: true }, result: {} },
            },
          },
        },
      },
    };
    for (const s of statuses) {
      responses[String(s)] = {
        description: `error: ${codes[s]?.join(', ')}`,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Failure' } } },
      };
    }
    responses['413'] = {
      description: 'request body too large',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Failure' } } },
    };
    paths[`/api/${op}`] = {
      post: {
        operationId: op,
        summary: `${def.kind} ${op}`,
        description:
          `${def.kind === 'command' ? 'Command: one transaction, one journal entry.' : 'Query: read only.'} ` +
          (def.role ? `Minimum role: ${def.role}.` : 'Callable without a session (login screen).'),
        tags: [op.split('.')[0]],
        'x-comptoir-kind': def.kind,
        'x-comptoir-role': def.role,
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['input'],
                additionalProperties: false,
                properties: {
                  input,
                  token: {
                    type: ['string', 'null'],
                    description: 'session token from auth.login (null on the login screen)',
                  },
                },
              },
            },
          },
        },
        responses,
      },
    };
  }
  paths['/api/events'] = {
    get: {
      operationId: 'events',
      summary: 'server-sent events: one `ledger` event per journal entry after commit',
      description:
        'text/event-stream; event name `ledger`, id = journal seq, data = {seq, type, at}. ' +
        '`?since=<seq>` or Last-Event-ID replays the entries committed after that seq.',
      parameters: [{ name: 'since', in: 'query', required: false, schema: { type: 'integer', minimum: 0 } }],
      responses: { '200': { description: 'event stream', content: { 'text/event-stream': {} } } },
    },
  };
  paths['/api/contract'] = {
    get: {
      operationId: 'contract',
      summary: 'this document',
      responses: { '200': { description: 'OpenAPI' } },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Comptoir web host API',
      version,
      description:
        'The command/query contract of shared/api/contract.ts over HTTP. Every call is ' +
        'POST /api/<op> with JSON {input, token}; the reply is {ok: true, result} or ' +
        '{ok: false, error: ErrorPayload}. The host binds 127.0.0.1 and requires the per-launch ' +
        'secret cookie (set from ?k=… on first load) and a same-origin Origin header; no CORS.',
    },
    servers: [{ url: 'http://127.0.0.1:{port}', variables: { port: { default: '4710' } } }],
    components: {
      securitySchemes: {
        launchSecret: { type: 'apiKey', in: 'cookie', name: 'comptoir_k_<port>' },
      },
      schemas: { ErrorPayload: errorPayload, Failure: failure },
    },
    security: [{ launchSecret: [] }],
    paths,
  };
}
