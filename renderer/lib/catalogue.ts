import type { Category } from '../../shared/api/types.ts';

/** The category tree flattened in display order, each with its depth and full path ("Outils > Perceuses"). */
export interface CategoryRow extends Category {
  depth: number;
  path: string;
}

export function categoryRows(cats: readonly Category[], collator: Intl.Collator): CategoryRow[] {
  const children = new Map<string | null, Category[]>();
  const ids = new Set(cats.map((c) => c.id));
  for (const c of cats) {
    // a parent that is gone would hide its subtree: show it at the top instead
    const parent = c.parentId && ids.has(c.parentId) ? c.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), c]);
  }
  const out: CategoryRow[] = [];
  const walk = (parent: string | null, depth: number, prefix: string) => {
    const list = [...(children.get(parent) ?? [])].sort((a, b) => collator.compare(a.name, b.name));
    for (const c of list) {
      const path = prefix ? `${prefix} > ${c.name}` : c.name;
      out.push({ ...c, depth, path });
      walk(c.id, depth + 1, path);
    }
  };
  walk(null, 0, '');
  return out;
}

/** A file the manager picked → base64 (no data: prefix), for product.setPhoto. */
export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => {
      const s = String(r.result);
      resolve(s.slice(s.indexOf(',') + 1));
    };
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

export function fileToText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error);
    r.readAsText(file, 'utf-8');
  });
}
