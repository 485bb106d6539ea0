//! Generated stores for benchmarks (`skh bench`): a province with many offices, years of
//! recurring deadlines, reports and documents, written in bulk in one transaction. Not for real
//! data: the records are plausible but invented.

use chrono::{Datelike, NaiveDate};
use rusqlite::params;

use crate::model::rules::{Frequency, RuleSpec};
use crate::documents::{DocKind, DocumentInput, NumberStyle, write_document};
use crate::error::Result;
use crate::ids::{DocumentId, OfficeId, RuleId, TaskId};
use crate::model::offices::{OfficeInput, OwnOfficeSetup};
use crate::plans::tasks::{Assignee, DeadlineRuleInput, ValidTask};
use crate::store::{self, Store};

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct BenchSize {
    pub offices: u32,
    pub years: u32,
    /// Monthly rules, each assigned to every office.
    pub monthly_rules: u32,
    pub documents: u32,
}

/// The vocabulary of the real plans in `assets/seeds/`: generated titles and bodies draw from it,
/// so a search term matches about as many documents as it would in a real store.
static WORDS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    let mut words: Vec<&'static str> = [
        include_str!("../../../assets/seeds/000_0a3fdbc447b5bdb3.txt"),
        include_str!("../../../assets/seeds/001_9c3f41be3fc35297.txt"),
        include_str!("../../../assets/seeds/003_16fa7090ba7735be.txt"),
    ]
    .iter()
    .flat_map(|text| text.split(|c: char| !c.is_alphanumeric()))
    .filter(|w| w.chars().count() > 1)
    .collect();
    words.sort_unstable();
    words.dedup();
    words
});

fn words(seed: u64, n: usize) -> String {
    let mut x = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    (0..n)
        .map(|_| {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            WORDS[(x >> 33) as usize % WORDS.len()]
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl Store {
    /// Fills an empty store: a province, `offices` districts and communes, `monthly_rules`
    /// monthly reports for every office over `years` years up to `today`'s year, reports for 90% of
    /// the past ones (a tenth of those late), and `documents` documents.
    pub fn generate_bench_store(&mut self, size: BenchSize, today: NaiveDate) -> Result<()> {
        let province = self.setup_own_office(&OwnOfficeSetup {
            office: OfficeInput { code: "TINH".into(), name: "Hội LHPN tỉnh Mẫu".into(), level: 1, parent_id: None },
            parent: None,
        })?;
        let districts = (size.offices / 10).max(1);
        let mut offices: Vec<OfficeId> = Vec::new();
        let mut district_ids = Vec::new();
        for d in 0..districts {
            let o = self.add_office(&OfficeInput {
                code: format!("H{d:03}"),
                name: format!("Hội LHPN huyện {}", words(u64::from(d), 2)),
                level: 2,
                parent_id: Some(province.id),
            })?;
            district_ids.push(o.id);
            offices.push(o.id);
        }
        for c in 0..size.offices.saturating_sub(districts) {
            let parent = district_ids[c as usize % district_ids.len()];
            let o = self.add_office(&OfficeInput {
                code: format!("X{c:04}"),
                name: format!("Hội LHPN xã {} {c}", words(u64::from(c) + 99, 1)),
                level: 3,
                parent_id: Some(parent),
            })?;
            offices.push(o.id);
        }
        let start = NaiveDate::from_ymd_opt(today.year() - size.years as i32 + 1, 1, 1).unwrap_or(today);
        let end = NaiveDate::from_ymd_opt(today.year(), 12, 31).unwrap_or(today);
        let owner = province.id;
        self.transact(|tx| {
            let seq = store::next_change_seq(tx)?;
            let now = store::now();
            let plan = DocumentId::new();
            write_document(tx, plan, owner, &bench_document(0, start), &now, seq)?;
            for n in 1..size.documents {
                write_document(tx, DocumentId::new(), owner, &bench_document(u64::from(n), start), &now, seq)?;
            }
            for r in 0..size.monthly_rules {
                let task_id = TaskId::new();
                let rule_id = RuleId::new();
                let spec = RuleSpec::Recurring {
                    frequency: Frequency::Monthly,
                    due_month: 1,
                    day: 5 + r % 23,
                    from: start,
                    until: Some(end),
                };
                let rule = DeadlineRuleInput {
                    id: Some(rule_id),
                    label: format!("Báo cáo tháng số {}", r + 1),
                    spec: spec.clone(),
                    source_text: String::new(),
                    change_note: String::new(),
                };
                let task = ValidTask {
                    title: format!("Báo cáo định kỳ {}", words(u64::from(r), 3)),
                    description: String::new(),
                    assignees: vec![Assignee::Level { under: owner, level: 2 }, Assignee::Level { under: owner, level: 3 }],
                    report_to: Some(owner),
                    deadlines: vec![rule.clone()],
                };
                store::tasks::insert(tx, task_id, plan, i64::from(r), &task, owner, &now, seq)?;
                store::tasks::insert_rule(tx, rule_id, task_id, 0, &rule, None, owner, &now, seq)?;
                let assigned = crate::deadlines::instances::assigned_offices(tx, &task.assignees)?;
                crate::deadlines::instances::rebuild_rule(tx, rule_id, &spec, &assigned, end)?;
            }
            // Reports for 90% of the past instances, every tenth of them late.
            let mut select = tx.prepare("SELECT id, office_id, due_on FROM deadline_instances WHERE due_on < ?1")?;
            let past: Vec<(String, String, NaiveDate)> =
                select.query_map([today], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
            let mut insert = tx.prepare(
                "INSERT INTO reports (id, instance_id, office_id, submitted_on, submitted_by, channel, note,
                                      owner_office_id, updated_at, change_seq)
                 VALUES (?1, ?2, ?3, ?4, 'Văn thư', 'usb', '', ?3, ?5, ?6)",
            )?;
            for (n, (instance, office, due)) in past.iter().enumerate() {
                if n % 10 == 9 {
                    continue;
                }
                let submitted = if n % 10 == 3 { *due + chrono::Days::new(3) } else { *due - chrono::Days::new(1) };
                insert.execute(params![crate::ids::ReportId::new(), instance, office, submitted, now, seq])?;
            }
            tx.execute_batch(
                "UPDATE deadline_instances SET reported_on =
                     (SELECT submitted_on FROM reports r WHERE r.instance_id = deadline_instances.id AND r.deleted = 0)",
            )?;
            Ok(())
        })?;
        self.conn.execute_batch("ANALYZE")?;
        Ok(())
    }
}

fn bench_document(n: u64, date: NaiveDate) -> DocumentInput {
    DocumentInput {
        kind: if n.is_multiple_of(3) { DocKind::KeHoach } else { DocKind::CongVan },
        number: (n % 900 + 1).to_string(),
        symbol: "KH-HLHPN".into(),
        number_style: NumberStyle::State,
        issued_on: Some(date),
        place: "Tỉnh Mẫu".into(),
        issuer: "Ban Thường vụ Hội LHPN tỉnh".into(),
        title: format!("Kế hoạch {}", words(n, 8)),
        signer: "Nguyễn Thị Mẫu".into(),
        signer_title: "TM. BAN THƯỜNG VỤ\nCHỦ TỊCH".into(),
        recipients: vec!["Hội LHPN các huyện".into()],
        references: vec![],
        body: words(n + 7, 120),
    }
}
