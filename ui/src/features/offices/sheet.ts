// Pure helpers of the office sheet import (Nhập danh sách từ Excel): what each row does in words,
// and the one-line summary of a preview.

import type { OfficeRowAction } from "../../api/bindings/OfficeRowAction";
import type { OfficeSheetPreview } from "../../api/bindings/OfficeSheetPreview";

const ACTIONS: Readonly<Record<OfficeRowAction, string>> = {
  add: "Thêm mới",
  change: "Sửa",
  unchanged: "Giữ nguyên",
};

export function actionLabel(action: OfficeRowAction): string {
  return ACTIONS[action] ?? action;
}

/** "«xa.xlsx»: thêm 3, sửa 1, giữ nguyên 5 đơn vị; 2 dòng sai." */
export function sheetSummary(preview: OfficeSheetPreview): string {
  const parts = [`thêm ${preview.added}`, `sửa ${preview.changed}`, `giữ nguyên ${preview.unchanged} đơn vị`];
  const wrong = preview.problems.length > 0 ? `; ${preview.problems.length} dòng sai` : "";
  return `«${preview.fileName}»: ${parts.join(", ")}${wrong}.`;
}

/** Whether importing the preview would write anything (and may: no wrong row). */
export function canImport(preview: OfficeSheetPreview): boolean {
  return preview.problems.length === 0 && preview.added + preview.changed > 0;
}
