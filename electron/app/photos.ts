import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { run } from '../../db/sql.ts';
import type { OpParsed } from '../../shared/api/contract.ts';
import type { ProductDetail } from '../../shared/api/types.ts';
import { CommandError, issue, validationError } from '../../shared/errors.ts';
import { mustProduct, productDetail } from '../services/catalogue-admin.ts';
import type { Actor, CommandContext, Env, ReadEnv } from '../services/context.ts';

/**
 * Product photos live in the app's data folder beside the ledger (`<ledger>.photos/`), never in
 * the ledger: a photo is megabytes, the journal is the store's legal record. Each photo is kept
 * as two JPEGs named by the full-size image's SHA-256 — 1024 px and a 256 px thumbnail made with
 * sharp — and the product row and its journal entry hold the hash, so the same photo is one file
 * and head office can ask for it by name.
 */

export const PHOTO_SIZES = { full: 1024, thumb: 256 } as const;

export function photosDirOf(ledgerFile: string): string | null {
  return ledgerFile === ':memory:' ? null : `${ledgerFile}.photos`;
}

const fileOf = (dir: string, hash: string, size: keyof typeof PHOTO_SIZES) =>
  join(dir, `${hash}-${size}.jpg`);

async function resize(input: Buffer, px: number): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(input, { limitInputPixels: 50_000_000 })
    .rotate() // the camera's EXIF orientation, applied: the files carry no metadata
    .resize(px, px, { fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 85, mozjpeg: true })
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

function writeOnce(path: string, data: Buffer): void {
  if (existsSync(path)) return;
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/**
 * product.setPhoto: sharp works asynchronously, so the images are made first, with no
 * transaction open; then one command records the hash (product row + 'product.photoSet').
 */
export function setPhotoCommand(env: Env) {
  const dir = env.photosDir;
  return (
    raw: unknown,
    _actor: Actor,
    commit: <T>(fn: (ctx: CommandContext) => T) => T,
  ): Promise<ProductDetail> => {
    const input = raw as OpParsed<'product.setPhoto'>;
    // what the ledger alone can refuse is refused at once, as every command does (thrown, not a rejection)
    mustProduct(env, input.productId);
    if (!dir) throw new CommandError('INVALID_STATE', 'this ledger has no data folder for photos');
    return makePhoto(input, dir, commit);
  };
}

async function makePhoto(
  input: OpParsed<'product.setPhoto'>,
  dir: string,
  commit: <T>(fn: (ctx: CommandContext) => T) => T,
): Promise<ProductDetail> {
  let photo: { sha256: string; width: number; height: number; bytes: number } | null = null;
  if (input.image !== null) {
    const bytes = Buffer.from(input.image, 'base64');
    let full: Awaited<ReturnType<typeof resize>>;
    let thumb: Awaited<ReturnType<typeof resize>>;
    try {
      full = await resize(bytes, PHOTO_SIZES.full);
      thumb = await resize(full.data, PHOTO_SIZES.thumb);
    } catch {
      throw validationError([issue('image', 'notImage', 'not an image sharp can read (JPEG, PNG, WebP)')]);
    }
    const sha256 = createHash('sha256').update(full.data).digest('hex');
    mkdirSync(dir, { recursive: true });
    writeOnce(fileOf(dir, sha256, 'full'), full.data);
    writeOnce(fileOf(dir, sha256, 'thumb'), thumb.data);
    photo = { sha256, width: full.width, height: full.height, bytes: full.data.length };
  }
  return commit((ctx) => {
    const p = mustProduct(ctx.env, input.productId);
    run(
      ctx.sqlite,
      'UPDATE products SET photo = ?, updated_at = ? WHERE id = ?',
      photo?.sha256 ?? null,
      ctx.atIso,
      p.id,
    );
    ctx.record('product.photoSet', { productId: p.id, photo });
    return productDetail(ctx.sqlite, p.id)!;
  });
}

/** product.photo: the stored JPEG as a data: URL for an <img>, null without a photo or its file. */
export function photoQuery(env: ReadEnv, input: OpParsed<'product.photo'>): string | null {
  const dir = env.photosDir;
  const p = productDetail(env.sqlite, input.productId);
  if (!p?.photo || !dir) return null;
  const path = fileOf(dir, p.photo, input.size);
  if (!existsSync(path)) return null;
  return `data:image/jpeg;base64,${readFileSync(path).toString('base64')}`;
}
