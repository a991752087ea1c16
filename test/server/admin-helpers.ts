import { createEnrolCode, createStore } from '../../server/admin.ts';
import type { HqDb } from '../../server/db.ts';
import type { EnrolResponse } from '../../shared/sync/protocol.ts';
import { call } from './http.ts';
import type { TestTill } from './till.ts';

export async function createAdmin(db: HqDb, storeId: string, name = storeId) {
  await createStore(db, 'test', { storeId, name, currency: 'CAD', timeZone: 'America/Toronto' });
}

/** Create a store if needed, a code, and enrol the till over HTTP. */
export async function enrolTill(
  url: string,
  db: HqDb,
  storeId: string,
  till: TestTill,
): Promise<EnrolResponse> {
  const { code } = await createEnrolCode(db, 'test', storeId);
  const r = await call<EnrolResponse>(url, 'POST', '/api/v1/enrol', {
    body: {
      code,
      deviceId: till.deviceId,
      tillName: `Till ${till.deviceId}`,
      publicKeyPem: till.publicKeyPem,
    },
  });
  if (r.status !== 200) throw new Error(`enrol: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}
