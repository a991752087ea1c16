import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Category, ProductDetail } from '../../shared/api/types.ts';
import { CsvImportDialog } from '../components/CsvImport.tsx';
import { Dialog, FormActions } from '../components/Dialog.tsx';
import { ErrorBanner, FieldError } from '../components/FieldError.tsx';
import { ProductEditor } from '../components/ProductEditor.tsx';
import { api } from '../lib/api.ts';
import { type CategoryRow, categoryRows } from '../lib/catalogue.ts';
import { issuesFor } from '../lib/errors.ts';
import { download } from '../lib/reports.ts';
import { useFmt } from '../lib/useFmt.ts';
import { useUi } from '../stores/ui.ts';

type Open =
  | null
  | { kind: 'product'; productId: string | null }
  | { kind: 'category'; category: Category | null; parentId: string | null }
  | { kind: 'import' };

/**
 * The catalogue (managers): the category tree on the left, the items of the chosen category on the
 * right, searched as you type. Keyboard: / search, ↓/↑ move, Enter open, Alt+N new item, Alt+I import CSV.
 */
export function CatalogueScreen() {
  const { t, i18n } = useTranslation();
  const fmt = useFmt();
  const lastEvent = useUi((s) => s.lastEvent);
  const [cats, setCats] = useState<Category[]>([]);
  const [items, setItems] = useState<ProductDetail[]>([]);
  const [q, setQ] = useState('');
  const [categoryId, setCategoryId] = useState<string | null>(null);
  const [archived, setArchived] = useState(false);
  const [sel, setSel] = useState(0);
  const [open, setOpen] = useState<Open>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const searchRef = useRef<HTMLInputElement>(null);
  const collator = useMemo(() => new Intl.Collator(fmt.locale), [fmt.locale]);
  const tree = useMemo(() => categoryRows(cats, collator), [cats, collator]);

  const load = useCallback(async () => {
    try {
      const [c, list] = await Promise.all([
        api().call('catalogue.categories', {}),
        api().call('catalogue.list', { q, archived, ...(categoryId ? { categoryId } : {}) }),
      ]);
      setCats(c);
      setItems(list);
      setSel((s) => Math.min(s, Math.max(0, list.length - 1)));
    } catch (e) {
      setError(e);
    }
  }, [q, archived, categoryId]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    const type = lastEvent?.type ?? '';
    if (/^(product|category|catalogue|unit)\./.test(type)) void load();
  }, [lastEvent, load]);

  useEffect(() => {
    if (open) return;
    function onKey(e: KeyboardEvent) {
      if (document.querySelector('[role="dialog"]')) return;
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
      if (e.key === '/' && !typing) {
        e.preventDefault();
        searchRef.current?.focus();
      } else if (e.key.toLowerCase() === 'n' && (e.altKey || !typing) && !e.ctrlKey) {
        // Alt+N from anywhere (the search box has the focus), N alone when not typing
        e.preventDefault();
        setOpen({ kind: 'product', productId: null });
      } else if (e.key.toLowerCase() === 'i' && (e.altKey || !typing) && !e.ctrlKey) {
        e.preventDefault();
        setOpen({ kind: 'import' });
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);

  function onListKey(e: React.KeyboardEvent) {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setSel((s) => Math.min(items.length - 1, s + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setSel((s) => Math.max(0, s - 1));
    } else if (e.key === 'Enter' && items[sel]) {
      e.preventDefault();
      setOpen({ kind: 'product', productId: items[sel]!.id });
    }
  }

  async function exportCsv() {
    setError(null);
    try {
      const lang = (['fr', 'en', 'bg'] as const).find((l) => i18n.language.startsWith(l)) ?? 'fr';
      const csv = await api().call('catalogue.export', { lang, archived });
      download(`catalogue-${new Date().toISOString().slice(0, 10)}.csv`, csv);
    } catch (e) {
      setError(e);
    }
  }

  const selected = tree.find((c) => c.id === categoryId) ?? null;
  return (
    <div className="catalogue-screen">
      <aside className="card catalogue-tree" aria-labelledby="cat-tree-title">
        <div className="detail-head">
          <h2 id="cat-tree-title">{t('catalogue.categories')}</h2>
        </div>
        <ul className="tree" aria-labelledby="cat-tree-title">
          <li>
            <button
              type="button"
              className={categoryId === null ? 'tree-item tree-on' : 'tree-item'}
              onClick={() => setCategoryId(null)}
            >
              {t('catalogue.allCategories')}
            </button>
          </li>
          {tree.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className={categoryId === c.id ? 'tree-item tree-on' : 'tree-item'}
                style={{ paddingInlineStart: `${0.75 + c.depth * 1.25}rem` }}
                onClick={() => setCategoryId(c.id)}
                aria-pressed={categoryId === c.id}
                data-testid={`category-${c.name}`}
              >
                {c.name}
              </button>
            </li>
          ))}
        </ul>
        <div className="row-actions tree-actions">
          <button
            type="button"
            className="btn btn-small"
            onClick={() => setOpen({ kind: 'category', category: null, parentId: null })}
          >
            {t('catalogue.addCategory')}
          </button>
          {selected ? (
            <>
              <button
                type="button"
                className="btn btn-small"
                onClick={() => setOpen({ kind: 'category', category: null, parentId: selected.id })}
              >
                {t('catalogue.addSubcategory')}
              </button>
              <button
                type="button"
                className="btn btn-small"
                onClick={() => setOpen({ kind: 'category', category: selected, parentId: selected.parentId })}
              >
                {t('catalogue.editCategory')}
              </button>
            </>
          ) : null}
        </div>
      </aside>

      <section className="card catalogue-list" aria-labelledby="catalogue-title">
        <div className="detail-head">
          <h1 id="catalogue-title">{t('catalogue.title')}</h1>
          <div className="row-actions">
            <button
              type="button"
              className="btn btn-primary btn-large"
              onClick={() => setOpen({ kind: 'product', productId: null })}
              aria-keyshortcuts="Alt+N"
            >
              {t('catalogue.add')} <kbd>Alt+N</kbd>
            </button>
            <button
              type="button"
              className="btn"
              onClick={() => setOpen({ kind: 'import' })}
              aria-keyshortcuts="Alt+I"
            >
              {t('catalogue.import')} <kbd>Alt+I</kbd>
            </button>
            <button type="button" className="btn" onClick={() => void exportCsv()}>
              {t('catalogue.export')}
            </button>
          </div>
        </div>
        <div className="catalogue-filters">
          <input
            ref={searchRef}
            type="search"
            className="search"
            value={q}
            placeholder={t('catalogue.searchPlaceholder')}
            aria-label={t('catalogue.search')}
            onChange={(e) => {
              setQ(e.target.value);
              setSel(0);
            }}
            onKeyDown={onListKey}
            // biome-ignore lint/a11y/noAutofocus: the catalogue opens on its search, as the counter does
            autoFocus
          />
          <label className="check">
            <input type="checkbox" checked={archived} onChange={(e) => setArchived(e.target.checked)} />
            {t('catalogue.showArchived')}
          </label>
        </div>
        <p className="notice" role="status">
          {notice}
        </p>
        <ErrorBanner error={error} />
        {items.length === 0 ? (
          <p className="muted empty">{q ? t('catalogue.noMatch') : t('catalogue.empty')}</p>
        ) : (
          <table className="list catalogue-table">
            <thead>
              <tr>
                <th scope="col">{t('catalogue.name')}</th>
                <th scope="col">{t('catalogue.sku')}</th>
                <th scope="col">{t('catalogue.category')}</th>
                <th scope="col" className="num">
                  {t('catalogue.price')}
                </th>
                <th scope="col" className="num">
                  {t('catalogue.rateDay')}
                </th>
                <th scope="col" className="num">
                  {t('catalogue.unitsCol')}
                </th>
                <th scope="col">{t('catalogue.website')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p, i) => (
                <tr
                  key={p.id}
                  className={i === sel ? 'selected' : ''}
                  aria-selected={i === sel}
                  data-testid={`product-${p.sku}`}
                  onClick={() => setOpen({ kind: 'product', productId: p.id })}
                >
                  <td>
                    <button
                      type="button"
                      className="link"
                      onClick={() => setOpen({ kind: 'product', productId: p.id })}
                    >
                      {p.name}
                    </button>
                  </td>
                  <td className="mono">{p.sku}</td>
                  <td>{tree.find((c) => c.id === p.categoryId)?.path ?? '—'}</td>
                  <td className="num">{fmt.money(p.price)}</td>
                  <td className="num">{p.rates.day === null ? '—' : fmt.money(p.rates.day)}</td>
                  <td className="num">{p.units.total ? `${p.units.available} / ${p.units.total}` : '—'}</td>
                  <td>
                    {p.active ? (
                      p.onWebsite ? (
                        <span className="badge badge-active">{t('catalogue.onWebsite')}</span>
                      ) : (
                        <span className="badge badge-inactive">{t('catalogue.offWebsite')}</span>
                      )
                    ) : (
                      <span className="badge badge-inactive">{t('catalogue.archived')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="hint">{t('catalogue.keysHint')}</p>
      </section>

      {open?.kind === 'product' ? (
        <ProductEditor
          productId={open.productId}
          categories={tree}
          defaultCategoryId={categoryId}
          onClose={() => {
            setOpen(null);
            void load();
          }}
          onNotice={setNotice}
        />
      ) : null}
      {open?.kind === 'category' ? (
        <CategoryDialog
          category={open.category}
          parentId={open.parentId}
          tree={tree}
          onClose={() => setOpen(null)}
          onDone={(key, name, deletedId) => {
            setOpen(null);
            setNotice(t(key, { name }));
            if (deletedId && deletedId === categoryId) setCategoryId(null);
            void load();
          }}
        />
      ) : null}
      {open?.kind === 'import' ? (
        <CsvImportDialog
          onClose={() => setOpen(null)}
          onDone={(counts) => {
            setOpen(null);
            setNotice(t('catalogue.csv.done', counts));
            void load();
          }}
        />
      ) : null}
    </div>
  );
}

/** Add a (sub)category, or rename / move / delete one. */
function CategoryDialog({
  category,
  parentId: initialParent,
  tree,
  onClose,
  onDone,
}: {
  category: Category | null;
  parentId: string | null;
  tree: CategoryRow[];
  onClose: () => void;
  onDone: (noticeKey: string, name: string, deletedId?: string) => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(category?.name ?? '');
  const [parentId, setParentId] = useState<string | null>(initialParent);
  const [error, setError] = useState<unknown>(null);
  // a category cannot move under itself or its own subcategories: those are not offered
  const blocked = new Set<string>();
  if (category) {
    blocked.add(category.id);
    for (const c of tree) if (c.parentId && blocked.has(c.parentId)) blocked.add(c.id);
  }
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      if (category) {
        const out = await api().call('category.update', { categoryId: category.id, name, parentId });
        onDone('catalogue.categoryUpdated', out.name);
      } else {
        const out = await api().call('category.create', { name, parentId });
        onDone('catalogue.categoryCreated', out.name);
      }
    } catch (err) {
      setError(err);
    }
  }
  async function remove() {
    if (!category) return;
    setError(null);
    try {
      await api().call('category.delete', { categoryId: category.id });
      onDone('catalogue.categoryDeleted', category.name, category.id);
    } catch (err) {
      setError(err);
    }
  }
  const notEmpty =
    error && typeof error === 'object' && 'details' in error
      ? (error as { details?: { reason?: string; subcategories?: number; products?: number } }).details
      : undefined;
  return (
    <Dialog title={category ? t('catalogue.editCategory') : t('catalogue.addCategory')} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <label>
          {t('catalogue.categoryName')}
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={200}
            aria-invalid={issuesFor(error, 'name').length > 0}
            autoFocus
          />
        </label>
        <FieldError error={error} path="name" />
        <label>
          {t('catalogue.parent')}
          <select value={parentId ?? ''} onChange={(e) => setParentId(e.target.value || null)}>
            <option value="">{t('catalogue.topLevel')}</option>
            {tree
              .filter((c) => !blocked.has(c.id))
              .map((c) => (
                <option key={c.id} value={c.id}>
                  {c.path}
                </option>
              ))}
          </select>
        </label>
        <FieldError error={error} path="parentId" />
        {notEmpty?.reason === 'categoryNotEmpty' ? (
          <p className="field-error" role="alert">
            {t('catalogue.categoryNotEmpty', {
              subcategories: notEmpty.subcategories,
              products: notEmpty.products,
            })}
          </p>
        ) : (
          <ErrorBanner
            error={issuesFor(error, 'name').length || issuesFor(error, 'parentId').length ? null : error}
          />
        )}
        {category ? (
          <button type="button" className="btn btn-danger" onClick={() => void remove()}>
            {t('catalogue.deleteCategory')}
          </button>
        ) : null}
        <FormActions onCancel={onClose} submit={category ? t('common.save') : t('catalogue.addCategory')} />
      </form>
    </Dialog>
  );
}
