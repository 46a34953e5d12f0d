import type { ProductType } from '../../catalogue/model.ts';

/**
 * Product type -> Tmall Global leaf category id. ILLUSTRATIVE ids in Tmall's numeric style, not
 * taken from a live category tree: replace them with the ids from the merchant's category
 * authorisation (the category API) before listing for real. 'other' goes to a generic
 * "other food" leaf so an item with its own zh-CN name can still be listed and re-categorised by hand.
 */
export const TMALL_GLOBAL_CATEGORY_IDS: Readonly<Record<ProductType, number>> = {
  'coffee-green': 50012071, // 咖啡/麦片/冲饮 > 咖啡豆 > 生咖啡豆
  'coffee-roasted': 50012072, // 咖啡/麦片/冲饮 > 咖啡豆 > 烘焙咖啡豆
  'dried-chili': 50016422, // 粮油调味 > 香辛料 > 干辣椒
  'fresh-chili': 50050733, // 水产肉类/新鲜蔬果 > 新鲜蔬菜 > 辣椒
  avocado: 50050721, // 水产肉类/新鲜蔬果 > 新鲜水果 > 牛油果
  beef: 50050500, // 水产肉类/新鲜蔬果 > 牛肉
  tea: 50013308, // 茶 > 红茶
  honey: 50016091, // 传统滋补营养品 > 蜂蜜
  macadamia: 50010566, // 零食/坚果/特产 > 坚果 > 夏威夷果
  other: 50008075, // 零食/坚果/特产 > 其他
};
