import { create } from 'zustand';
import type { Approval, Discount } from '../../shared/api/schemas.ts';
import type { Customer, Product, StoreInfo } from '../../shared/api/types.ts';
import { type CartTotals, priceCart } from '../../shared/pricing.ts';
import { JURISDICTIONS } from '../../shared/tax.ts';

/**
 * The cart lives in the renderer (sale.checkout commits it in one command). Totals here are a
 * preview computed with shared/pricing; the main process recomputes and stores its own.
 */
export interface CartLine {
  key: string;
  product: Product;
  quantity: number; // thousandths
  unitPrice: number | null; // override (needs a manager approval)
  discount: Discount | null;
}

interface CartState {
  lines: CartLine[];
  selected: string | null;
  customer: Customer | null;
  approval: Approval | null;
  add(p: Product, quantity?: number): void;
  setQty(key: string, quantity: number): void;
  bump(key: string, delta: number): void;
  remove(key: string): void;
  setDiscount(key: string, d: Discount | null): void;
  overridePrice(key: string, unitPrice: number, approval: Approval): void;
  setApproval(a: Approval | null): void;
  select(key: string | null): void;
  attach(c: Customer | null): void;
  /** Replace the cart with a recalled ticket's lines (no approval carried: asked again at payment). */
  load(lines: Omit<CartLine, 'key'>[], customer: Customer | null): void;
  clear(): void;
}

let seq = 0;

export const useCart = create<CartState>()((set) => ({
  lines: [],
  selected: null,
  customer: null,
  approval: null,
  add(p, quantity = 1000) {
    set((s) => {
      // same product, no override nor discount: add to its line
      const same = s.lines.find((l) => l.product.id === p.id && l.unitPrice === null && l.discount === null);
      if (same) {
        return {
          lines: s.lines.map((l) => (l === same ? { ...l, quantity: l.quantity + quantity } : l)),
          selected: same.key,
        };
      }
      const key = `l${++seq}`;
      return {
        lines: [...s.lines, { key, product: p, quantity, unitPrice: null, discount: null }],
        selected: key,
      };
    });
  },
  setQty(key, quantity) {
    if (quantity <= 0) return;
    set((s) => ({ lines: s.lines.map((l) => (l.key === key ? { ...l, quantity } : l)) }));
  },
  bump(key, delta) {
    set((s) => ({
      lines: s.lines.map((l) =>
        l.key === key && l.quantity + delta >= 1000 ? { ...l, quantity: l.quantity + delta } : l,
      ),
    }));
  },
  remove(key) {
    set((s) => {
      const idx = s.lines.findIndex((l) => l.key === key);
      const lines = s.lines.filter((l) => l.key !== key);
      const next = lines[Math.min(idx, lines.length - 1)]?.key ?? null;
      return { lines, selected: next };
    });
  },
  setDiscount(key, d) {
    set((s) => ({ lines: s.lines.map((l) => (l.key === key ? { ...l, discount: d } : l)) }));
  },
  overridePrice(key, unitPrice, approval) {
    set((s) => ({
      lines: s.lines.map((l) =>
        l.key === key ? { ...l, unitPrice: unitPrice === l.product.price ? null : unitPrice } : l,
      ),
      approval,
    }));
  },
  setApproval(a) {
    set({ approval: a });
  },
  select(key) {
    set({ selected: key });
  },
  attach(c) {
    set({ customer: c });
  },
  load(lines, customer) {
    const keyed = lines.map((l) => ({ ...l, key: `l${++seq}` }));
    set({ lines: keyed, selected: keyed.at(-1)?.key ?? null, customer, approval: null });
  },
  clear() {
    set({ lines: [], selected: null, customer: null, approval: null });
  },
}));

export function cartTotals(store: StoreInfo, lines: readonly CartLine[]): CartTotals {
  return priceCart(
    JURISDICTIONS[store.jurisdiction],
    lines.map((l) => ({
      unitPrice: l.unitPrice ?? l.product.price,
      quantity: l.quantity,
      discount: l.discount,
      taxCategory: l.product.taxCategory,
    })),
  );
}

/** The sale.checkout lines of a cart. */
export function checkoutLines(lines: readonly CartLine[]) {
  return lines.map((l) => ({
    productId: l.product.id,
    quantity: l.quantity,
    ...(l.unitPrice !== null ? { unitPrice: l.unitPrice } : {}),
    ...(l.discount ? { discount: l.discount } : {}),
  }));
}
