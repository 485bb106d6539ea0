//! The words the user reads on both sides of the IPC line, gathered for the UI: deadline status
//! labels, the names of the tables that travel in bundles (shown in conflicts and import issues),
//! how often a recurring rule comes back with its period length and its "tháng nộp" choices (the
//! rule's own words, from `model::rules`), and the list of error codes, which the UI needs at run
//! time. The UI keeps no copy: the test at the bottom writes them as TypeScript constants into
//! `ui/src/api/bindings/wording.ts`, next to the ts-rs bindings, and `scripts/test.sh` fails when
//! the committed file differs. Rule descriptions are whole sentences made by
//! [`RuleSpec::describe_with_levels`](crate::model::rules::RuleSpec::describe_with_levels), which
//! the UI asks for (the shell's `describe_rules` command).

use crate::ErrorCode;
use crate::backup::seal::MIN_PASSPHRASE_CHARS;
use crate::bundle::REISSUE_KEY_ACTION;
use crate::model::backups::BackupKind;
use crate::bundle::RECORD_TABLES;
use crate::deadlines::DeadlineStatus;
use crate::model::rules::{Frequency, due_month_label, frequency_label};

/// Every status, in the order the UI lists them.
pub const STATUSES: [DeadlineStatus; 6] = [
    DeadlineStatus::Overdue,
    DeadlineStatus::DueSoon,
    DeadlineStatus::NotYetDue,
    DeadlineStatus::SubmittedOnTime,
    DeadlineStatus::SubmittedLate,
    DeadlineStatus::Received,
];

/// Every error code, so the UI can tell a shell error from anything else at run time (the ts-rs
/// binding of [`ErrorCode`] is a type only).
pub const ERROR_CODES: [ErrorCode; 9] = [
    ErrorCode::NotFound,
    ErrorCode::InvalidInput,
    ErrorCode::Conflict,
    ErrorCode::NewerDatabase,
    ErrorCode::NotSetUp,
    ErrorCode::BundleRefused,
    ErrorCode::Storage,
    ErrorCode::Io,
    ErrorCode::Internal,
];

/// Every frequency, shortest period first.
pub const FREQUENCIES: [Frequency; 4] = [Frequency::Monthly, Frequency::Quarterly, Frequency::HalfYearly, Frequency::Yearly];


/// The Vietnamese name of a table whose rows travel in bundles ("documents" → "Văn bản").
pub fn table_label(table: &str) -> &str {
    crate::bundle::table_label(table)
}

/// The travelling tables, parents before their child tables.
fn travelling_tables() -> Vec<&'static str> {
    RECORD_TABLES.iter().flat_map(|t| std::iter::once(t.table).chain(t.children.iter().map(|c| c.table))).collect()
}

/// The name a value has on the IPC line ("dueSoon", "halfYearly").
fn wire_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// The TypeScript module the UI imports these words from.
pub fn typescript() -> String {
    let mut ts = String::from(
        "// Generated from src-tauri/core/src/wording.rs by its test (`cargo test -p sokehoach-core`).\n\
         // Do not edit: change the Rust and run the test again.\n\n\
         import type { BackupKind } from \"./BackupKind\";\n\
         import type { DeadlineStatus } from \"./DeadlineStatus\";\n\
         import type { ErrorCode } from \"./ErrorCode\";\n\
         import type { Frequency } from \"./Frequency\";\n\
         import type { Tone } from \"./Tone\";\n\n",
    );
    ts.push_str("/** The Vietnamese label of each deadline status. */\nexport const STATUS_LABELS: Readonly<Record<DeadlineStatus, string>> = {\n");
    for status in STATUSES {
        ts.push_str(&format!("  {}: {},\n", wire_name(&status), quoted(status.label())));
    }
    ts.push_str("};\n\n/** The colour each deadline status is shown in (the same in workbooks). */\nexport const STATUS_TONES: Readonly<Record<DeadlineStatus, Tone>> = {\n");
    for status in STATUSES {
        ts.push_str(&format!("  {}: {},\n", wire_name(&status), quoted(&wire_name(&status.tone()))));
    }
    ts.push_str("};\n\n/** Every status, in the order a legend lists them. */\nexport const STATUS_ORDER: readonly DeadlineStatus[] = [");
    ts.push_str(&STATUSES.iter().map(|s| quoted(&wire_name(s))).collect::<Vec<_>>().join(", "));
    ts.push_str("];\n\n/** Every frequency of a recurring rule with its label, shortest period first. */\n");
    ts.push_str("export const FREQUENCIES: readonly { value: Frequency; label: string }[] = [\n");
    for f in FREQUENCIES {
        ts.push_str(&format!("  {{ value: {}, label: {} }},\n", quoted(&wire_name(&f)), quoted(frequency_label(f))));
    }
    ts.push_str("];\n\n/** Length of one period in months. */\nexport const PERIOD_MONTHS: Readonly<Record<Frequency, number>> = {\n");
    for f in FREQUENCIES {
        ts.push_str(&format!("  {}: {},\n", wire_name(&f), f.months()));
    }
    ts.push_str(
        "};\n\n/** The due-month choices of a recurring rule: index 0 is month 1 of the period, up to twice its length. */\n\
         export const DUE_MONTH_LABELS: Readonly<Record<Frequency, readonly string[]>> = {\n",
    );
    for f in FREQUENCIES {
        let labels: Vec<String> = (1..=f.months() * 2).map(|m| quoted(&due_month_label(f, m))).collect();
        ts.push_str(&format!("  {}: [{}],\n", wire_name(&f), labels.join(", ")));
    }
    ts.push_str("};\n\n/** The Vietnamese name of each table whose rows travel in bundles. */\nexport const TABLE_LABELS: Readonly<Record<string, string>> = {\n");
    for table in travelling_tables() {
        ts.push_str(&format!("  {table}: {},\n", quoted(table_label(table))));
    }
    ts.push_str("};\n\n/** Every error code the shell answers with. */\nexport const ERROR_CODES: readonly ErrorCode[] = [");
    ts.push_str(&ERROR_CODES.iter().map(|c| quoted(&wire_name(c))).collect::<Vec<_>>().join(", "));
    ts.push_str("];\n\n/** What the restore screen calls each kind of backup. */\nexport const BACKUP_KIND_LABELS: Readonly<Record<BackupKind, string>> = {\n");
    for kind in BackupKind::ALL {
        ts.push_str(&format!("  {}: {},\n", wire_name(&kind), quoted(kind.label())));
    }
    ts.push_str(&format!("}};\n\n/** The shortest passphrase a backup's key is sealed with. */\nexport const MIN_PASSPHRASE_CHARS = {MIN_PASSPHRASE_CHARS};\n"));
    ts.push_str(&format!(
        "\n/** The decision that trusts a recovered sub-office's new key: named in the refusal that asks for it. */\nexport const REISSUE_KEY_ACTION = {};\n",
        quoted(REISSUE_KEY_ACTION)
    ));
    ts
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fails to compile when a status or a frequency is added without its words here.
    #[allow(dead_code)]
    fn every_variant_is_listed(status: DeadlineStatus, frequency: Frequency, code: ErrorCode, kind: BackupKind) {
        match kind {
            BackupKind::Full | BackupKind::Daily | BackupKind::BeforeImport | BackupKind::BeforeRestore => {}
        }
        match code {
            ErrorCode::NotFound
            | ErrorCode::InvalidInput
            | ErrorCode::Conflict
            | ErrorCode::NewerDatabase
            | ErrorCode::NotSetUp
            | ErrorCode::BundleRefused
            | ErrorCode::Storage
            | ErrorCode::Io
            | ErrorCode::Internal => {}
        }
        match status {
            DeadlineStatus::Overdue
            | DeadlineStatus::DueSoon
            | DeadlineStatus::NotYetDue
            | DeadlineStatus::SubmittedOnTime
            | DeadlineStatus::SubmittedLate
            | DeadlineStatus::Received => {}
        }
        match frequency {
            Frequency::Monthly | Frequency::Quarterly | Frequency::HalfYearly | Frequency::Yearly => {}
        }
    }

    #[test]
    fn the_description_and_the_due_month_choices_say_the_same() {
        for f in FREQUENCIES {
            for month in 1..=f.months() * 2 {
                let label = due_month_label(f, month);
                assert!(!label.is_empty() && !label.contains("tháng thứ 0"), "{f:?} {month}: {label}");
            }
        }
        let spec = crate::model::rules::RuleSpec::Recurring {
            frequency: Frequency::Quarterly,
            due_month: 2,
            day: 10,
            from: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).expect("date"),
            until: None,
        };
        assert_eq!(spec.describe(), "Hằng quý, trước ngày 10 của tháng giữa quý", "the rule reads like its choice in the editor");
    }

    /// What the rule editor showed when it described rules itself; the core now says it for both.
    #[test]
    fn rules_read_the_same_wherever_they_are_shown() {
        use crate::model::rules::{RuleSpec, Tier};
        let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).expect("date");
        let recurring = |frequency, due_month, day, until| RuleSpec::Recurring { frequency, due_month, day, from: d(2024, 1, 1), until };
        assert_eq!(RuleSpec::Date { due: d(2023, 6, 23) }.describe(), "Trước ngày 23/06/2023");
        assert_eq!(RuleSpec::Month { year: 2020, month: 5 }.describe(), "Trong tháng 05/2020");
        assert_eq!(RuleSpec::Quarter { year: 2019, quarter: 3 }.describe(), "Trong quý III năm 2019");
        assert_eq!(RuleSpec::Range { start: d(2024, 11, 15), end: d(2024, 12, 15) }.describe(), "Từ ngày 15/11/2024 đến ngày 15/12/2024");
        assert_eq!(recurring(Frequency::Yearly, 11, 30, None).describe(), "Hằng năm, trước ngày 30/11");
        assert_eq!(recurring(Frequency::Monthly, 1, 28, Some(d(2024, 12, 31))).describe(), "Hằng tháng, trước ngày 28 (đến 31/12/2024)");
        assert_eq!(recurring(Frequency::Quarterly, 4, 10, None).describe(), "Hằng quý, trước ngày 10 của tháng đầu quý sau");
        let relative = RuleSpec::Relative { event: "Đại hội".into(), offset_days: -15, event_date: None };
        assert_eq!(relative.describe(), "15 ngày trước Đại hội (chưa có ngày Đại hội)");
        let tiered = RuleSpec::Tiered { tiers: vec![Tier { level: 3, due: d(2024, 6, 14) }, Tier { level: 2, due: d(2024, 6, 21) }] };
        let levels = [
            crate::model::offices::LevelName { rank: 2, name: "Huyện".into() },
            crate::model::offices::LevelName { rank: 3, name: "Xã/Phường".into() },
        ];
        assert_eq!(tiered.describe_with_levels(&levels), "Theo cấp — cấp Xã/Phường: 14/06/2024; cấp Huyện: 21/06/2024");
    }

    #[test]
    fn every_travelling_table_has_a_vietnamese_name() {
        for table in travelling_tables() {
            assert_ne!(table_label(table), table, "{table} has no label");
        }
        assert_eq!(table_label("documents"), "Văn bản");
    }

    /// Writes `wording.ts` beside the ts-rs bindings (TS_RS_EXPORT_DIR, set in .cargo/config.toml).
    #[test]
    fn export_wording_to_typescript() {
        let dir = std::env::var_os("TS_RS_EXPORT_DIR").map(std::path::PathBuf::from).unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/api/bindings")
        });
        let ts = typescript();
        assert!(ts.contains("overdue: \"Quá hạn\"") && ts.contains("quarterly: 3"), "{ts}");
        std::fs::create_dir_all(&dir).expect("bindings folder");
        std::fs::write(dir.join("wording.ts"), ts).expect("wording.ts written");
    }
}
