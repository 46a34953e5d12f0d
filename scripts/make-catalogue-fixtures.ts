/**
 * Writes the Excel-made workbooks of the reading corpus (test/fixtures/catalogues/<name>/*.xlsx):
 * shared strings, a dd/mm/yyyy date style, merged title cells, formula cells with their cached
 * results, a hidden lists sheet, a cover sheet, the summary sheet Apple Numbers puts first. The rows
 * are authored here by hand; what the reader must make of them is written by hand in each fixture's
 * expected.json, never computed from this script or from the reader. The LibreOffice-made workbooks
 * of the corpus come from their source.fods instead (see test/fixtures/catalogues/README.md).
 * Run: npx tsx scripts/make-catalogue-fixtures.ts
 */
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';

type CellInput = string | number | Date | null | { formula: string; result: number };
type Rows = readonly (readonly CellInput[])[];

const corpus = new URL('../test/fixtures/catalogues/', import.meta.url);
const DATE_FORMAT = 'dd/mm/yyyy';
const day = (year: number, month: number, date: number): Date => new Date(Date.UTC(year, month - 1, date));

function newWorkbook(creator: string): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = creator;
  workbook.lastModifiedBy = creator;
  // Fixed dates keep docProps/core.xml the same from one run to the next.
  workbook.created = day(2026, 1, 12);
  workbook.modified = day(2026, 1, 12);
  return workbook;
}

/** Writes rows from `firstRow`; Date cells get the dd/mm/yyyy style a French or Rwandan Excel shows. */
function putRows(sheet: ExcelJS.Worksheet, firstRow: number, rows: Rows): void {
  rows.forEach((cells, offset) => {
    const row = sheet.getRow(firstRow + offset);
    cells.forEach((value, index) => {
      if (value === null) return;
      const cell = row.getCell(index + 1);
      cell.value = value;
      if (value instanceof Date) cell.numFmt = DATE_FORMAT;
    });
    row.commit();
  });
}

function boldRow(sheet: ExcelJS.Worksheet, rowNumber: number): void {
  sheet.getRow(rowNumber).font = { bold: true };
}

async function save(workbook: ExcelJS.Workbook, fixture: string, file: string): Promise<void> {
  await workbook.xlsx.writeFile(fileURLToPath(new URL(`${fixture}/${file}`, corpus)));
}

const GISOVU_IMG = 'https://gisovutea.rw/images/';
// biome-ignore format: one line per spreadsheet row, as the sheet shows them
const gisovuProducts: Rows = [
  ['Référence', 'Nom du produit', 'Product name', 'Type', 'Grade', 'Poids net (g)', 'Unité de vente', 'Prix HT (EUR)', 'Stock', 'Colisage', 'Code SH', 'Durée de conservation (mois)', 'Certifications', 'Image 1', 'Image 2'],
  ['GIS-OP1-100', 'Thé noir OP1, boîte 100 g', 'Black tea OP1, 100 g tin', 'thé noir', 'OP1', 100, 'boîte', 6.2, 300, 24, '0902.40', 24, 'Rainforest Alliance', `${GISOVU_IMG}op1-100.jpg`, `${GISOVU_IMG}op1-100-open.jpg`],
  ['GIS-BP1-1KG', 'Thé noir BP1, sachet 1 kg', 'Black tea BP1, 1 kg bag', 'thé noir', 'BP1', 1000, 'sachet', 14.5, 90, 10, 902.4, 24, 'Rainforest Alliance', `${GISOVU_IMG}bp1-1kg.jpg`, null],
  ['GIS-GT-50', 'Thé vert, boîte 50 g', 'Green tea, 50 g tin', 'thé vert', null, 50, 'boîte', 5.8, 150, 24, '0902.10', 18, 'Rainforest Alliance; Bio', `${GISOVU_IMG}green-50.jpg`, null],
  ['GIS-WH-25', 'Thé blanc « Silver Tips », 25 g', 'White tea Silver Tips, 25 g', 'thé blanc', null, 25, 'boîte', 12, 40, 12, '0902.20', 18, null, `${GISOVU_IMG}white-25.jpg`, null],
];

/** A tea estate's workbook: a read-me sheet first, the products second, the drop-down lists hidden third. */
async function writeCoverSheetWorkbook(): Promise<void> {
  const workbook = newWorkbook('Gisovu Tea Estate');
  const readMe = workbook.addWorksheet('Lisez-moi');
  putRows(readMe, 1, [
    ['Comment remplir ce catalogue'],
    [],
    ['1. Une ligne par produit ; ne laissez pas de ligne vide entre deux produits.'],
    ['2. Prix en EUR hors taxes, départ Kigali.'],
    ['3. Choisissez le type et l’unité de vente dans les listes déroulantes.'],
    ['4. Ne modifiez pas les en-têtes de la feuille « Produits ».'],
    [],
    ['Contact : export@gisovutea.rw – +250 788 300 410'],
  ]);
  boldRow(readMe, 1);
  readMe.getColumn(1).width = 80;

  const products = workbook.addWorksheet('Produits');
  putRows(products, 1, gisovuProducts);
  boldRow(products, 1);
  for (let row = 2; row <= gisovuProducts.length; row += 1) {
    products.getCell(`D${row}`).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: ['Listes!$A$2:$A$5'],
    };
    products.getCell(`G${row}`).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: ['Listes!$B$2:$B$4'],
    };
  }

  const lists = workbook.addWorksheet('Listes', { state: 'hidden' });
  putRows(lists, 1, [
    ['Types', 'Unités'],
    ['thé noir', 'boîte'],
    ['thé vert', 'sachet'],
    ['thé blanc', 'carton'],
    ['infusion', null],
  ]);
  await save(workbook, 'xlsx-cover-sheet-hidden-lists', 'catalogue-gisovu-2026.xlsx');
}

// biome-ignore format: one line per spreadsheet row, as the sheet shows them
const gakenkeStock: Rows = [
  ['Référence', 'Désignation', 'Catégorie', 'Conditionnement', 'Poids net (kg)', 'Prix unitaire (RWF)', 'Stock'],
  ['GK-GB-A1', 'Café vert A1, sac 60 kg', 'Café vert', 'sac', 60, 390000, 20],
  ['GK-GB-A2', 'Café vert A2, sac 60 kg', 'Café vert', 'sac', 60, 350000, 14],
  [null, 'Sous-total café vert', null, null, null, null, { formula: 'SUM(G2:G3)', result: 34 }],
  ['GK-RB-250', 'Café torréfié 250 g', 'Café torréfié', 'sachet', 0.25, 6500, 120],
  ['GK-RB-1KG', 'Café torréfié 1 kg', 'Café torréfié', 'sachet', 1, 24000, 45],
  ['Sous-total café torréfié', null, null, null, null, null, { formula: 'SUM(G5:G6)', result: 165 }],
  [],
  ['TOTAL GÉNÉRAL', null, null, null, null, null, { formula: 'G4+G7', result: 199 }],
];

async function writeTotalsWorkbook(): Promise<void> {
  const workbook = newWorkbook('Abakundakawa Gakenke');
  const sheet = workbook.addWorksheet('Stock janvier');
  putRows(sheet, 1, gakenkeStock);
  for (const row of [1, 4, 7, 9]) boldRow(sheet, row);
  await save(workbook, 'xlsx-subtotals-and-grand-total', 'stock-janvier-2026.xlsx');
}

// biome-ignore format: one line per spreadsheet row, as the sheet shows them
const huyePrices: Rows = [
  ['Référence', 'Désignation', 'Type de produit', 'Prix unitaire (RWF)', 'Conditionnement', 'Poids net', 'Stock', 'Date de conditionnement', 'Lot'],
  ['HMC-RB-250', 'Café torréfié Maraba, 250 g', 'café torréfié', 9500, 'sachet', '250 g', 300, day(2026, 1, 5), 'HMC-R-2601'],
  ['HMC-RB-500', 'Café torréfié Maraba, 500 g', 'café torréfié', 17000, 'sachet', '500 g', 180, day(2026, 1, 5), 'HMC-R-2601'],
  ['HMC-RB-1KG', 'Café torréfié Maraba, 1 kg', 'café torréfié', { formula: 'D3*2-2000', result: 32000 }, 'sachet', '1 kg', 60, day(2026, 1, 5), 'HMC-R-2601'],
  ['HMC-GB-1KG', 'Café vert Red Bourbon lavé, 1 kg', 'café vert', 18500, 'sac', '1 kg', 240, null, 'HMC-2026-06'],
  [],
  ['TOTAL', null, null, null, null, null, { formula: 'SUM(G2:G5)', result: 780 }],
];

async function writeFormulaWorkbook(): Promise<void> {
  const workbook = newWorkbook('Huye Mountain Coffee');
  const sheet = workbook.addWorksheet('Prix 2026');
  putRows(sheet, 1, huyePrices);
  boldRow(sheet, 1);
  boldRow(sheet, 7);
  await save(workbook, 'xlsx-formula-price-cell', 'prix-huye-2026.xlsx');
}

// biome-ignore format: one line per spreadsheet row, as the sheet shows them
const macadamiaUs: Rows = [
  ['Item #', 'Product name', 'Type', 'Net qty', 'UOM', 'Pack', 'Price (USD)', 'Case qty', 'Stock on hand', 'UPC', 'HS code', 'Best before (months)'],
  ['RM-US-K-1LB', 'Macadamia kernels, 1 lb bag', 'macadamia', 1, 'lb', 'bag', 14.95, 12, 240, 74312001017, 802.62, 12],
  ['RM-US-R-454', 'Roasted macadamias, 454 g jar', 'macadamia', 454, 'g', 'jar', 12.5, 12, 180, 74312001024, 802.62, 9],
  ['RM-US-NIS-2LB', 'Macadamia nuts in shell, 2 lb bag', 'macadamia', 2, 'lb', 'bag', 11, 10, 95, 6164021000051, 802.61, 12],
  ['RM-US-OIL-250', 'Macadamia oil, 250 ml bottle', 'macadamia', 250, 'ml', 'bottle', 9.95, 12, 60, 12345678901, 1515.9, 18],
];

/** A US importer's sheet: UPCs typed into number cells (Excel drops their leading zero), HS codes too. */
async function writeUnitColumnsWorkbook(): Promise<void> {
  const workbook = newWorkbook('Ruhango Macadamia');
  const sheet = workbook.addWorksheet('US price list');
  putRows(sheet, 1, macadamiaUs);
  boldRow(sheet, 1);
  sheet.getColumn(7).numFmt = '0.00';
  await save(workbook, 'xlsx-unit-columns-upc-numbers', 'us-price-list.xlsx');
}

const BUGESERA_IMG = 'https://urusendabugesera.rw/amafoto/';
// biome-ignore format: one line per spreadsheet row, as the sheet shows them
const bugeseraRows: Rows = [
  ['Kode', "Izina ry'igicuruzwa", 'Nom du produit', 'Ubwoko', 'Uburemere', 'Igipimo', 'Igiciro / Prix', 'Ifaranga', 'Umubare', 'Akarere', "Itariki y'isarura", 'Ifoto'],
  ['BUR-RW-100', 'Urusenda rwumye 100 g', 'Piment séché 100 g', 'urusenda rwumye', 100, 'g', 1500, 'Frw', 500, 'Bugesera', day(2025, 12, 10), `${BUGESERA_IMG}rwumye-100.jpg`],
  ['BUR-RW-500', 'Urusenda rwumye 500 g', 'Piment séché 500 g', 'urusenda rwumye', 500, 'g', 6000, 'Frw', 220, 'Bugesera', day(2025, 12, 10), `${BUGESERA_IMG}rwumye-500.jpg`],
  ['BUR-RW-25KG', 'Urusenda rwumye, umufuka wa 25 kg', 'Piment séché, sac 25 kg', 'urusenda rwumye', 25, 'kg', 180, 'USD', 14, 'Bugesera', day(2025, 12, 12), null],
  ['BUR-RB-1KG', 'Urusenda rubisi 1 kg', 'Piment frais 1 kg', 'urusenda rubisi', 1, 'kg', 2200, 'Frw', 80, 'Bugesera', day(2026, 1, 14), null],
  ['BUR-IFU-250', "Ifu y'urusenda 250 g", 'Piment en poudre 250 g', "ifu y'urusenda", 250, 'g', 3500, 'Frw', 150, 'Bugesera', day(2025, 12, 10), null],
  ['Igiteranyo', null, null, null, null, null, null, null, { formula: 'SUM(I5:I9)', result: 964 }],
];

/** A chili cooperative's price list in Kinyarwanda with French names: merged title, date line, total. */
async function writeKinyarwandaWorkbook(): Promise<void> {
  const workbook = newWorkbook('Koperative Urusenda Bugesera');
  const sheet = workbook.addWorksheet('Ibicuruzwa');
  sheet.getCell('A1').value = "Urutonde rw'ibiciro – Koperative Urusenda Bugesera";
  sheet.getCell('A1').font = { bold: true, size: 14 };
  sheet.mergeCells('A1:L1');
  sheet.getCell('A2').value = 'Itariki: 15/01/2026';
  putRows(sheet, 4, bugeseraRows);
  boldRow(sheet, 4);
  boldRow(sheet, 10);
  await save(workbook, 'xlsx-kinyarwanda-merged-title-total', 'ibiciro-urusenda-2026.xlsx');
}

// biome-ignore format: one line per spreadsheet row, as the sheet shows them
const nyungweRows: Rows = [
  ['SKU', 'Name', 'Type', 'Weight', 'Price', 'Currency', 'Stock', 'Pack date', 'Notes'],
  ['NYT-EB-100', 'Nyungwe English Breakfast, 100 g', 'black tea', '100 g', 4.5, 'EUR', 300, day(2026, 1, 20), 'Best seller'],
  ['NYT-EG-100', 'Earl Grey with Nyungwe black tea, 100 g', 'black tea', '100 g', 5.2, 'EUR', 140, day(2026, 1, 20), null],
  ['NYT-GR-50', 'Nyungwe green tea, 50 g', 'green tea', '50 g', 4.8, 'EUR', 95, day(2026, 1, 22), 'New label in March'],
  ['NYT-BULK-5KG', 'Black tea BOP, 5 kg catering bag', 'tea', '5 kg', 38, 'EUR', 12, day(2026, 1, 8), null],
];

/** What Numbers writes for File > Export To > Excel with 'Include a summary worksheet' ticked. */
async function writeNumbersExportWorkbook(): Promise<void> {
  const workbook = newWorkbook('Numbers');
  const summary = workbook.addWorksheet('Export Summary');
  putRows(summary, 1, [
    ['Export Summary'],
    [],
    [
      'This document was exported from Numbers. Each table was converted to an Excel worksheet. All other objects on each Numbers sheet were placed on separate worksheets. Please be aware that formula calculations may differ in Excel.',
    ],
    [],
    ['Numbers Sheet Name', 'Numbers Table Name', 'Excel Worksheet Name'],
    ['Sheet 1', 'Table 1', 'Sheet 1 - Table 1'],
  ]);
  boldRow(summary, 1);
  boldRow(summary, 5);
  const table = workbook.addWorksheet('Sheet 1 - Table 1');
  putRows(table, 1, nyungweRows);
  boldRow(table, 1);
  await save(workbook, 'xlsx-numbers-export-summary-sheet', 'Nyungwe catalogue.xlsx');
}

/** The sheet a producer's --sheet names does not exist: 'Produits 2026' was renamed 'Produits'. */
async function writeRenamedSheetWorkbook(): Promise<void> {
  const workbook = newWorkbook('Kayonza Avocado');
  const sheet = workbook.addWorksheet('Produits');
  putRows(sheet, 1, [
    ['Référence', 'Désignation', 'Type', 'Prix (USD)', 'Poids net (kg)', 'Stock'],
    ['KAV-HASS-4', 'Avocats Hass, carton 4 kg', 'avocat', 11.5, 4, 300],
  ]);
  workbook.addWorksheet('Feuil1');
  await save(workbook, 'refused-xlsx-sheet-not-found', 'catalogue-kayonza.xlsx');
}

// biome-ignore format: one line per spreadsheet row, as the sheet shows them
const ruhangoFob: Rows = [
  ['Article', 'Désignation', 'Calibre', 'Contenance', 'Prix FOB', 'Poids du carton (kg)', 'Cartons dispo.', 'Code SH'],
  ['RM-K0-11', 'Cerneaux entiers, style 0', 'Style 0', '11,34 kg', 152, 12.1, 40, '0802.62'],
  ['RM-K1-11', 'Cerneaux moitiés et entiers, style 1', 'Style 1', '11,34 kg', 138, 12.1, 65, '0802.62'],
  ['RM-NIS-25', 'Noix en coque 22 mm et plus', '22 mm+', '25 kg', 96, 25.6, 18, '0802.61'],
  ['RM-OIL-12X25', 'Huile vierge, carton de 12 bouteilles de 25 cl', null, '300 cl', 58, 5.9, 30, '1515.90'],
];

/** A macadamia farm's FOB sheet whose columns and product type only the producer's profile explains. */
async function writeProfileWorkbook(): Promise<void> {
  const workbook = newWorkbook('Ruhango Macadamia');
  const sheet = workbook.addWorksheet('FOB 2026');
  putRows(sheet, 1, ruhangoFob);
  boldRow(sheet, 1);
  await save(workbook, 'profile-default-type-macadamia-xlsx', 'fob-2026.xlsx');
}

await writeCoverSheetWorkbook();
await writeTotalsWorkbook();
await writeFormulaWorkbook();
await writeUnitColumnsWorkbook();
await writeKinyarwandaWorkbook();
await writeNumbersExportWorkbook();
await writeRenamedSheetWorkbook();
await writeProfileWorkbook();
