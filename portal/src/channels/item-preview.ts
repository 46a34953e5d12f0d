/**
 * What a shopper sees of an item on its channel, taken from the channel item as published (the
 * item route's `item`). One reader per channel's item shape (docs/channels/<channel>.md); a
 * channel without one still gets a card from the fields every item shares.
 */
export interface ItemPreview {
  title: string | null;
  subtitle: string | null;
  /** CNY amount as text, "131.44". */
  priceCny: string | null;
  /** Per-500 g price on fresh-food shelves. */
  pricePer500gCny: string | null;
  imageUrl: string | null;
  shelfLifeDays: number | null;
  certifications: string[];
  /** Other labelled facts, e.g. ["spec", "500g/袋"]. */
  facts: [string, string][];
}

type Json = Record<string, unknown>;

const record = (value: unknown): Json | null =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
const text = (value: unknown): string | null =>
  typeof value === 'string' && value.length > 0 ? value : null;
const integer = (value: unknown): number | null => (Number.isInteger(value) ? (value as number) : null);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Only https images are shown: the same rule the reader applies to image URLs (URL_INVALID). */
function httpsImage(value: unknown): string | null {
  const url = text(value);
  return url?.startsWith('https://') ? url : null;
}

function certificationNames(item: Json): string[] {
  return list(item.certifications).flatMap((entry) => {
    const certification = record(entry);
    const name = text(certification?.nameZh) ?? text(certification?.label) ?? text(certification?.code);
    return name ? [name] : [];
  });
}

function tmallGlobal(item: Json): ItemPreview {
  const firstSku = record(list(item.skus)[0]);
  const origin = record(item.origin);
  const facts: [string, string][] = [];
  const region = text(origin?.regionZh) ?? text(origin?.region);
  if (region) facts.push(['origin', `${text(origin?.countryZh) ?? ''} ${region}`.trim()]);
  const mode = text(item.crossBorderMode);
  if (mode) facts.push(['crossBorderMode', mode]);
  const hsCode = text(item.hsCode);
  if (hsCode) facts.push(['hsCode', hsCode]);
  return {
    title: text(item.title),
    subtitle: text(item.titleEn),
    priceCny: text(record(firstSku?.price)?.formatted),
    pricePer500gCny: null,
    imageUrl: httpsImage(list(item.images)[0]),
    shelfLifeDays: integer(item.shelfLifeDays),
    certifications: certificationNames(item),
    facts,
  };
}

function freshippo(item: Json): ItemPreview {
  const origin = record(item.origin);
  const storage = record(item.storage);
  const facts: [string, string][] = [];
  const spec = text(item.spec);
  if (spec) facts.push(['spec', spec]);
  const district = text(origin?.districtZh) ?? text(origin?.district);
  const farm = text(origin?.farm);
  if (district || farm) facts.push(['origin', [district, farm].filter(Boolean).join(' · ')]);
  const minC = storage?.minC;
  const maxC = storage?.maxC;
  if (typeof minC === 'number' && typeof maxC === 'number') facts.push(['storage', `${minC}–${maxC} °C`]);
  for (const key of ['harvestDate', 'lot', 'gtin'] as const) {
    const value = text(item[key]);
    if (value) facts.push([key, value]);
  }
  return {
    title: text(item.nameZh),
    subtitle: text(item.nameEn),
    priceCny: text(record(item.unitPrice)?.formatted),
    pricePer500gCny: text(record(item.pricePer500g)?.formatted),
    imageUrl: httpsImage(list(item.images)[0]),
    shelfLifeDays: integer(item.shelfLifeDays),
    certifications: certificationNames(item),
    facts,
  };
}

/** Fen (CNY minor units) as the yuan text other channels publish, "13144.18". */
const yuan = (fen: number): string => (fen / 100).toFixed(2);

/** The first departure still sold with seats left: what a traveller would book first, and its price. */
function nextDeparture(item: Json): Json | null {
  for (const entry of list(item.calendar)) {
    const departure = record(entry);
    if (departure && typeof departure.seats === 'number' && departure.seats > 0) return departure;
  }
  return null;
}

function fliggy(item: Json): ItemPreview {
  const facts: [string, string][] = [];
  const days = integer(item.tripDays);
  const nights = integer(item.tripNights);
  const hours = item.durationHours;
  if (days !== null) facts.push(['trip', `${days}天${nights ?? 0}晚`]);
  else if (typeof hours === 'number') facts.push(['trip', `${hours}小时`]);
  const start = record(record(item.start)?.city);
  const startName = text(start?.nameZh) ?? text(start?.name);
  if (startName) facts.push(['start', startName]);
  const departure = nextDeparture(item);
  const date = text(departure?.date);
  if (departure && date) facts.push(['nextDeparture', `${date} (${String(departure.seats)})`]);
  const permits = list(item.permits).flatMap((entry) => {
    const permit = record(entry);
    const name = text(permit?.nameZh) ?? text(permit?.kind);
    return name ? [`${name}${permit?.included === true ? ' ✓' : ' ✗'}`] : [];
  });
  if (permits.length > 0) facts.push(['permits', permits.join(' · ')]);
  const confirmation = text(record(item.confirmation)?.type);
  if (confirmation) facts.push(['confirmation', confirmation]);
  const adult = departure?.adult;
  return {
    title: text(item.title),
    subtitle: text(item.titleEn),
    priceCny: typeof adult === 'number' ? yuan(adult) : null,
    pricePer500gCny: null,
    imageUrl: httpsImage(list(item.images)[0]),
    shelfLifeDays: null,
    certifications: [],
    facts,
  };
}

function anyChannel(item: Json): ItemPreview {
  return {
    title: text(item.title) ?? text(item.nameZh) ?? text(item.name),
    subtitle: text(item.titleEn) ?? text(item.nameEn),
    priceCny: null,
    pricePer500gCny: null,
    imageUrl: httpsImage(list(item.images)[0]),
    shelfLifeDays: integer(item.shelfLifeDays),
    certifications: certificationNames(item),
    facts: [],
  };
}

const READERS: Readonly<Record<string, (item: Json) => ItemPreview>> = {
  'tmall-global': tmallGlobal,
  freshippo,
  fliggy,
};

export function itemPreview(channel: string, item: Json): ItemPreview {
  return (READERS[channel] ?? anyChannel)(item);
}
