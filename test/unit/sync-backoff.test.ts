import { chmodSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Backoff } from '../../electron/sync/backoff.ts';
import { fileSecretStore } from '../../electron/sync/secrets.ts';

describe('Backoff (full jitter)', () => {
  it('doubles the window up to the cap and draws each wait inside it', () => {
    const b = new Backoff({ baseMs: 100, capMs: 1000, floorMs: 0, random: () => 0.999 });
    const waits = Array.from({ length: 6 }, () => b.fail());
    expect(waits).toEqual([99, 199, 399, 799, 999, 999]);
    expect(b.attempts).toBe(6);
    b.reset();
    expect(b.window()).toBe(100);
  });

  it('spreads tills that failed together over the window (no lockstep) and never waits under the floor', () => {
    let seed = 1;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const waits = Array.from({ length: 200 }, () => {
      const b = new Backoff({ baseMs: 1000, capMs: 60_000, floorMs: 50, random });
      for (let i = 0; i < 4; i++) b.fail();
      return b.fail(); // the fifth retry: window 16 s
    });
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(50);
    expect(Math.max(...waits)).toBeLessThan(16_000);
    expect(new Set(waits.map((w) => Math.floor(w / 1000))).size).toBeGreaterThan(12); // all over the window
  });
});

describe('fileSecretStore (web-host mode)', () => {
  it('keeps a secret in a 0600 file inside a 0700 folder, replaces it atomically, deletes it', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'comptoir-secrets-')), 'secrets');
    const s = fileSecretStore(dir);
    expect(s.get('headOffice.deviceToken')).toBeNull();
    s.set('headOffice.deviceToken', 'tok-1');
    s.set('headOffice.deviceToken', 'tok-2');
    expect(s.get('headOffice.deviceToken')).toBe('tok-2');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'headOffice.deviceToken')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['headOffice.deviceToken']); // no temporary file left
    s.delete('headOffice.deviceToken');
    expect(s.get('headOffice.deviceToken')).toBeNull();
  });

  it('refuses a secret file that others can read, and names that would leave the folder', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'comptoir-secrets-')), 'secrets');
    const s = fileSecretStore(dir);
    s.set('t', 'x');
    chmodSync(join(dir, 't'), 0o644);
    expect(() => s.get('t')).toThrow(/readable by others/);
    writeFileSync(join(dir, 'u'), 'y', { mode: 0o600 });
    expect(s.get('u')).toBe('y');
    expect(() => s.set('../escape', 'z')).toThrow(/bad secret name/);
  });
});
