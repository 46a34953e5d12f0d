import type { ChannelFinding } from './preview-catalogue.ts';

/** How many SKUs a warning group lists; the count says how many items it is on. */
export const WARNING_GROUP_SKU_LIMIT = 1_000;

/**
 * One warning as report.json gives it: the same code on the same field once, with how many items
 * it is on and (up to WARNING_GROUP_SKU_LIMIT of) their SKUs in file order. `message` is the first
 * item's; `sameMessage` is false when items' messages differ in an item-specific part (the name a
 * title was composed from, a weight), which the channel document shows per item.
 */
export interface WarningGroup {
  code: string;
  field: string;
  message: string;
  sameMessage: boolean;
  count: number;
  skus: string[];
  skusTruncated: boolean;
}

/**
 * Groups a channel's warnings as they come, in bounded memory: one group per code and field
 * (a few dozen exist), each holding at most WARNING_GROUP_SKU_LIMIT SKUs. A catalogue whose
 * every item carries four warnings reports four groups, not four entries per item.
 */
export class WarningGroups {
  private readonly groups = new Map<string, WarningGroup>();

  add(finding: ChannelFinding): void {
    const key = `${finding.code}\u0000${finding.field}`;
    const group = this.groups.get(key);
    if (group === undefined) {
      this.groups.set(key, {
        code: finding.code,
        field: finding.field,
        message: finding.message,
        sameMessage: true,
        count: 1,
        skus: [finding.sku],
        skusTruncated: false,
      });
      return;
    }
    group.count += 1;
    if (group.sameMessage && finding.message !== group.message) group.sameMessage = false;
    if (group.skus.length < WARNING_GROUP_SKU_LIMIT) group.skus.push(finding.sku);
    else group.skusTruncated = true;
  }

  /** Total warnings added, over every group. */
  get count(): number {
    let total = 0;
    for (const group of this.groups.values()) total += group.count;
    return total;
  }

  /** The groups in the order their first warning came. */
  list(): WarningGroup[] {
    return [...this.groups.values()];
  }
}

/** The groups of a list of findings, as report.json gives them. */
export function groupWarnings(findings: Iterable<ChannelFinding>): WarningGroup[] {
  const groups = new WarningGroups();
  for (const finding of findings) groups.add(finding);
  return groups.list();
}
