import type { Product } from './model.ts';
import type { TourPackage } from './tour-model.ts';

/**
 * What a producer offers: goods (a product) or a tour package. Each channel takes one kind; the
 * pipeline carries either, told apart by `kind` rather than by sniffing fields.
 */
export type Offering = { kind: 'product'; product: Product } | { kind: 'tour'; tour: TourPackage };

export type OfferingKind = Offering['kind'];

export const OFFERING_KINDS = ['product', 'tour'] as const satisfies readonly OfferingKind[];
