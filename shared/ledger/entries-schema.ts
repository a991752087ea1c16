import { z } from 'zod';
import { ENTRY_TYPES, entryDefs } from './entries.ts';

/**
 * The JSON Schema (draft 2020-12) of every journal entry type, for a third party reading an
 * exported archive (`npm run ledger -- export`): one definition per type with its version, and a
 * top-level schema for one exported line ({seq, id, device_id, at, actor, type, payload, prev_hash,
 * hash}) whose payload is the canonical JSON text of that type's definition.
 * Published as docs/ledger/entries.schema.json by `npm run docs:entries`.
 */
export function buildEntriesJsonSchema(): Record<string, unknown> {
  const defs: Record<string, unknown> = {};
  for (const type of ENTRY_TYPES) {
    const d = entryDefs[type];
    const { $schema: _s, ...schema } = z.toJSONSchema(d.schema, {
      target: 'draft-2020-12',
      io: 'output',
    }) as Record<string, unknown>;
    defs[type] = {
      title: `${type} v${d.version}`,
      description: d.description,
      'x-version': d.version,
      ...schema,
    };
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://comptoir.example/ledger/entries.schema.json',
    title: 'Comptoir journal entries',
    description:
      'One exported journal line. `payload` is the canonical JSON text (sorted keys) of the entry; parsed, it matches $defs[type]. hash = SHA-256(prev_hash ‖ canonical JSON of {actor, at, device_id, id, payload, seq, type}) with the payload text spliced verbatim.',
    type: 'object',
    required: ['seq', 'id', 'device_id', 'at', 'actor', 'type', 'payload', 'prev_hash', 'hash'],
    properties: {
      seq: { type: 'integer', minimum: 1 },
      id: { type: 'string' },
      device_id: { type: 'string' },
      at: { type: 'string', format: 'date-time' },
      actor: { type: 'string' },
      type: { enum: [...ENTRY_TYPES] },
      payload: { type: 'string', contentMediaType: 'application/json' },
      prev_hash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
      hash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    },
    $defs: defs,
  };
}
