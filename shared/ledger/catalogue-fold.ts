import type { AnyEntry, Entry } from './entries.ts';

/**
 * The store's catalogue rebuilt from its journal alone, as head office does: categories, items
 * (with archived flag and photo hash) and units. Entries of other types are ignored. A till's
 * catalogue tables must always equal this fold of its journal (test/integration/catalogue.test.ts).
 */
export interface FoldedCatalogue {
  categories: Map<string, { name: string; parentId: string | null }>;
  products: Map<string, Entry<'product.created'>['product'] & { active: boolean; photo: string | null }>;
  units: Map<
    string,
    { productId: string; assetId: string; serial: string | null; status: string; condition: string | null }
  >;
}

export function emptyCatalogue(): FoldedCatalogue {
  return { categories: new Map(), products: new Map(), units: new Map() };
}

export function foldCatalogue(into: FoldedCatalogue, e: AnyEntry): FoldedCatalogue {
  const { categories, products, units } = into;
  const change = (id: string, f: (p: NonNullable<ReturnType<typeof products.get>>) => void) => {
    const p = products.get(id);
    if (p) f(p);
  };
  switch (e.type) {
    case 'category.created':
    case 'category.updated':
      categories.set(e.payload.categoryId, { name: e.payload.name, parentId: e.payload.parentId });
      break;
    case 'category.deleted':
      categories.delete(e.payload.categoryId);
      break;
    case 'product.created':
      products.set(e.payload.productId, { ...e.payload.product, active: true, photo: null });
      break;
    case 'product.updated':
      change(e.payload.productId, (p) => Object.assign(p, e.payload.changes));
      break;
    case 'product.archived':
      change(e.payload.productId, (p) => {
        p.active = false;
        p.onWebsite = false;
      });
      break;
    case 'product.restored':
      change(e.payload.productId, (p) => {
        p.active = true;
      });
      break;
    case 'product.deleted':
      products.delete(e.payload.productId);
      break;
    case 'product.photoSet':
      change(e.payload.productId, (p) => {
        p.photo = e.payload.photo?.sha256 ?? null;
      });
      break;
    case 'catalogue.imported':
      for (const c of e.payload.categories)
        categories.set(c.categoryId, { name: c.name, parentId: c.parentId });
      for (const c of e.payload.created)
        products.set(c.productId, { ...c.product, active: true, photo: null });
      for (const u of e.payload.updated) change(u.productId, (p) => Object.assign(p, u.changes));
      break;
    case 'unit.created':
      for (const u of e.payload.units) {
        units.set(u.unitId, {
          productId: e.payload.productId,
          assetId: u.assetId,
          serial: u.serial,
          status: u.status,
          condition: u.condition,
        });
      }
      break;
    case 'unit.updated': {
      const u = units.get(e.payload.unitId);
      if (u) {
        if (e.payload.serial !== undefined) u.serial = e.payload.serial;
        if (e.payload.condition !== undefined) u.condition = e.payload.condition;
      }
      break;
    }
    case 'unit.statusChanged': {
      const u = units.get(e.payload.unitId);
      if (u) u.status = e.payload.to;
      break;
    }
    default:
      break;
  }
  return into;
}
