import type { TourChannel } from '../contract.ts';
import { FLIGGY_CHANNEL_ID, fliggyDocumentPath, renderFliggy } from './render.ts';
import { FLIGGY_ERROR_CODES, FLIGGY_WARNING_CODES, type FliggyItem, transformFliggy } from './transform.ts';

/** Fliggy (飞猪) overseas day and multi-day tour documents (JSON); format in docs/channels/fliggy.md. */
export const fliggyChannel: TourChannel<FliggyItem> = {
  takes: 'tour',
  id: FLIGGY_CHANNEL_ID,
  displayName: 'Fliggy (飞猪)',
  contentType: 'application/json; charset=utf-8',
  issueCodes: { errors: FLIGGY_ERROR_CODES, warnings: FLIGGY_WARNING_CODES },
  transform: transformFliggy,
  documentPath: fliggyDocumentPath,
  render: renderFliggy,
};
