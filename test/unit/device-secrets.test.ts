import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DeviceSecretsError,
  fileSecretBox,
  fingerprintOf,
  loadDeviceSecrets,
  memorySecretBox,
  verifySignature,
} from '../../electron/app/device-secrets.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'comptoir-secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('device secrets (web-host file store)', () => {
  it('are created once in a 0700 folder as a 0600 file and come back the same after a restart', () => {
    const where = join(dir, 'till.secrets');
    const a = loadDeviceSecrets(where);
    expect(statSync(where).mode & 0o777).toBe(0o700);
    expect(statSync(join(where, 'device-secrets.json')).mode & 0o777).toBe(0o600);
    const b = loadDeviceSecrets(where);
    expect(b.publicKeyPem).toBe(a.publicKeyPem);
    expect(b.pepper.equals(a.pepper)).toBe(true);
    expect(a.pepper.length).toBe(32);
    expect(a.fingerprint).toMatch(/^[0-9a-f]{4}(-[0-9a-f]{4}){7}$/);
    expect(a.fingerprint).toBe(fingerprintOf(a.publicKeyPem));
    // another till: another key
    expect(loadDeviceSecrets(join(dir, 'other')).fingerprint).not.toBe(a.fingerprint);
  });

  it('sign with Ed25519: the signature holds for that text and key only', () => {
    const a = loadDeviceSecrets(memorySecretBox());
    const b = loadDeviceSecrets(memorySecretBox());
    const sig = a.sign('{"coversSeq":41}');
    expect(Buffer.from(sig, 'base64').length).toBe(64);
    expect(verifySignature(a.publicKeyPem, '{"coversSeq":41}', sig)).toBe(true);
    expect(verifySignature(a.publicKeyPem, '{"coversSeq":42}', sig)).toBe(false);
    expect(verifySignature(b.publicKeyPem, '{"coversSeq":41}', sig)).toBe(false);
    expect(verifySignature(a.publicKeyPem, '{"coversSeq":41}', 'not base64 at all')).toBe(false);
  });

  it('refuse a secrets file that others can read, and a damaged one, instead of making new keys over it', () => {
    const where = join(dir, 's');
    loadDeviceSecrets(where);
    const file = join(where, 'device-secrets.json');
    const before = readFileSync(file, 'utf8');
    chmodSync(file, 0o644);
    expect(() => loadDeviceSecrets(where)).toThrow(/readable by others/);
    chmodSync(file, 0o600);
    writeFileSync(file, '{"v":1,"privateKeyPem":"garbage","pepper":"AAAA"}');
    expect(() => loadDeviceSecrets(where)).toThrow(DeviceSecretsError);
    writeFileSync(file, 'not json');
    expect(() => loadDeviceSecrets(where)).toThrow(/unreadable/);
    // nothing regenerated over it
    expect(readFileSync(file, 'utf8')).toBe('not json');
    expect(before).toContain('PRIVATE KEY');
  });

  it('the box is injected: nothing is written anywhere else', () => {
    const box = memorySecretBox();
    const a = loadDeviceSecrets(box);
    expect(box.read()).toContain('PRIVATE KEY');
    expect(loadDeviceSecrets(box).fingerprint).toBe(a.fingerprint);
    expect(fileSecretBox(join(dir, 'x')).read()).toBeNull();
  });
});
