/**
 * The head-office page's words, in the till's three languages (French first: Comptoir's default).
 * One object per language with the same keys (the type of `fr` is the contract of the others).
 */
export const PAGE_LANGS = ['fr', 'en', 'bg'] as const;
export type PageLang = (typeof PAGE_LANGS)[number];

const fr = {
  htmlTitle: 'Comptoir — siège',
  title: 'Siège',
  loginTitle: 'Connexion au siège',
  username: 'Utilisateur',
  password: 'Mot de passe',
  signIn: 'Se connecter',
  signOut: 'Se déconnecter',
  badLogin: "Nom d'utilisateur ou mot de passe incorrect.",
  tooMany: 'Trop de tentatives : attendez une minute.',
  signedInAs: 'Connecté·e : {user}',
  language: 'Langue',
  readOnly: 'Lecture seule : les caisses envoient leur journal, rien ne se modifie ici.',
  asOf: 'Au {at}',
  alerts: 'Alertes',
  noAlerts: 'Aucune alerte.',
  alertFORK:
    '{till} : le journal diverge au n° {seq} (une autre écriture que celle reçue). Envoi refusé depuis le {at}.',
  alertLEDGER_REWRITTEN:
    '{till} : journal réécrit (le siège détient jusqu’au n° {ackSeq}, la caisse diffère à partir du n° {seq}). Envoi refusé depuis le {at}.',
  alertSilent: '{till} : silencieuse depuis plus de {hours} h (dernier contact : {at}).',
  alertCount: '{n} fois',
  stores: 'Magasins',
  noStores: 'Aucun magasin visible pour cet utilisateur.',
  tills: 'Caisses',
  noTills: 'Aucune caisse enrôlée.',
  till: 'Caisse',
  lastSync: 'Dernière synchro',
  lastStored: 'Dernier envoi reçu',
  pending: 'En attente',
  acked: 'Reçu jusqu’au n°',
  state: 'État',
  stateOk: 'à jour',
  statePending: 'en retard',
  stateSilent: 'silencieuse',
  stateRefused: 'refusée',
  stateRevoked: 'révoquée',
  never: 'jamais',
  salesByDay: 'Ventes par jour (30 jours, TTC)',
  salesChartLabel: 'Ventes',
  salesTableCaption: 'Ventes par jour',
  day: 'Jour',
  receipts: 'Reçus',
  total: 'Total',
  zReports: 'Rapports Z',
  noZ: 'Aucun rapport Z reçu.',
  zNumber: 'Z n°',
  closedAt: 'Fermé le',
  sales: 'Ventes',
  refunds: 'Remboursements',
  expected: 'Attendu',
  counted: 'Compté',
  overShort: 'Écart',
  seal: 'Scellé',
  sealVerified: 'vérifié',
  sealNone: '—',
  currencyNote: 'Montants en {currency}, heures de {zone}.',
};

type Strings = typeof fr;

const en: Strings = {
  htmlTitle: 'Comptoir — head office',
  title: 'Head office',
  loginTitle: 'Head office sign-in',
  username: 'Username',
  password: 'Password',
  signIn: 'Sign in',
  signOut: 'Sign out',
  badLogin: 'Wrong username or password.',
  tooMany: 'Too many attempts: wait a minute.',
  signedInAs: 'Signed in: {user}',
  language: 'Language',
  readOnly: 'Read-only: tills send their journals, nothing is changed here.',
  asOf: 'As of {at}',
  alerts: 'Alerts',
  noAlerts: 'No alerts.',
  alertFORK:
    '{till}: the journal diverges at no. {seq} (another entry than the one received). Pushes refused since {at}.',
  alertLEDGER_REWRITTEN:
    '{till}: journal rewritten (head office holds up to no. {ackSeq}, the till differs from no. {seq}). Pushes refused since {at}.',
  alertSilent: '{till}: silent for more than {hours} h (last contact: {at}).',
  alertCount: '{n} times',
  stores: 'Stores',
  noStores: 'No store is visible to this user.',
  tills: 'Tills',
  noTills: 'No till enrolled.',
  till: 'Till',
  lastSync: 'Last sync',
  lastStored: 'Last entries received',
  pending: 'Pending',
  acked: 'Received up to no.',
  state: 'State',
  stateOk: 'up to date',
  statePending: 'behind',
  stateSilent: 'silent',
  stateRefused: 'refused',
  stateRevoked: 'revoked',
  never: 'never',
  salesByDay: 'Sales by day (30 days, tax included)',
  salesChartLabel: 'Sales',
  salesTableCaption: 'Sales by day',
  day: 'Day',
  receipts: 'Receipts',
  total: 'Total',
  zReports: 'Z reports',
  noZ: 'No Z report received.',
  zNumber: 'Z no.',
  closedAt: 'Closed',
  sales: 'Sales',
  refunds: 'Refunds',
  expected: 'Expected',
  counted: 'Counted',
  overShort: 'Over/short',
  seal: 'Seal',
  sealVerified: 'verified',
  sealNone: '—',
  currencyNote: 'Amounts in {currency}, times in {zone}.',
};

const bg: Strings = {
  htmlTitle: 'Comptoir — централа',
  title: 'Централа',
  loginTitle: 'Вход в централата',
  username: 'Потребител',
  password: 'Парола',
  signIn: 'Вход',
  signOut: 'Изход',
  badLogin: 'Грешно потребителско име или парола.',
  tooMany: 'Твърде много опити: изчакайте минута.',
  signedInAs: 'Вписан: {user}',
  language: 'Език',
  readOnly: 'Само за четене: касите изпращат дневниците си, тук нищо не се променя.',
  asOf: 'Към {at}',
  alerts: 'Сигнали',
  noAlerts: 'Няма сигнали.',
  alertFORK:
    '{till}: дневникът се разклонява при № {seq} (друг запис от получения). Изпращането е отказано от {at}.',
  alertLEDGER_REWRITTEN:
    '{till}: пренаписан дневник (централата пази до № {ackSeq}, касата се различава от № {seq}). Изпращането е отказано от {at}.',
  alertSilent: '{till}: мълчи повече от {hours} ч (последна връзка: {at}).',
  alertCount: '{n} пъти',
  stores: 'Магазини',
  noStores: 'Няма магазини, видими за този потребител.',
  tills: 'Каси',
  noTills: 'Няма регистрирани каси.',
  till: 'Каса',
  lastSync: 'Последна синхр.',
  lastStored: 'Последно получени',
  pending: 'Чакащи',
  acked: 'Получено до №',
  state: 'Състояние',
  stateOk: 'актуална',
  statePending: 'изостава',
  stateSilent: 'мълчи',
  stateRefused: 'отказана',
  stateRevoked: 'отнета',
  never: 'никога',
  salesByDay: 'Продажби по дни (30 дни, с данъци)',
  salesChartLabel: 'Продажби',
  salesTableCaption: 'Продажби по дни',
  day: 'Ден',
  receipts: 'Бележки',
  total: 'Общо',
  zReports: 'Z отчети',
  noZ: 'Няма получени Z отчети.',
  zNumber: 'Z №',
  closedAt: 'Затворен',
  sales: 'Продажби',
  refunds: 'Възстановявания',
  expected: 'Очаквано',
  counted: 'Преброено',
  overShort: 'Разлика',
  seal: 'Печат',
  sealVerified: 'проверен',
  sealNone: '—',
  currencyNote: 'Суми в {currency}, часове в {zone}.',
};

export const STRINGS: Record<PageLang, Strings> = { fr, en, bg };
export type StringKey = keyof Strings;

/** `{name}` placeholders filled from `vars` (the caller escapes for HTML). */
export function tr(lang: PageLang, key: StringKey, vars: Record<string, string | number> = {}): string {
  return STRINGS[lang][key].replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** ?lang= first, then the cookie, then the browser's Accept-Language, then French. */
export function pickLang(query: unknown, cookie: string | undefined, accept: string | undefined): PageLang {
  const ok = (v: unknown): v is PageLang =>
    typeof v === 'string' && (PAGE_LANGS as readonly string[]).includes(v);
  if (ok(query)) return query;
  if (ok(cookie)) return cookie;
  for (const part of (accept ?? '').split(',')) {
    const base = part.trim().split(/[-;]/)[0]?.toLowerCase();
    if (ok(base)) return base;
  }
  return 'fr';
}
