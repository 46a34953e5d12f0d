/**
 * WooCommerce product CSV columns. The exporter (plugins/woocommerce/includes/export/
 * class-wc-product-csv-exporter.php, get_default_column_names) writes each name through
 * WordPress translation, so a French shop's export says "UGS", "Nom", "Tarif régulier", a German
 * one "Artikelnummer", "Regulärer Preis", a Spanish one "Precio normal". Names below: English as
 * the exporter writes them, then the French, German and Spanish seen in real exports. Data only.
 */

export type WooRole =
  | 'id'
  | 'type'
  | 'sku'
  | 'gtin'
  | 'name'
  | 'published'
  | 'shortDescription'
  | 'description'
  | 'saleStarts'
  | 'saleEnds'
  | 'stockStatus'
  | 'stock'
  | 'salePrice'
  | 'regularPrice'
  | 'categories'
  | 'tags'
  | 'images'
  | 'parent'
  | 'brands';

export const WOO_COLUMNS: Readonly<Record<WooRole, readonly string[]>> = {
  id: ['ID'],
  type: ['Type', 'Typ', 'Tipo'],
  sku: ['SKU', 'UGS', 'Artikelnummer'],
  gtin: [
    'GTIN, UPC, EAN, or ISBN',
    'GTIN, UPC, EAN ou ISBN',
    'GTIN, UPC, EAN oder ISBN',
    'GTIN, UPC, EAN o ISBN',
  ],
  name: ['Name', 'Nom', 'Nombre'],
  published: ['Published', 'Publié', 'Veröffentlicht', 'Publicado'],
  shortDescription: ['Short description', 'Description courte', 'Kurzbeschreibung', 'Descripción corta'],
  description: ['Description', 'Beschreibung', 'Descripción'],
  saleStarts: [
    'Date sale price starts',
    'Date de début de promo',
    'Datum, an dem Angebotspreis beginnt',
    'Día en que empieza el precio rebajado',
  ],
  saleEnds: [
    'Date sale price ends',
    'Date de fin de promo',
    'Datum, an dem Angebotspreis endet',
    'Día en que termina el precio rebajado',
  ],
  stockStatus: ['In stock?', 'En stock ?', 'Vorrätig?', '¿En inventario?', '¿Existencias?'],
  stock: ['Stock', 'Lager', 'Bestand', 'Inventario'],
  salePrice: ['Sale price', 'Tarif promo', 'Angebotspreis', 'Precio rebajado'],
  regularPrice: ['Regular price', 'Tarif régulier', 'Regulärer Preis', 'Precio normal'],
  categories: ['Categories', 'Catégories', 'Kategorien', 'Categorías'],
  tags: ['Tags', 'Étiquettes', 'Schlagwörter', 'Etiquetas'],
  images: ['Images', 'Bilder', 'Imágenes'],
  parent: ['Parent', 'Übergeordnetes Produkt', 'Superior'],
  // WooCommerce's own Brands (9.6+) and the "Perfect Brands" plugin ("Brand").
  brands: ['Brands', 'Brand', 'Marques', 'Marque', 'Marken', 'Marke', 'Marcas', 'Marca'],
};

/** Documented columns that say nothing a channel listing uses. */
export const WOO_IGNORED_COLUMNS: readonly string[] = [
  'Is featured?',
  'Mis en avant ?',
  'Ist hervorgehoben?',
  '¿Está destacado?',
  'Visibility in catalog',
  'Visibilité dans le catalogue',
  'Sichtbarkeit im Katalog',
  'Visibilidad en el catálogo',
  'Tax status',
  'État de la TVA',
  'Steuerstatus',
  'Estado del impuesto',
  'Tax class',
  'Classe de TVA',
  'Steuerklasse',
  'Clase de impuesto',
  'Low stock amount',
  'Montant de stock faible',
  'Geringe Lagermenge',
  'Cantidad de bajo inventario',
  'Backorders allowed?',
  'Autoriser les commandes de produits en rupture ?',
  'Lieferrückstande erlaubt?',
  'Rückstände erlaubt?',
  '¿Permitir reservas de productos agotados?',
  'Sold individually?',
  'Vendre individuellement ?',
  'Nur einzeln verkaufen?',
  '¿Vendido individualmente?',
  'Allow customer reviews?',
  'Autoriser les avis clients ?',
  'Kundenbewertungen erlauben?',
  'Kundenrezensionen erlauben?',
  '¿Permitir valoraciones de clientes?',
  'Purchase note',
  'Note de commande',
  'Hinweis zum Kauf',
  'Nota de compra',
  'Shipping class',
  "Classe d'expédition",
  'Versandklasse',
  'Clase de envío',
  'Download limit',
  'Limite de téléchargement',
  'Downloadlimit',
  'Límite de descargas',
  'Download expiry days',
  "Jours d'expiration du téléchargement",
  'Ablauftage des Downloads',
  'Días de caducidad de la descarga',
  'Grouped products',
  'Groupes de produits',
  'Gruppierte Produkte',
  'Productos agrupados',
  'Upsells',
  'Produits suggérés',
  'Zusatzverkäufe',
  'Ventas dirigidas',
  'Cross-sells',
  'Ventes croisées',
  'Cross-Sells (Querverkäufe)',
  'Ventas cruzadas',
  'External URL',
  'URL externe',
  'Externe URL',
  'URL externa',
  'Button text',
  'Libellé du bouton',
  'Button-Text',
  'Texto del botón',
  'Position',
  'Posición',
  'Cost of goods',
];

/**
 * Names only a WooCommerce export has. A file with a Type and a Name column and two of these is
 * one; a producer's own sheet with "Type", "SKU", "Nom" and "Prix" is not.
 */
export const WOO_SIGNATURE_COLUMNS: readonly string[] = [
  ...WOO_IGNORED_COLUMNS.filter((name) => name !== 'Position' && name !== 'Posición'),
  ...WOO_COLUMNS.gtin,
  ...WOO_COLUMNS.shortDescription,
  ...WOO_COLUMNS.saleStarts,
  ...WOO_COLUMNS.saleEnds,
  ...WOO_COLUMNS.stockStatus,
  ...WOO_COLUMNS.regularPrice,
  'Attribute 1 name',
  'Attribute 1 value(s)',
  'Attribut 1 nom',
  'Attribut 1 valeur(s)',
  'Attribut 1 Wert(e)',
  'Valor(es) del atributo 1',
];

/** "Weight (kg)", "Poids (lbs)": the weight column, its unit in the brackets. */
export const WOO_WEIGHT_WORDS: readonly string[] = ['Weight', 'Poids', 'Gewicht', 'Peso'];
/** Dimension columns ("Length (cm)"): nothing a listing uses. */
export const WOO_DIMENSION_WORDS: readonly string[] = [
  'Length',
  'Width',
  'Height',
  'Longueur',
  'Largeur',
  'Hauteur',
  'Länge',
  'Breite',
  'Höhe',
  'Longitud',
  'Anchura',
  'Ancho',
  'Altura',
];

/**
 * Numbered attribute columns: "Attribute 1 name", "Attribut 1 valeur(s)", "Valor(es) del
 * atributo 1". `n` stands for the number.
 */
export const WOO_ATTRIBUTE_COLUMNS: Readonly<Record<'name' | 'value' | 'other', readonly string[]>> = {
  name: ['Attribute n name', 'Attribut n nom', 'Attribut n Name', 'Nombre del atributo n'],
  value: ['Attribute n value(s)', 'Attribut n valeur(s)', 'Attribut n Wert(e)', 'Valor(es) del atributo n'],
  other: [
    'Attribute n visible',
    'Attribute n global',
    'Attribute n default',
    'Attribut n visible',
    'Attribut n global',
    'Attribut n par défaut',
    'Attribut n Sichtbar',
    'Attribut n Global',
    'Attribut n Standard',
    'Atributo visible n',
    'Atributo global n',
    'Atributo por defecto n',
  ],
};

/** Numbered download columns ("Download 1 URL"): nothing a listing uses. */
export const WOO_DOWNLOAD_WORDS: readonly string[] = ['Download', 'Téléchargement', 'Descarga'];

/** Meta keys plugins and WooCommerce itself keep a product's GTIN in ("Meta: _gtin"). */
export const WOO_GTIN_META_KEYS: readonly string[] = ['_global_unique_id', '_gtin', '_ean', '_wpm_gtin_code'];

/** Product types that are products to list, and those that are not (a grouped product is a page of other products). */
export const WOO_LISTED_TYPES: ReadonlySet<string> = new Set(['simple', 'variation']);
export const WOO_PARENT_TYPE = 'variable';
