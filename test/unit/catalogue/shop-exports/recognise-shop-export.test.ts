import { describe, expect, it } from 'vitest';
import { recogniseShopExport } from '../../../../functions/core/catalogue/shop-exports/recognise-shop-export.ts';
import { fixture } from './shop-export-helpers.ts';

/** The header line of a fixture, split the simple way (its headers hold no quoted separators except WooCommerce's GTIN one). */
function headerOf(path: string, separator: string): string[] {
  const text = fixture(path)
    .toString('utf8')
    .replace(/^\uFEFF/u, '');
  const line = text.slice(0, text.indexOf('\n'));
  const cells: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === separator && !quoted) {
      cells.push(current);
      current = '';
    } else current += char;
  }
  cells.push(current);
  return cells;
}

describe('recogniseShopExport', () => {
  it.each([
    ['shopify/products_export_1.csv', ',', 'shopify'],
    ['shopify/products_export_2025.csv', ',', 'shopify'],
    ['shopify/products_export_2019.csv', ',', 'shopify'],
    ['woocommerce/wc-product-export-1-7-2026.csv', ',', 'woocommerce'],
    ['woocommerce/wc-product-export-fr.csv', ',', 'woocommerce'],
    ['google-merchant/products.tsv', '\t', 'google-merchant'],
  ])('recognises %s', (path, separator, system) => {
    expect(recogniseShopExport(headerOf(path, separator))?.system).toBe(system);
  });

  it.each([
    [
      'a 2022 Shopify export (Standardized and Custom Product Type)',
      'Handle,Title,Body (HTML),Vendor,Standardized Product Type,Custom Product Type,Tags,Published,Option1 Name,Option1 Value,Variant SKU,Variant Grams,Variant Inventory Qty,Variant Price,Image Src,Status',
      'shopify',
    ],
    [
      'a German WooCommerce export',
      'ID,Typ,Artikelnummer,Name,Veröffentlicht,Ist hervorgehoben?,Sichtbarkeit im Katalog,Kurzbeschreibung,Beschreibung,Vorrätig?,Lager,Gewicht (kg),Angebotspreis,Regulärer Preis,Kategorien,Schlagwörter,Bilder,Übergeordnetes Produkt,Attribut 1 Name,Attribut 1 Wert(e)',
      'woocommerce',
    ],
    [
      'a Spanish WooCommerce export',
      'ID,Tipo,SKU,Nombre,Publicado,¿Está destacado?,Visibilidad en el catálogo,Descripción corta,Descripción,¿En inventario?,Inventario,Peso (kg),Precio rebajado,Precio normal,Categorías,Etiquetas,Imágenes,Superior',
      'woocommerce',
    ],
    [
      'a WooCommerce export of a few chosen columns',
      'ID,Type,SKU,Name,Short description,Regular price,Stock',
      'woocommerce',
    ],
    [
      'a Google text feed written with spaces',
      'id,title,description,link,image link,availability,price,brand,gtin',
      'google-merchant',
    ],
  ])('recognises %s', (_what, header, system) => {
    expect(recogniseShopExport(header.split(','))?.system).toBe(system);
  });

  it.each([
    ['a French producer sheet', 'Type,SKU,Nom,Prix'],
    [
      'a French sheet with shop-like words',
      'Type,SKU,Nom,Prix,Stock,Description,Images,Catégories,Parent,Publié',
    ],
    ['a sheet with a handle column', 'Handle,Title,Price,Stock,Tags,Vendor'],
    ['a sheet with Shopify-like words', 'Handle,Title,Body,SKU,Price,Barcode,Status'],
    ['an English sheet of ids and availability', 'ID,Title,Price,Availability,Link'],
    [
      'the Huye Mountain sample',
      'Référence;Désignation;Type de produit;Variété;Procédé;Grade;Marque;Prix unitaire;Devise;Poids net (kg);Conditionnement;Stock;District;Coopérative;Code-barres;Code SH;Durée de conservation (jours);Date de récolte;Numéro de lot;Certifications;Image',
    ],
    ['canonical JSON keys', 'sku,names.en,productType,price.amount,price.currency,stock,images'],
  ])('does not take %s for an export', (_what, header) => {
    expect(recogniseShopExport(header.split(/[,;]/u))).toBeNull();
  });
});
