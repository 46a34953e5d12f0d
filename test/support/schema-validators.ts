import { readFileSync } from 'node:fs';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { memoryPages, validateXML } from 'xmllint-wasm';

// Both are CommonJS with `exports.default`; under NodeNext the default import is module.exports.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

const schemaText = (name: string) =>
  readFileSync(new URL(`../../docs/schemas/${name}`, import.meta.url), 'utf8');

/** A channel's JSON document schema (which references its item schema), compiled once. */
function jsonDocumentValidators(channel: 'tmall-global' | 'fliggy') {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  ajv.addSchema(JSON.parse(schemaText(`${channel}-item.schema.json`)));
  const document = ajv.compile(JSON.parse(schemaText(`${channel}-document.schema.json`)));
  const item = ajv.getSchema(`urn:feedbridge:schema:${channel}-item:1`);
  if (item === undefined) throw new Error('item schema not registered');
  return {
    document: (value: unknown) => (document(value) ? [] : (document.errors ?? [])),
    item: (value: unknown) => (item(value) ? [] : (item.errors ?? [])),
  };
}

export function tmallGlobalValidators() {
  return jsonDocumentValidators('tmall-global');
}

export function fliggyValidators() {
  return jsonDocumentValidators('fliggy');
}

/** Validates an XML document against docs/schemas/freshippo-feed.xsd with libxml2 (wasm). */
export async function validateFreshippoXml(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: 'feed.xml', contents: xml }],
    schema: [{ fileName: 'freshippo-feed.xsd', contents: schemaText('freshippo-feed.xsd') }],
    // the default 32 MiB ceiling is too small for the multi-thousand-item streaming tests
    maxMemoryPages: 512 * memoryPages.MiB,
  });
  return result.errors.map((error) => error.rawMessage);
}

/**
 * Validates a Google Merchant Center document against docs/schemas/google-merchant-feed.xsd,
 * which imports the g: and fb: schemas beside it.
 */
export async function validateGoogleMerchantXml(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: 'feed.xml', contents: xml }],
    schema: [{ fileName: 'google-merchant-feed.xsd', contents: schemaText('google-merchant-feed.xsd') }],
    preload: [
      { fileName: 'google-merchant-g.xsd', contents: schemaText('google-merchant-g.xsd') },
      { fileName: 'google-merchant-fb.xsd', contents: schemaText('google-merchant-fb.xsd') },
    ],
    maxMemoryPages: 512 * memoryPages.MiB,
  });
  return result.errors.map((error) => error.rawMessage);
}
