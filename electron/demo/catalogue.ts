/**
 * The demo store's catalogue: a Québec equipment-rental + hardware counter. Prices in cents
 * (CAD, before GST/QST). Rental equipment carries rental rates per day/week/month and a
 * deposit; consumables are plain retail. ~200 items, built from the families below.
 */

export interface DemoCategory {
  key: string;
  name: string;
  parent: string | null;
}

export interface DemoItem {
  category: string; // DemoCategory.key
  name: string;
  manufacturer: string | null;
  model: string | null;
  price: number;
  taxCategory: 'standard' | 'exempt' | 'zero';
  rentalDay?: number;
  rentalWeek?: number;
  rentalMonth?: number;
  deposit?: number;
  /** relative popularity at the counter (consumables sell far more often than generators) */
  weight: number;
}

export const CATEGORIES: DemoCategory[] = [
  { key: 'outillage', name: 'Outillage électrique', parent: null },
  { key: 'perceuses', name: 'Perceuses et visseuses', parent: 'outillage' },
  { key: 'scies', name: 'Scies', parent: 'outillage' },
  { key: 'meuleuses', name: 'Meuleuses et ponceuses', parent: 'outillage' },
  { key: 'acces', name: 'Échelles et échafaudages', parent: null },
  { key: 'echelles', name: 'Échelles', parent: 'acces' },
  { key: 'echafaudages', name: 'Échafaudages', parent: 'acces' },
  { key: 'energie', name: 'Énergie et air comprimé', parent: null },
  { key: 'generatrices', name: 'Génératrices', parent: 'energie' },
  { key: 'compresseurs', name: 'Compresseurs', parent: 'energie' },
  { key: 'beton', name: 'Béton et maçonnerie', parent: null },
  { key: 'betonnieres', name: 'Bétonnières', parent: 'beton' },
  { key: 'compaction', name: 'Compaction et démolition', parent: 'beton' },
  { key: 'nettoyage', name: 'Nettoyage', parent: null },
  { key: 'pression', name: 'Laveuses à pression', parent: 'nettoyage' },
  { key: 'aspirateurs', name: 'Aspirateurs et déshumidificateurs', parent: 'nettoyage' },
  { key: 'consommables', name: 'Consommables', parent: null },
  { key: 'lames', name: 'Lames et disques', parent: 'consommables' },
  { key: 'forets', name: 'Forets et embouts', parent: 'consommables' },
  { key: 'fixations', name: 'Vis, clous et ancrages', parent: 'consommables' },
  { key: 'abrasifs', name: 'Abrasifs', parent: 'consommables' },
  { key: 'securite', name: 'Sécurité', parent: null },
  { key: 'epi', name: 'Gants et protection', parent: 'securite' },
  { key: 'divers', name: 'Divers', parent: null },
  { key: 'depots', name: 'Dépôts et frais', parent: 'divers' },
];

/** Rental equipment: sale price is the replacement price; rental per day, week (≈ 4 days) and month. */
function rental(
  category: string,
  name: string,
  manufacturer: string,
  model: string,
  day: number,
  price: number,
  deposit: number,
): DemoItem {
  return {
    category,
    name,
    manufacturer,
    model,
    price,
    taxCategory: 'standard',
    rentalDay: day,
    rentalWeek: day * 4,
    rentalMonth: day * 12,
    deposit,
    weight: 1,
  };
}

function retail(
  category: string,
  name: string,
  manufacturer: string | null,
  model: string | null,
  price: number,
  weight: number,
  taxCategory: DemoItem['taxCategory'] = 'standard',
): DemoItem {
  return { category, name, manufacturer, model, price, taxCategory, weight };
}

function buildItems(): DemoItem[] {
  const items: DemoItem[] = [];
  const add = (...x: DemoItem[]) => items.push(...x);

  // --- rental fleet -------------------------------------------------------------------------
  add(
    rental('perceuses', 'Perceuse à percussion 1/2 po', 'DeWalt', 'DWD520', 1800, 21_900, 5_000),
    rental('perceuses', 'Marteau perforateur SDS-Plus', 'Bosch', 'RH328VC', 3200, 42_900, 10_000),
    rental('perceuses', 'Marteau perforateur SDS-Max', 'Hilti', 'TE 60-ATC', 5500, 189_900, 25_000),
    rental('perceuses', 'Carotteuse à béton', 'Milwaukee', 'MX FUEL MXF301', 9500, 549_900, 50_000),
    rental('perceuses', 'Visseuse à placoplâtre', 'Makita', 'FS4200', 2000, 25_900, 5_000),
    rental('scies', 'Scie circulaire 7-1/4 po', 'Makita', '5007MG', 2200, 22_900, 5_000),
    rental('scies', 'Scie à onglets 12 po', 'DeWalt', 'DWS779', 4500, 79_900, 15_000),
    rental('scies', 'Scie à béton 14 po (essence)', 'Husqvarna', 'K 770', 8900, 229_900, 40_000),
    rental('scies', 'Scie sur table 10 po', 'Bosch', '4100XC-10', 4900, 99_900, 15_000),
    rental('scies', 'Scie alternative', 'Milwaukee', '6519-31', 2100, 19_900, 5_000),
    rental('scies', 'Scie à carrelage sur table', 'MK Diamond', 'MK-370EXP', 5500, 119_900, 20_000),
    rental('meuleuses', 'Meuleuse d’angle 4-1/2 po', 'Makita', 'GA4530', 1500, 12_900, 5_000),
    rental('meuleuses', 'Meuleuse d’angle 9 po', 'DeWalt', 'DWE4559', 2500, 27_900, 5_000),
    rental('meuleuses', 'Ponceuse à plancher (tambour)', 'Clarke', 'EZ-8', 7500, 349_900, 40_000),
    rental('meuleuses', 'Ponceuse à bordures', 'Clarke', 'Super Edger', 5000, 199_900, 25_000),
    rental('meuleuses', 'Ponceuse de cloisons sèches', 'Festool', 'Planex LHS 225', 6500, 149_900, 25_000),
    rental(
      'echelles',
      'Échelle coulissante 24 pi (fibre de verre)',
      'Werner',
      'D6224-2',
      2400,
      52_900,
      10_000,
    ),
    rental('echelles', 'Échelle coulissante 32 pi (aluminium)', 'Werner', 'D1332-2', 2900, 64_900, 10_000),
    rental('echelles', 'Escabeau 8 pi', 'Louisville', 'FS1508', 1200, 24_900, 5_000),
    rental('echelles', 'Escabeau 12 pi', 'Louisville', 'FS1512', 1600, 42_900, 5_000),
    rental(
      'echelles',
      'Échelle articulée multiposition',
      'Little Giant',
      'Velocity 22',
      1900,
      44_900,
      10_000,
    ),
    rental('echafaudages', 'Section d’échafaudage 5 x 5 pi', 'Metaltech', 'I-CISC', 800, 24_900, 5_000),
    rental('echafaudages', 'Plateforme d’échafaudage 7 pi', 'Metaltech', 'I-BMSSP', 500, 18_900, 5_000),
    rental('echafaudages', 'Garde-corps d’échafaudage', 'Metaltech', 'I-BMGR', 400, 12_900, 2_500),
    rental('echafaudages', 'Roues d’échafaudage (jeu de 4)', 'Metaltech', 'I-CIC8', 600, 16_900, 2_500),
    rental('echafaudages', 'Échafaudage roulant Baker', 'Werner', 'PS-48', 3500, 89_900, 15_000),
    rental('generatrices', 'Génératrice 2 200 W inverter', 'Honda', 'EU2200i', 4500, 159_900, 30_000),
    rental('generatrices', 'Génératrice 3 000 W inverter', 'Honda', 'EU3000iS', 6500, 399_900, 50_000),
    rental('generatrices', 'Génératrice 7 000 W', 'Champion', '100813', 7500, 179_900, 40_000),
    rental('generatrices', 'Génératrice 10 kW bicarburant', 'Generac', 'GP10000E', 11_000, 329_900, 60_000),
    rental('generatrices', 'Tour d’éclairage portative', 'Magnum', 'MLT3060', 12_500, 1_499_900, 100_000),
    rental('compresseurs', 'Compresseur 6 gal (crêpe)', 'Porter-Cable', 'C2002', 2500, 22_900, 5_000),
    rental('compresseurs', 'Compresseur 20 gal', 'DeWalt', 'DXCMLA1682066', 4500, 89_900, 15_000),
    rental('compresseurs', 'Compresseur remorquable 185 pcm', 'Doosan', 'P185', 19_500, 2_499_900, 150_000),
    rental('compresseurs', 'Cloueuse à charpente', 'Paslode', 'F350S', 2500, 49_900, 10_000),
    rental('compresseurs', 'Cloueuse de finition 16 ga', 'Bostitch', 'BTFP71917', 1800, 24_900, 5_000),
    rental(
      'compresseurs',
      'Marteau piqueur pneumatique 90 lb',
      'Chicago Pneumatic',
      'CP 1290',
      6500,
      169_900,
      30_000,
    ),
    rental('betonnieres', 'Bétonnière électrique 3,5 pi³', 'Kushlan', '350DD', 4500, 94_900, 15_000),
    rental('betonnieres', 'Bétonnière 6 pi³ (essence)', 'Multiquip', 'MC64SH8', 7500, 399_900, 40_000),
    rental('betonnieres', 'Malaxeur à mortier 9 pi³', 'Multiquip', 'WM90SH8', 9500, 699_900, 60_000),
    rental('betonnieres', 'Vibrateur à béton', 'Wacker Neuson', 'M2000', 4000, 129_900, 20_000),
    rental('betonnieres', 'Truelle mécanique 36 po', 'Multiquip', 'WT36', 8500, 449_900, 50_000),
    rental('compaction', 'Plaque vibrante 18 po', 'Wacker Neuson', 'VP1550', 7500, 299_900, 40_000),
    rental('compaction', 'Pilonneuse (sauteuse)', 'Wacker Neuson', 'BS60-4As', 9500, 549_900, 50_000),
    rental('compaction', 'Marteau démolisseur électrique 65 lb', 'Bosch', 'BH2770VCD', 6500, 279_900, 40_000),
    rental('compaction', 'Tarière 2 personnes', 'Echo', 'EDR-2400', 6000, 119_900, 20_000),
    rental('compaction', 'Chariot à béton motorisé', 'Bartell', 'BMD9', 8000, 799_900, 60_000),
    rental(
      'pression',
      'Laveuse à pression 2 700 lb/po² (essence)',
      'Simpson',
      'MSH3125',
      6500,
      54_900,
      15_000,
    ),
    rental('pression', 'Laveuse à pression 4 000 lb/po²', 'Honda', 'GX390 Pro', 9500, 159_900, 25_000),
    rental('pression', 'Laveuse à pression eau chaude', 'Karcher', 'HDS 3.0/20 Ed', 17_500, 799_900, 60_000),
    rental(
      'pression',
      'Laveuse à pression électrique 1 900 lb/po²',
      'Ryobi',
      'RY141900',
      3500,
      24_900,
      5_000,
    ),
    rental('pression', 'Nettoyeur de surfaces 20 po', 'Simpson', '80165', 2500, 19_900, 5_000),
    rental('aspirateurs', 'Aspirateur eau et poussière 16 gal', 'Ridgid', 'HD1600', 2500, 21_900, 5_000),
    rental('aspirateurs', 'Extracteur à tapis', 'Rug Doctor', 'X3', 3500, 99_900, 15_000),
    rental('aspirateurs', 'Déshumidificateur commercial', 'Dri-Eaz', 'LGR 3500i', 6500, 449_900, 40_000),
    rental('aspirateurs', 'Ventilateur séchoir', 'Dri-Eaz', 'Sahara Pro X3', 2500, 49_900, 10_000),
    rental(
      'aspirateurs',
      'Chaufferette au propane 125 000 BTU',
      'Mr. Heater',
      'MH125FAV',
      3500,
      34_900,
      10_000,
    ),
  );

  // --- tools for sale (small, often bought) ---------------------------------------------------
  const tools: [string, string, string, string, number][] = [
    ['perceuses', 'Perceuse-visseuse 20 V (outil seul)', 'DeWalt', 'DCD771B', 11_900],
    ['perceuses', 'Visseuse à percussion 18 V (outil seul)', 'Makita', 'XDT13Z', 14_900],
    ['perceuses', 'Ensemble perceuse + visseuse 18 V', 'Milwaukee', '2997-22', 39_900],
    ['perceuses', 'Batterie 20 V 5,0 Ah', 'DeWalt', 'DCB205', 16_900],
    ['perceuses', 'Chargeur rapide 18 V', 'Makita', 'DC18RC', 8_900],
    ['scies', 'Scie égoïne 15 po', 'Stanley', '20-045', 2_499],
    ['scies', 'Scie à métaux', 'Lenox', '12132HT50', 3_299],
    ['scies', 'Scie oscillante multifonction', 'Bosch', 'GOP40-30C', 22_900],
    ['meuleuses', 'Ponceuse orbitale 5 po', 'Makita', 'BO5031', 10_900],
    ['meuleuses', 'Meuleuse d’angle 20 V (outil seul)', 'DeWalt', 'DCG413B', 17_900],
    ['echelles', 'Escabeau 3 marches', 'Werner', '6203', 8_900],
    ['echelles', 'Tablette porte-outils pour échelle', 'Werner', 'AC27-P', 3_999],
    ['echelles', 'Stabilisateur d’échelle', 'Werner', 'AC96', 6_499],
    ['compresseurs', 'Boyau à air 3/8 po x 50 pi', 'Flexzilla', 'HFZ3850YW2', 4_999],
    ['compresseurs', 'Trousse d’accessoires pneumatiques', 'Campbell Hausfeld', 'MP284000AV', 2_999],
    ['generatrices', 'Rallonge 25 pi 12/3', 'Yellow Jacket', '2882', 3_999],
    ['generatrices', 'Rallonge 50 pi 12/3', 'Yellow Jacket', '2884', 6_999],
    ['generatrices', 'Bidon d’essence 20 L', 'Scepter', 'FMG1', 3_499],
    ['generatrices', 'Huile moteur 4 temps 1 L', 'Honda', '08207-10W30', 1_299],
    ['pression', 'Détergent pour laveuse à pression 3,78 L', 'Simple Green', 'PW-1G', 2_499],
    ['pression', 'Buse turbo 4 000 lb/po²', 'Simpson', '80153', 4_499],
    ['aspirateurs', 'Sacs filtrants pour aspirateur (3)', 'Ridgid', 'VF3502', 2_299],
    ['aspirateurs', 'Filtre cartouche HEPA', 'Ridgid', 'VF6000', 4_999],
    ['betonnieres', 'Truelle de maçon 11 po', 'Marshalltown', '45-11', 3_299],
    ['betonnieres', 'Aplanissoir en magnésium 16 po', 'Kraft Tool', 'CF234', 3_999],
    ['betonnieres', 'Brouette 6 pi³', 'Garant', 'GPPB6', 16_900],
    ['compaction', 'Pelle ronde manche long', 'Garant', 'RHP', 2_999],
    ['compaction', 'Barre à clous 36 po', 'Estwing', 'DFB36', 4_999],
  ];
  for (const [c, n, m, mo, p] of tools) add(retail(c, n, m, mo, p, 3));

  // --- consumables: blades, discs, bits, fasteners, abrasives, gloves -------------------------
  for (const [size, teeth, price] of [
    ['7-1/4 po', 24, 1_499],
    ['7-1/4 po', 40, 2_299],
    ['10 po', 40, 3_999],
    ['10 po', 60, 4_999],
    ['12 po', 60, 6_999],
    ['12 po', 80, 8_999],
  ] as const) {
    add(retail('lames', `Lame de scie circulaire ${size} ${teeth} dents`, 'Diablo', `D${teeth}`, price, 8));
  }
  for (const [size, price] of [
    ['4-1/2 po', 1_999],
    ['7 po', 3_999],
    ['12 po', 8_999],
    ['14 po', 12_999],
  ] as const) {
    add(retail('lames', `Disque diamant segmenté ${size}`, 'Diablo', 'DMADST', price, 6));
  }
  for (const [size, kind, price] of [
    ['4-1/2 po', 'à tronçonner métal', 399],
    ['4-1/2 po', 'à meuler', 599],
    ['4-1/2 po', 'à lamelles grain 60', 899],
    ['4-1/2 po', 'à lamelles grain 80', 899],
    ['9 po', 'à tronçonner métal', 899],
    ['14 po', 'abrasif béton', 1_499],
  ] as const) {
    add(retail('lames', `Disque ${kind} ${size}`, 'Norton', null, price, 10));
  }
  for (const [len, tpi, price] of [
    ['6 po', 'bois', 1_299],
    ['6 po', 'métal', 1_299],
    ['9 po', 'démolition', 1_999],
    ['12 po', 'démolition', 2_499],
  ] as const) {
    add(retail('lames', `Lames de scie alternative ${len} ${tpi} (5)`, 'Diablo', null, price, 6));
  }
  add(retail('lames', 'Lame de scie sauteuse T-shank (5)', 'Bosch', 'T101B', 999, 5));
  add(retail('lames', 'Lame oscillante universelle (3)', 'Bosch', 'OSL3', 2_499, 4));
  for (const [d, price] of [
    ['3/16 po', 699],
    ['1/4 po', 799],
    ['3/8 po', 1_199],
    ['1/2 po', 1_599],
    ['5/8 po', 2_299],
    ['3/4 po', 2_999],
    ['1 po', 4_499],
  ] as const) {
    add(retail('forets', `Foret SDS-Plus ${d}`, 'Bosch', 'HCFC2', price, 5));
  }
  add(
    retail('forets', 'Jeu de forets à métal titane (21)', 'DeWalt', 'DW1361', 3_999, 4),
    retail('forets', 'Jeu de forets à maçonnerie (5)', 'Bosch', 'HCK005', 1_999, 4),
    retail('forets', 'Jeu de mèches plates (6)', 'Irwin', '88886', 1_799, 3),
    retail('forets', 'Scie-cloche bimétal 2-1/8 po', 'Milwaukee', '49-56-9620', 1_999, 3),
    retail('forets', 'Embouts de vissage Robertson #2 (25)', 'Irwin', '1948792', 1_299, 8),
    retail('forets', 'Embouts de vissage Phillips #2 (25)', 'Irwin', '1948793', 1_299, 6),
    retail('forets', 'Jeu d’embouts à impact (40)', 'DeWalt', 'DWA2T40IR', 2_999, 4),
  );
  for (const [what, size, price, w] of [
    ['Vis à bois Robertson', '#8 x 1-1/4 po (1 lb)', 999, 12],
    ['Vis à bois Robertson', '#8 x 2 po (1 lb)', 999, 12],
    ['Vis à bois Robertson', '#10 x 3 po (1 lb)', 1_199, 10],
    ['Vis à patio traitées', '#8 x 2-1/2 po (5 lb)', 3_999, 8],
    ['Vis à gypse', '1-1/4 po (1 lb)', 899, 10],
    ['Vis à béton Tapcon', '1/4 x 2-3/4 po (25)', 2_199, 6],
    ['Clous communs', '3-1/2 po (5 lb)', 1_899, 6],
    ['Clous de finition', '2 po (1 lb)', 699, 5],
    ['Clous en bande 21°', '3-1/4 po (2 000)', 6_999, 4],
    ['Ancrages à douille', '3/8 x 3 po (10)', 1_499, 4],
    ['Ancrages pour gypse', 'plastique (50)', 599, 6],
    ['Boulons hexagonaux galvanisés', '1/2 x 6 po (10)', 1_799, 3],
    ['Tire-fonds galvanisés', '3/8 x 4 po (10)', 1_399, 3],
    ['Rondelles plates galvanisées', '1/2 po (25)', 599, 3],
  ] as const) {
    add(retail('fixations', `${what} ${size}`, null, null, price, w));
  }
  for (const grit of [36, 60, 80, 100, 120, 150, 220]) {
    add(retail('abrasifs', `Disques abrasifs 5 po grain ${grit} (10)`, '3M', `Cubitron ${grit}`, 1_499, 5));
  }
  for (const grit of [20, 36, 60, 80, 100]) {
    add(retail('abrasifs', `Papier pour ponceuse à plancher grain ${grit}`, 'Clarke', `EZ8-${grit}`, 499, 6));
  }
  add(
    retail('abrasifs', 'Papier sablé assorti (feuilles, 20)', '3M', 'Pro Grade', 1_299, 4),
    retail('abrasifs', 'Bloc à poncer', '3M', 'Sanding Sponge', 499, 5),
    retail('abrasifs', 'Laine d’acier #0000', 'Rhodes', 'American', 699, 3),
  );
  for (const [what, size, price, w] of [
    ['Gants de travail en cuir', 'L', 1_999, 8],
    ['Gants de travail en cuir', 'XL', 1_999, 7],
    ['Gants enduits de nitrile', 'M', 699, 7],
    ['Gants enduits de nitrile', 'L', 699, 9],
    ['Gants d’hiver doublés', 'L', 2_999, 5],
    ['Gants jetables en nitrile', 'boîte de 100', 1_999, 5],
  ] as const) {
    add(retail('epi', `${what} — ${size}`, 'Watson', null, price, w));
  }
  add(
    retail('epi', 'Lunettes de sécurité claires', '3M', 'SecureFit 400', 999, 10),
    retail('epi', 'Lunettes de sécurité teintées', '3M', 'SecureFit 402', 1_199, 5),
    retail('epi', 'Bouchons d’oreilles (10 paires)', '3M', '1100', 799, 6),
    retail('epi', 'Coquilles antibruit', '3M', 'Peltor X2A', 3_499, 3),
    retail('epi', 'Masques N95 (10)', '3M', '8210', 2_999, 6),
    retail('epi', 'Demi-masque respiratoire', '3M', '6502QL', 4_999, 2),
    retail('epi', 'Cartouches P100 (paire)', '3M', '2091', 1_999, 3),
    retail('epi', 'Casque de sécurité classe E', 'MSA', 'V-Gard', 2_999, 3),
    retail('epi', 'Dossard haute visibilité', 'Ergodyne', 'GloWear 8210', 1_999, 3),
    retail('epi', 'Genouillères', 'Ergodyne', 'ProFlex 335', 3_499, 3),
    retail('epi', 'Trousse de premiers soins', 'St. John', 'Type 1', 4_999, 2),
    retail('epi', 'Ruban de signalisation « Danger » 1 000 pi', null, null, 1_999, 3),
  );
  add(
    retail('divers', 'Ruban à mesurer 25 pi', 'Stanley', 'FatMax', 2_999, 5),
    retail('divers', 'Niveau 48 po', 'Empire', 'e105', 4_999, 3),
    retail('divers', 'Couteau utilitaire rétractable', 'Olfa', 'L-1', 1_299, 6),
    retail('divers', 'Lames de couteau utilitaire (10)', 'Olfa', 'LB-10', 899, 8),
    retail('divers', 'Ruban adhésif en toile', 'Tuck Tape', 'Duct 48 mm', 1_099, 9),
    retail('divers', 'Ruban de peintre 36 mm', '3M', 'ScotchBlue', 899, 7),
    retail('divers', 'Cordeau traceur', 'Stanley', '47-140', 1_499, 3),
    retail('divers', 'Craie bleue 8 oz', 'Irwin', '64902', 499, 4),
    retail('divers', 'Crayons de menuisier (3)', 'Dixon', '14416', 299, 8),
    retail('divers', 'Bâche polyéthylène 10 x 12 pi', null, null, 1_299, 4),
    retail('divers', 'Sacs à ordures contracteur (20)', 'Glad', 'Contractor', 2_499, 5),
    retail('divers', 'Propane — échange de bouteille 20 lb', null, null, 2_699, 6),
    retail('divers', 'Glace en sac 5 kg', null, null, 499, 3),
    retail('divers', 'Eau de source 18,9 L', 'Naya', null, 899, 3, 'zero'),
    retail('divers', 'Eau de source 24 x 500 ml', 'Eska', null, 599, 4, 'zero'),
    retail('depots', 'Dépôt de garantie — location', null, null, 10_000, 2, 'exempt'),
    retail('depots', 'Dépôt sur bouteille de propane', null, null, 5_000, 1, 'exempt'),
    retail('depots', 'Consigne — palette', null, null, 1_500, 1, 'exempt'),
    retail('depots', 'Frais de livraison (zone 1)', null, null, 4_500, 2),
    retail('depots', 'Frais de livraison (zone 2)', null, null, 7_500, 1),
    retail('depots', 'Frais de nettoyage d’équipement', null, null, 3_500, 1),
    retail('depots', 'Frais d’essence (plein)', null, null, 2_500, 2),
    retail('depots', 'Assurance bris — location', null, null, 1_500, 2),
  );
  return items;
}

export const ITEMS: readonly DemoItem[] = buildItems();

export const FIRST_NAMES = [
  'Marie',
  'Jean',
  'Sophie',
  'Luc',
  'Isabelle',
  'François',
  'Julie',
  'Patrick',
  'Nathalie',
  'Éric',
  'Geneviève',
  'Mathieu',
  'Catherine',
  'Sébastien',
  'Annie',
  'Guillaume',
  'Véronique',
  'Alexandre',
  'Mélanie',
  'Stéphane',
  'Chantal',
  'Marc-André',
  'Josée',
  'Maxime',
  'Émilie',
  'Réjean',
];

export const LAST_NAMES = [
  'Tremblay',
  'Gagnon',
  'Roy',
  'Côté',
  'Bouchard',
  'Gauthier',
  'Morin',
  'Lavoie',
  'Fortin',
  'Gagné',
  'Ouellet',
  'Pelletier',
  'Bélanger',
  'Lévesque',
  'Bergeron',
  'Leblanc',
  'Paquette',
  'Girard',
  'Simard',
  'Boucher',
  'Caron',
  'Beaulieu',
  'Cloutier',
  'Dubé',
  'Poirier',
  'Fournier',
  'Lapointe',
  'Leclerc',
  'Lefebvre',
  'Thibault',
];

export const COMPANIES = [
  'Construction Bélanger inc.',
  'Rénovations Laurentides enr.',
  'Paysagement Sainte-Adèle',
  'Toitures Dubé & fils',
  'Excavation Pelletier ltée',
  'Maçonnerie Gagné inc.',
  'Entretien ménager Lavoie',
  'Municipalité de Prévost',
  'Ébénisterie Caron',
  'Gestion immobilière Fortin',
  'Clôtures Nord-Sud',
  'Plomberie Thibault inc.',
];
