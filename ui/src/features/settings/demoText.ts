// What to say after "Nạp dữ liệu mẫu": the shell reports what this load added, and loading twice
// adds nothing the second time.

import type { DemoSummary } from "../../api/bindings/DemoSummary";

export function describeDemo(summary: DemoSummary): string {
  if (summary.offices === 0 && summary.documents === 0) {
    return "Dữ liệu mẫu đã có sẵn trong sổ; không có gì mới cần thêm.";
  }
  return `Đã nạp dữ liệu mẫu: thêm ${summary.offices} đơn vị và ${summary.documents} văn bản.`;
}
