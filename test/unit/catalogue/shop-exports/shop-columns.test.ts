/** What each system's columns() tells the report: the field a documented column feeds, an attribute, or ignore. */
import { describe, expect, it } from 'vitest';
import { googleMerchantExport } from '../../../../functions/core/catalogue/shop-exports/google-merchant.ts';
import { shopifyExport } from '../../../../functions/core/catalogue/shop-exports/shopify.ts';
import { wooCommerceExport } from '../../../../functions/core/catalogue/shop-exports/woocommerce.ts';
import { profileOf } from './shop-export-helpers.ts';

const field = (name: string) => ({ kind: 'field', field: name });
const attribute = (name: string) => ({ kind: 'attribute', name });
const ignore = { kind: 'ignore' };
/** Read by the export's own rules without feeding one field (the listing status, an option value). */
const rule = { kind: 'rule' };

describe('Shopify columns', () => {
  it('says how every column of a 2024 export is read, names in the profile language', () => {
    const header = [
      'Handle',
      'Title',
      'Body (HTML)',
      'Vendor',
      'Product Category',
      'Type',
      'Tags',
      'Published',
      'Option1 Name',
      'Option1 Value',
      'Option1 Linked To',
      'Variant SKU',
      'Variant Grams',
      'Variant Inventory Tracker',
      'Variant Inventory Qty',
      'Variant Inventory Policy',
      'Variant Price',
      'Variant Compare At Price',
      'Unit Price Total Measure',
      'Unit Price Total Measure Unit',
      'Variant Barcode',
      'Image Src',
      'Image Position',
      'Image Alt Text',
      'Gift Card',
      'SEO Title',
      'Google Shopping / Condition',
      'Price / International',
      'Process (product.metafields.custom.process)',
      'Variant Image',
      'Variant Weight Unit',
      'Cost per item',
      'Status',
      'Notes internes',
    ];
    const columns = shopifyExport.columns(header, { profile: profileOf({ defaults: { language: 'fr' } }) });
    expect(Object.fromEntries(columns)).toEqual({
      Handle: field('itemGroupId'),
      Title: field('names.fr'),
      'Body (HTML)': field('description'),
      Vendor: field('brand'),
      'Product Category': field('productType'),
      Type: field('productType'),
      Tags: attribute('tags'),
      Published: rule,
      'Option1 Name': ignore,
      'Option1 Value': rule,
      'Option1 Linked To': ignore,
      'Variant SKU': field('sku'),
      'Variant Grams': field('grossWeight'),
      'Variant Inventory Tracker': rule,
      'Variant Inventory Qty': field('stock'),
      'Variant Inventory Policy': ignore,
      'Variant Price': field('price'),
      'Variant Compare At Price': field('price'),
      'Unit Price Total Measure': field('netContent'),
      'Unit Price Total Measure Unit': rule,
      'Variant Barcode': field('gtin'),
      'Image Src': field('images'),
      'Image Position': rule,
      'Image Alt Text': ignore,
      'Gift Card': rule,
      'SEO Title': ignore,
      'Google Shopping / Condition': ignore,
      'Price / International': ignore,
      'Process (product.metafields.custom.process)': attribute('Process'),
      'Variant Image': field('images'),
      'Variant Weight Unit': ignore,
      'Cost per item': ignore,
      Status: rule,
    });
  });
});

describe('WooCommerce columns', () => {
  it('maps the translated names and leaves plugin columns to the ordinary column mapping', () => {
    const header = [
      'ID',
      'Type',
      'UGS',
      'GTIN, UPC, EAN ou ISBN',
      'Nom',
      'Publié',
      'En stock ?',
      'Stock',
      'Poids (kg)',
      'Longueur (cm)',
      'Tarif promo',
      'Tarif régulier',
      'Catégories',
      'Images',
      'Parent',
      'Marques',
      'Attribut 1 nom',
      'Attribut 1 valeur(s)',
      'Attribut 1 visible',
      'Meta: _wpm_gtin_code',
      'Meta: _yoast_wpseo_title',
      'Download 1 URL',
      'Origine (district)',
    ];
    expect(Object.fromEntries(wooCommerceExport.columns(header))).toEqual({
      ID: rule,
      Type: rule,
      UGS: field('sku'),
      'GTIN, UPC, EAN ou ISBN': field('gtin'),
      Nom: field('names.en'),
      Publié: rule,
      'En stock ?': field('stock'),
      Stock: field('stock'),
      'Poids (kg)': field('grossWeight'),
      'Longueur (cm)': ignore,
      'Tarif promo': field('salePrice'),
      'Tarif régulier': field('price'),
      Catégories: field('productType'),
      Images: field('images'),
      Parent: field('itemGroupId'),
      Marques: field('brand'),
      'Attribut 1 nom': ignore,
      'Attribut 1 valeur(s)': attribute('Attribut 1 valeur(s)'),
      'Attribut 1 visible': ignore,
      'Meta: _wpm_gtin_code': ignore,
      'Meta: _yoast_wpseo_title': ignore,
      'Download 1 URL': ignore,
    });
  });
});

describe('Google Merchant Center columns', () => {
  it('reads availability as the stock unless the feed gives quantities', () => {
    const columns = (header: string[]) => Object.fromEntries(googleMerchantExport.columns(header));
    expect(columns(['g:id', 'title', 'g:price', 'g:availability', 'g:size', 'g:mpn', 'g:origin'])).toEqual({
      'g:id': field('sku'),
      title: field('names.en'),
      'g:price': field('price'),
      'g:availability': field('stock'),
      'g:size': attribute('size'),
      'g:mpn': ignore,
    });
    expect(columns(['id', 'title', 'price', 'availability', 'quantity'])).toEqual({
      id: field('sku'),
      title: field('names.en'),
      price: field('price'),
      availability: ignore,
      quantity: field('stock'),
    });
  });
});
