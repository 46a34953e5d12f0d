import type { ProductChannel } from '../contract.ts';
import { renderTmallGlobal, TMALL_GLOBAL_CHANNEL_ID, tmallGlobalDocumentPath } from './render.ts';
import {
  TMALL_GLOBAL_ERROR_CODES,
  TMALL_GLOBAL_WARNING_CODES,
  type TmallGlobalItem,
  transformTmallGlobal,
} from './transform.ts';

/** Tmall Global cross-border item documents (JSON); format in docs/channels/tmall-global.md. */
export const tmallGlobalChannel: ProductChannel<TmallGlobalItem> = {
  takes: 'product',
  id: TMALL_GLOBAL_CHANNEL_ID,
  displayName: 'Tmall Global (天猫国际)',
  contentType: 'application/json; charset=utf-8',
  issueCodes: { errors: TMALL_GLOBAL_ERROR_CODES, warnings: TMALL_GLOBAL_WARNING_CODES },
  transform: transformTmallGlobal,
  documentPath: tmallGlobalDocumentPath,
  render: renderTmallGlobal,
};
