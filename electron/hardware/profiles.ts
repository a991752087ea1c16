import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { codePage } from './codepages.ts';

/**
 * Printer profiles (resources/printer-profiles/*.json): paper width and columns, the
 * character tables the printer has and THEIR numbers for `ESC t n` (Epson numbering by
 * default; clones differ, so it lives in the profile), cutter, drawer pulse, drawer sensor.
 */
const profileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string().min(1),
    paperWidthMm: z.union([z.literal(58), z.literal(80)]),
    columns: z.union([z.literal(32), z.literal(42), z.literal(48)]),
    codePages: z
      .array(z.object({ number: z.number().int().min(0).max(255), encoding: z.string().min(1) }))
      .min(1),
    preferred: z.object({ latin: z.number().int(), cyrillic: z.number().int() }),
    cutter: z.enum(['partial', 'full', 'none']),
    feedBeforeCut: z.number().int().min(0).max(20),
    drawer: z.object({
      command: z.enum(['esc-p', 'dle-dc4']),
      pin: z.union([z.literal(2), z.literal(5)]),
      onMs: z.number().int().min(2).max(800),
      offMs: z.number().int().min(2).max(800),
    }),
    drawerSensor: z.enum(['open-high', 'open-low', 'none']),
    qr: z.boolean(),
    statusQueries: z.boolean(),
  })
  .strict();

export type PrinterProfile = z.infer<typeof profileSchema>;

export const DEFAULT_PROFILE_ID = 'epson-tm-t20iii';

let profilesDir: string | null = null;
let loaded: Map<string, PrinterProfile> | null = null;

/** Where the JSON profiles live (the packaged app passes process.resourcesPath/printer-profiles). */
export function setProfilesDir(dir: string): void {
  profilesDir = dir;
  loaded = null;
}

/** $COMPTOIR_PRINTER_PROFILES, else next to the sources, else <cwd>/resources, else Electron's resources. */
function defaultDir(): string {
  const candidates: string[] = [];
  if (process.env.COMPTOIR_PRINTER_PROFILES) candidates.push(process.env.COMPTOIR_PRINTER_PROFILES);
  try {
    candidates.push(join(fileURLToPath(new URL('.', import.meta.url)), '../../resources/printer-profiles'));
  } catch {
    // bundled without a usable import.meta.url
  }
  candidates.push(join(process.cwd(), 'resources/printer-profiles'));
  const rp = (process as { resourcesPath?: string }).resourcesPath;
  if (rp) candidates.push(join(rp, 'printer-profiles'));
  return candidates.find((d) => existsSync(join(d, `${DEFAULT_PROFILE_ID}.json`))) ?? candidates[0]!;
}

export function parseProfile(raw: unknown, source: string): PrinterProfile {
  const r = profileSchema.safeParse(raw);
  if (!r.success) throw new Error(`bad printer profile ${source}: ${r.error.message}`);
  const p = r.data;
  for (const cp of p.codePages) codePage(cp.encoding); // throws on an unknown encoding
  const numbers = new Set(p.codePages.map((c) => c.number));
  if (!numbers.has(p.preferred.latin) || !numbers.has(p.preferred.cyrillic)) {
    throw new Error(`bad printer profile ${source}: preferred tables must be listed in codePages`);
  }
  return p;
}

export function loadProfiles(): Map<string, PrinterProfile> {
  if (loaded) return loaded;
  profilesDir ??= defaultDir();
  const m = new Map<string, PrinterProfile>();
  for (const f of readdirSync(profilesDir)
    .filter((x) => x.endsWith('.json'))
    .sort()) {
    const p = parseProfile(JSON.parse(readFileSync(join(profilesDir, f), 'utf8')), f);
    m.set(p.id, p);
  }
  loaded = m;
  return m;
}

export function getProfile(id: string): PrinterProfile | undefined {
  return loadProfiles().get(id);
}

export function profileOrDefault(id: string | null | undefined): PrinterProfile {
  const all = loadProfiles();
  const p = (id && all.get(id)) || all.get(DEFAULT_PROFILE_ID) || all.values().next().value;
  if (!p) throw new Error(`no printer profiles in ${profilesDir}`);
  return p;
}

/** The table a document starts in, from the store's language. */
export function startTable(profile: PrinterProfile, locale: string): number {
  return locale.startsWith('bg') ? profile.preferred.cyrillic : profile.preferred.latin;
}
