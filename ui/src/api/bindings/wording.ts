// Generated from src-tauri/core/src/wording.rs by its test (`cargo test -p sokehoach-core`).
// Do not edit: change the Rust and run the test again.

import type { BackupKind } from "./BackupKind";
import type { DeadlineStatus } from "./DeadlineStatus";
import type { ErrorCode } from "./ErrorCode";
import type { Frequency } from "./Frequency";
import type { Tone } from "./Tone";

/** The Vietnamese label of each deadline status. */
export const STATUS_LABELS: Readonly<Record<DeadlineStatus, string>> = {
  overdue: "Quá hạn",
  dueSoon: "Sắp đến hạn",
  notYetDue: "Chưa đến hạn",
  submittedOnTime: "Nộp đúng hạn",
  submittedLate: "Nộp muộn",
  received: "Cấp trên đã nhận",
};

/** The colour each deadline status is shown in (the same in workbooks). */
export const STATUS_TONES: Readonly<Record<DeadlineStatus, Tone>> = {
  overdue: "red",
  dueSoon: "amber",
  notYetDue: "grey",
  submittedOnTime: "green",
  submittedLate: "orange",
  received: "blue",
};

/** Every status, in the order a legend lists them. */
export const STATUS_ORDER: readonly DeadlineStatus[] = ["overdue", "dueSoon", "notYetDue", "submittedOnTime", "submittedLate", "received"];

/** Every frequency of a recurring rule with its label, shortest period first. */
export const FREQUENCIES: readonly { value: Frequency; label: string }[] = [
  { value: "monthly", label: "Hằng tháng" },
  { value: "quarterly", label: "Hằng quý" },
  { value: "halfYearly", label: "6 tháng một lần" },
  { value: "yearly", label: "Hằng năm" },
];

/** Length of one period in months. */
export const PERIOD_MONTHS: Readonly<Record<Frequency, number>> = {
  monthly: 1,
  quarterly: 3,
  halfYearly: 6,
  yearly: 12,
};

/** The due-month choices of a recurring rule: index 0 is month 1 of the period, up to twice its length. */
export const DUE_MONTH_LABELS: Readonly<Record<Frequency, readonly string[]>> = {
  monthly: ["ngay trong tháng", "tháng sau"],
  quarterly: ["tháng đầu quý", "tháng giữa quý", "tháng cuối quý", "tháng đầu quý sau", "tháng giữa quý sau", "tháng cuối quý sau"],
  halfYearly: ["tháng thứ 1 của kỳ (tháng 1 và tháng 7)", "tháng thứ 2 của kỳ (tháng 2 và tháng 8)", "tháng thứ 3 của kỳ (tháng 3 và tháng 9)", "tháng thứ 4 của kỳ (tháng 4 và tháng 10)", "tháng thứ 5 của kỳ (tháng 5 và tháng 11)", "tháng thứ 6 của kỳ (tháng 6 và tháng 12)", "tháng thứ 1 của kỳ sau (tháng 7 và tháng 1 năm sau)", "tháng thứ 2 của kỳ sau (tháng 8 và tháng 2 năm sau)", "tháng thứ 3 của kỳ sau (tháng 9 và tháng 3 năm sau)", "tháng thứ 4 của kỳ sau (tháng 10 và tháng 4 năm sau)", "tháng thứ 5 của kỳ sau (tháng 11 và tháng 5 năm sau)", "tháng thứ 6 của kỳ sau (tháng 12 và tháng 6 năm sau)"],
  yearly: ["tháng 1", "tháng 2", "tháng 3", "tháng 4", "tháng 5", "tháng 6", "tháng 7", "tháng 8", "tháng 9", "tháng 10", "tháng 11", "tháng 12", "tháng 1 năm sau", "tháng 2 năm sau", "tháng 3 năm sau", "tháng 4 năm sau", "tháng 5 năm sau", "tháng 6 năm sau", "tháng 7 năm sau", "tháng 8 năm sau", "tháng 9 năm sau", "tháng 10 năm sau", "tháng 11 năm sau", "tháng 12 năm sau"],
};

/** The Vietnamese name of each table whose rows travel in bundles. */
export const TABLE_LABELS: Readonly<Record<string, string>> = {
  offices: "Đơn vị",
  office_names: "Tên cũ",
  documents: "Văn bản",
  document_references: "Văn bản căn cứ",
  attachments: "Tệp đính kèm",
  tasks: "Nhiệm vụ",
  task_assignees: "Đơn vị thực hiện",
  deadline_rules: "Hạn báo cáo",
  deadline_rule_changes: "Lần đổi hạn",
  reports: "Báo cáo",
  report_files: "Tệp báo cáo",
  receipts: "Biên nhận",
};

/** Every error code the shell answers with. */
export const ERROR_CODES: readonly ErrorCode[] = ["notFound", "invalidInput", "conflict", "newerDatabase", "notSetUp", "bundleRefused", "storage", "io", "internal"];

/** What the restore screen calls each kind of backup. */
export const BACKUP_KIND_LABELS: Readonly<Record<BackupKind, string>> = {
  full: "Bản sao lưu đầy đủ (ra USB)",
  daily: "Bản sao tự động hằng ngày",
  beforeImport: "Bản sao tự động trước khi nhập gói",
  beforeRestore: "Dữ liệu trước lần khôi phục",
};

/** The shortest passphrase a backup's key is sealed with. */
export const MIN_PASSPHRASE_CHARS = 8;

/** The decision that trusts a recovered sub-office's new key: named in the refusal that asks for it. */
export const REISSUE_KEY_ACTION = "Cấp lại khóa";
