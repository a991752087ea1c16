import { ulid } from 'ulid';
import { run } from '../../db/sql.ts';
import { DEFAULT_STORE } from '../../shared/store-settings.ts';
import { createApp } from '../app/index.ts';
import { addUser } from '../app/setup.ts';

/** A tiny ledger when the full demo seed is unavailable: the demo's three users and four products. */
export function minimalSeed(file: string): void {
  const app = createApp({ file, store: DEFAULT_STORE });
  try {
    const s = app.env.sqlite;
    s.transaction(() => {
      addUser(s, { name: 'Camille Tremblay', role: 'clerk', pin: '1234' });
      addUser(s, { name: 'Martin Gagnon', role: 'manager', pin: '9876' });
      addUser(s, { name: 'Sophie Lévesque', role: 'admin', pin: '5555' });
      const cat = ulid();
      run(s, 'INSERT INTO categories (id, name) VALUES (?, ?)', cat, 'Outillage');
      const now = new Date().toISOString();
      [
        ['Perceuse sans fil', 1999, 'standard'],
        ['Mèches à bois (jeu)', 499, 'standard'],
        ['Vis à bois', 10, 'standard'],
        ['Dépôt de garantie', 2500, 'exempt'],
      ].forEach(([name, price, tax], i) => {
        run(
          s,
          `INSERT INTO products (id, sku, barcode, name, category_id, price, tax_category, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          ulid(),
          `DEMO-${i + 1}`,
          `06000000000${i}`,
          name,
          cat,
          price,
          tax,
          now,
        );
      });
    })();
  } finally {
    app.close();
  }
}
