import type { ProductChannel } from '../contract.ts';
import { FRESHIPPO_CHANNEL_ID, freshippoDocumentPath, renderFreshippo } from './render.ts';
import {
  FRESHIPPO_ERROR_CODES,
  FRESHIPPO_WARNING_CODES,
  type FreshippoItem,
  transformFreshippo,
} from './transform.ts';

/** Freshippo (盒马) supplier feed (XML, one document per supplier); format in docs/channels/freshippo.md. */
export const freshippoChannel: ProductChannel<FreshippoItem> = {
  takes: 'product',
  id: FRESHIPPO_CHANNEL_ID,
  displayName: 'Freshippo (盒马)',
  contentType: 'application/xml; charset=utf-8',
  issueCodes: { errors: FRESHIPPO_ERROR_CODES, warnings: FRESHIPPO_WARNING_CODES },
  transform: transformFreshippo,
  documentPath: freshippoDocumentPath,
  render: renderFreshippo,
};
