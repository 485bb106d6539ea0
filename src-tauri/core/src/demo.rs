//! Sample data for trying the application: a province with its sub-offices (including a ward that
//! reports straight to the province, as after the 2025 reform) and real plans with their metadata,
//! taken from the texts in `assets/seeds/`.
//!
//! Loading twice adds nothing the second time: demo records have fixed (UUID v5) ids.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::Result;
use crate::deadlines::{DeadlineQuery, Frequency, RuleSpec};
use crate::model::documents::{DocKind, DocumentInput, NumberStyle};
use crate::plans::{Assignee, DeadlineRuleInput, TaskInput};
use crate::reports::{Channel, ReportInput};
use crate::ids::{DocumentId, OfficeId};
use crate::model::offices::{OfficeInput, OwnOfficeSetup, Reorganisation};
use crate::store::{self, Store};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DemoSummary {
    /// Offices added by this load.
    pub offices: u32,
    /// Documents added by this load.
    pub documents: u32,
}

const NAMESPACE: Uuid = Uuid::from_u128(0x5c1a_2f0e_9d7b_4c1e_8a55_6b0f_3e2d_7a91);

fn demo_uuid(name: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, name.as_bytes())
}

/// (code, name, level, parent code) of the sample sub-offices, under the province "LCU".
const SUB_OFFICES: &[(&str, &str, u8, &str)] = &[
    ("TPLC", "Hội LHPN thành phố Lai Châu", 2, "LCU"),
    ("TDG", "Hội LHPN huyện Tam Đường", 2, "LCU"),
    ("PTO", "Hội LHPN huyện Phong Thổ", 2, "LCU"),
    ("SHO", "Hội LHPN huyện Sìn Hồ", 2, "LCU"),
    ("BLU", "Hội LHPN xã Bình Lư", 3, "TDG"),
    ("BGI", "Hội LHPN xã Bản Giang", 3, "TDG"),
    ("DTH", "Hội LHPN phường Đoàn Kết", 3, "LCU"),
];

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// A yearly report due on the 30th of `due_month`, from the plan's date `(y, m, d)` to the end of
/// that year (a plan for one year: its reports end with it).
fn yearly_report(due_month: u32, label: &str, source: &str, (y, m, d): (i32, u32, u32)) -> DeadlineRuleInput {
    DeadlineRuleInput {
        id: None,
        label: label.into(),
        spec: RuleSpec::Recurring {
            frequency: Frequency::Yearly,
            due_month,
            day: 30,
            from: NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default(),
            until: NaiveDate::from_ymd_opt(y, 12, 31),
        },
        source_text: source.into(),
        change_note: String::new(),
    }
}

fn lines(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// The sample documents: the three seed plans and the two Party documents they implement.
fn documents() -> Vec<(&'static str, DocumentInput)> {
    let blank = DocumentInput {
        kind: DocKind::KeHoach,
        number: String::new(),
        symbol: String::new(),
        number_style: NumberStyle::Party,
        issued_on: None,
        place: String::new(),
        issuer: String::new(),
        title: String::new(),
        signer: String::new(),
        signer_title: String::new(),
        recipients: Vec::new(),
        references: Vec::new(),
        body: String::new(),
    };
    vec![
        (
            "ct-21",
            DocumentInput {
                kind: DocKind::ChiThi,
                number: "21".into(),
                symbol: "CT/TW".into(),
                issued_on: date(2018, 1, 20),
                place: "Hà Nội".into(),
                issuer: "Ban Bí thư Trung ương Đảng (khóa XII)".into(),
                title: "Về tiếp tục đẩy mạnh công tác phụ nữ trong tình hình mới".into(),
                ..blank.clone()
            },
        ),
        (
            "nq-11",
            DocumentInput {
                kind: DocKind::NghiQuyet,
                number: "11".into(),
                symbol: "NQ/TW".into(),
                issued_on: date(2007, 4, 27),
                place: "Hà Nội".into(),
                issuer: "Bộ Chính trị (khóa X)".into(),
                title: "Về công tác phụ nữ thời kỳ đẩy mạnh công nghiệp hóa, hiện đại hóa đất nước".into(),
                ..blank.clone()
            },
        ),
        (
            "seed-000",
            DocumentInput {
                title: "Thực hiện Chỉ thị số 21-CT/TW, ngày 20 tháng 01 năm 2018 của Ban Bí thư Trung ương Đảng \
                        (khóa XII) về tiếp tục đẩy mạnh công tác phụ nữ trong tình hình mới"
                    .into(),
                issuer: "Ban Thường vụ Tỉnh ủy".into(),
                signer: "Châu Ngọc Tuấn".into(),
                signer_title: "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ".into(),
                recipients: lines(&[
                    "Ban Dân vận Trung ương, Cơ quan thường trực Ban Dân vận Trung ương tại Đà Nẵng (để báo cáo)",
                    "Văn phòng Trung ương Đảng, Vụ Địa phương III tại Đà Nẵng (để báo cáo)",
                    "Đảng đoàn Trung ương Hội Liên hiệp Phụ nữ Việt Nam",
                    "Các huyện ủy, thị ủy, thành ủy; ban cán sự đảng, đảng đoàn, đảng ủy trực thuộc Tỉnh ủy, Ban Thường vụ Tỉnh đoàn",
                    "Các cơ quan chuyên trách tham mưu, giúp việc Tỉnh ủy; các sở, ban, ngành tỉnh",
                    "Các đồng chí Tỉnh ủy viên",
                    "Lưu Văn phòng Tỉnh ủy",
                ]),
                references: lines(&[
                    "Chỉ thị số 21-CT/TW, ngày 20 tháng 01 năm 2018 của Ban Bí thư Trung ương Đảng (khóa XII)",
                    "Nghị quyết số 11-NQ/TW, ngày 27 tháng 4 năm 2007 của Bộ Chính trị (khóa X)",
                ]),
                body: seed_text(include_str!("../../../assets/seeds/000_0a3fdbc447b5bdb3.txt")),
                ..blank.clone()
            },
        ),
        (
            "seed-001",
            DocumentInput {
                title: "Thực hiện Chỉ thị 21-CT/TW, ngày 20/01/2018 của Ban Bí thư “về tiếp tục đẩy mạnh công tác \
                        phụ nữ trong tình hình mới”"
                    .into(),
                issuer: "Ban Thường vụ Tỉnh ủy".into(),
                signer: "Ngô Chí Cường".into(),
                signer_title: "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ".into(),
                recipients: lines(&[
                    "Ban Bí thư",
                    "VPTW Đảng, Ban Dân vận TW",
                    "Các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy",
                    "Các ban cán sự đảng, đảng đoàn",
                    "Các sở, ban, ngành, đoàn thể tỉnh",
                    "Các đ/c UV BCH Đảng bộ tỉnh",
                    "Lưu VPTU",
                ]),
                references: lines(&[
                    "Chỉ thị số 21-CT/TW, ngày 20/01/2018 của Ban Bí thư",
                    "Nghị quyết số 11-NQ/TW, ngày 27/4/2007 của Bộ Chính trị",
                    "Chương trình hành động số 17-CTr/TU, ngày 24/3/2008 của Tỉnh ủy",
                ]),
                body: seed_text(include_str!("../../../assets/seeds/001_9c3f41be3fc35297.txt")),
                ..blank.clone()
            },
        ),
        (
            "seed-003",
            DocumentInput {
                number_style: NumberStyle::State,
                title: "Thực hiện công tác bình đẳng giới và hoạt động vì sự tiến bộ của phụ nữ trên địa bàn tỉnh \
                        Lai Châu năm 2024"
                    .into(),
                issuer: "Ban Thường vụ Liên đoàn Lao động tỉnh Lai Châu".into(),
                signer: "Hoàng Văn Trinh".into(),
                signer_title: "TM. BAN THƯỜNG VỤ\nPHÓ CHỦ TỊCH".into(),
                recipients: lines(&[
                    "UBND tỉnh",
                    "Tổng LĐLĐ Việt Nam",
                    "Ban Dân vận Tỉnh uỷ",
                    "Sở LĐTB&XH",
                    "LĐLĐ các huyện, Thành phố, CĐ ngành, CĐ Viên chức tỉnh",
                    "Lưu: VT, TG-NC",
                ]),
                references: lines(&[
                    "Kế hoạch số 01/KH-BVSTBPN, ngày 24/4/2024 của Ban vì sự tiến bộ của phụ nữ tỉnh",
                    "Kế hoạch số 262/KH-LĐLĐ, ngày 21/7/2021 của LĐLĐ tỉnh",
                    "Nghị quyết 11-NQ/TW ngày 27/4/2007 của Bộ Chính trị",
                    "Chỉ thị số 21-CT/TW ngày 20/01/2018 của Ban Bí thư Trung ương Đảng",
                ]),
                body: seed_text(include_str!("../../../assets/seeds/003_16fa7090ba7735be.txt")),
                ..blank
            },
        ),
    ]
}

/// Seed texts come from PDF extraction: trailing blanks and runs of empty lines are dropped.
fn seed_text(raw: &str) -> String {
    let mut out = Vec::new();
    let mut blank_run = 0;
    for line in raw.lines().map(str::trim_end) {
        if line.trim().is_empty() {
            blank_run += 1;
            if blank_run == 1 && !out.is_empty() {
                out.push(String::new());
            }
        } else {
            blank_run = 0;
            out.push(line.trim_start().to_string());
        }
    }
    out.join("\n").trim().to_string()
}

impl Store {
    /// Loads the sample data. On a store with no office yet, the sample province becomes this
    /// installation's office; otherwise only the sample documents are added.
    pub fn load_demo(&mut self) -> Result<DemoSummary> {
        let mut summary = DemoSummary { offices: 0, documents: 0 };
        if self.own_office()?.is_none() {
            self.setup_own_office(&OwnOfficeSetup {
                office: OfficeInput { code: "LCU".into(), name: "Hội LHPN tỉnh Lai Châu".into(), level: 1, parent_id: None },
                parent: Some(OfficeInput {
                    code: "TW".into(),
                    name: "Trung ương Hội LHPN Việt Nam".into(),
                    level: 0,
                    parent_id: None,
                }),
            })?;
            summary.offices += 2;
            for (code, name, level, parent_code) in SUB_OFFICES {
                let parent = self.office_by_code(parent_code)?;
                self.add_office_with_id(
                    OfficeId(demo_uuid(code)),
                    &OfficeInput { code: code.to_string(), name: name.to_string(), level: *level, parent_id: Some(parent.id) },
                )?;
                summary.offices += 1;
            }
        }
        let sample_tree = self.own_office()?.is_some_and(|o| o.code == "LCU");
        for (key, input) in documents() {
            let id = DocumentId(demo_uuid(key));
            if store::documents::exists(&self.conn, id)? {
                continue;
            }
            self.create_document_with_id(id, &input)?;
            summary.documents += 1;
            if key == "seed-003" && sample_tree {
                self.add_sample_deadlines(id)?;
            }
        }
        Ok(summary)
    }

    /// The recurring reports the Lai Châu plan asks for ("báo cáo 6 tháng trước ngày 30/5 và báo
    /// cáo năm trước ngày 30/11"), for its year 2024 only (it is a plan for 2024: its reports end
    /// with that year, as plan import reads them), assigned to the sample districts and ward, with a few reports
    /// so the dashboard and the matrix have something to show.
    fn add_sample_deadlines(&mut self, document: DocumentId) -> Result<()> {
        let own = self.require_own_office()?;
        let ward = self.office_by_code("DTH")?;
        self.add_task(
            document,
            &TaskInput {
                title: "Báo cáo kết quả triển khai công tác bình đẳng giới và hoạt động vì sự tiến bộ của phụ nữ".into(),
                description: "Báo cáo kết quả triển khai về Hội LHPN tỉnh trong báo cáo 6 tháng và báo cáo năm.".into(),
                assignees: vec![Assignee::Level { under: own.id, level: 2 }, Assignee::Office { office_id: ward.id }],
                report_to_office_id: Some(own.id),
                deadlines: vec![
                    yearly_report(5, "Báo cáo 6 tháng", "trong báo cáo 6 tháng trước ngày 30/5", (2024, 5, 6)),
                    yearly_report(11, "Báo cáo năm", "báo cáo năm trước ngày 30/11", (2024, 5, 6)),
                ],
            },
        )?;
        let today = chrono::Local::now().date_naive();
        let sent = [
            ("TDG", 2024, 5, 29, "Báo cáo 6 tháng"),
            ("TDG", 2024, 11, 28, "Báo cáo năm"),
            ("PTO", 2024, 6, 3, "Báo cáo 6 tháng"),
            ("TPLC", 2024, 5, 30, "Báo cáo 6 tháng"),
        ];
        for (code, y, m, d, label) in sent {
            let office = self.office_by_code(code)?;
            let Some(submitted) = NaiveDate::from_ymd_opt(y, m, d) else { continue };
            let due_year = if label == "Báo cáo năm" { (y, 11) } else { (y, 5) };
            let due = NaiveDate::from_ymd_opt(due_year.0, due_year.1, 30).unwrap_or(submitted);
            let query = DeadlineQuery {
                office_ids: Some(vec![office.id]),
                due_from: Some(due),
                due_to: Some(due),
                document_id: Some(document),
                ..Default::default()
            };
            if let Some(item) = self.deadline_items(&query, today)?.into_iter().find(|i| i.label == label) {
                self.record_report(
                    &ReportInput {
                        instance_id: item.instance_id,
                        submitted_on: submitted,
                        submitted_by: "Văn thư Hội LHPN".into(),
                        channel: Channel::Post,
                        note: String::new(),
                        received_on: Some(submitted.succ_opt().unwrap_or(submitted)),
                    },
                    today.max(submitted),
                )?;
            }
        }
        Ok(())
    }
}

impl Store {
    /// The sample province before and after the 2025 reform: the sample data of 2024, then from
    /// 1 July 2025 its districts dissolved (their communes report straight to the province) and
    /// Bản Giang merged into Bình Lư, and a plan of 2026 asking every commune and ward for its
    /// six-month and yearly reports, two of them sent. The matrix of 2024 shows the districts, that
    /// of 2026 the communes under the province. Loading twice changes nothing the second time.
    pub fn load_reform_demo(&mut self) -> Result<DemoSummary> {
        let summary = self.load_demo()?;
        let own = self.require_own_office()?;
        if own.code != "LCU" {
            return Ok(summary);
        }
        let reform = NaiveDate::from_ymd_opt(2025, 7, 1).unwrap_or_default();
        let bgi = self.office_by_code("BGI")?;
        if bgi.closed_on.is_none() {
            let blu = self.office_by_code("BLU")?;
            self.reorganise(&Reorganisation::Merge { offices: vec![bgi.id], into: blu.id, from: reform }, true)?;
        }
        for (code, _, level, _) in SUB_OFFICES.iter().filter(|(_, _, level, _)| *level == 2) {
            let district = self.office_by_code(code)?;
            if district.closed_on.is_none() && *level == 2 {
                self.reorganise(&Reorganisation::Dissolve { office: district.id, from: reform }, true)?;
            }
        }
        let id = DocumentId(demo_uuid("reform-2026"));
        if store::documents::exists(&self.conn, id)? {
            return Ok(summary);
        }
        let plan = DocumentInput {
            kind: DocKind::KeHoach,
            number: "03".into(),
            symbol: "KH-HLHPN".into(),
            number_style: NumberStyle::State,
            issued_on: date(2026, 1, 12),
            place: "Lai Châu".into(),
            issuer: "Ban Thường vụ Hội LHPN tỉnh Lai Châu".into(),
            title: "Công tác Hội và phong trào phụ nữ năm 2026 sau sắp xếp đơn vị hành chính".into(),
            signer: "Lò Thị Hà".into(),
            signer_title: "TM. BAN THƯỜNG VỤ\nCHỦ TỊCH".into(),
            recipients: lines(&["Hội LHPN các xã, phường", "Lưu: VT"]),
            references: vec![],
            body: "Hội LHPN các xã, phường báo cáo 6 tháng trước ngày 30/5/2026 và báo cáo năm trước ngày 30/11/2026.".into(),
        };
        self.create_document_with_id(id, &plan)?;
        self.add_task(
            id,
            &TaskInput {
                title: "Báo cáo kết quả công tác Hội năm 2026".into(),
                description: String::new(),
                assignees: vec![Assignee::Level { under: own.id, level: 3 }],
                report_to_office_id: Some(own.id),
                deadlines: vec![
                    yearly_report(5, "Báo cáo 6 tháng", "báo cáo 6 tháng trước ngày 30/5/2026", (2026, 1, 12)),
                    yearly_report(11, "Báo cáo năm", "báo cáo năm trước ngày 30/11/2026", (2026, 1, 12)),
                ],
            },
        )?;
        let today = chrono::Local::now().date_naive();
        for (code, submitted) in [("BLU", date(2026, 5, 28)), ("DTH", date(2026, 6, 2))] {
            let Some(submitted) = submitted else { continue };
            let office = self.office_by_code(code)?;
            let query = DeadlineQuery { office_ids: Some(vec![office.id]), document_id: Some(id), ..Default::default() };
            if let Some(item) = self.deadline_items(&query, today)?.into_iter().find(|i| i.label == "Báo cáo 6 tháng") {
                let input = ReportInput {
                    instance_id: item.instance_id,
                    submitted_on: submitted,
                    submitted_by: "Văn thư Hội LHPN".into(),
                    channel: Channel::Usb,
                    note: String::new(),
                    received_on: Some(submitted),
                };
                self.record_report(&input, today.max(submitted))?;
            }
        }
        Ok(DemoSummary { documents: summary.documents + 1, ..summary })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::DocumentOrder;

    #[test]
    fn the_reform_sample_shows_the_districts_in_2024_and_the_communes_under_the_province_in_2026() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open(dir.path().join("skh.db")).expect("open");
        store.load_reform_demo().expect("reform demo");
        let own = store.require_own_office().expect("own").id;
        let today = NaiveDate::from_ymd_opt(2026, 12, 4).expect("date");
        let at = |store: &Store, code: &str| {
            let office = store.office_by_code(code).expect("office");
            let query = DeadlineQuery { office_ids: Some(vec![office.id]), ..Default::default() };
            (office, store.deadline_items(&query, today).expect("items"))
        };
        let (tdg, tdg_items) = at(&store, "TDG");
        assert_eq!(tdg.closed_on, NaiveDate::from_ymd_opt(2025, 7, 1));
        assert_eq!(tdg_items.len(), 2, "its two reports of 2024 stay");
        assert!(tdg_items.iter().all(|i| i.submitted_on.is_some()));
        let (blu, blu_items) = at(&store, "BLU");
        assert_eq!(blu.parent_id, Some(own), "Bình Lư reports straight to the province");
        assert_eq!(blu_items.len(), 2, "its two reports of 2026");
        let (bgi, bgi_items) = at(&store, "BGI");
        assert_eq!(bgi.successor_id, Some(blu.id));
        assert!(bgi_items.is_empty(), "Bản Giang no longer exists in 2026");
        let dump = store.dump_string().expect("dump");
        store.load_reform_demo().expect("again");
        assert_eq!(store.dump_string().expect("dump"), dump, "a second load changes nothing");
    }

    #[test]
    fn demo_creates_a_province_tree_and_the_seed_plans_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open(dir.path().join("skh.db")).expect("open");
        let first = store.load_demo().expect("demo");
        assert_eq!(first.offices as usize, 2 + SUB_OFFICES.len());
        assert_eq!(first.documents, 5);
        let own = store.require_own_office().expect("own office");
        assert_eq!(own.code, "LCU");
        let again = store.load_demo().expect("demo again");
        assert_eq!(again, DemoSummary { offices: 0, documents: 0 }, "a second load adds nothing");
        let docs = store.list_documents(DocumentOrder::Title).expect("list");
        assert_eq!(docs.len(), 5);
        // The plan implementing Chỉ thị 21 links to it, since the directive is in the store.
        let plan = store.get_document(DocumentId(demo_uuid("seed-000"))).expect("plan");
        let directive = DocumentId(demo_uuid("ct-21"));
        assert_eq!(plan.references[0].linked_id, Some(directive));
        assert!(plan.body.contains("III- Tổ chức thực hiện") || plan.body.contains("TỔ CHỨC THỰC HIỆN"));
    }

    #[test]
    fn the_lai_chau_plan_for_2024_has_its_reports_in_2024_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open(dir.path().join("skh.db")).expect("open");
        store.load_demo().expect("demo");
        let plan = DocumentId(demo_uuid("seed-003"));
        let query = DeadlineQuery { document_id: Some(plan), ..Default::default() };
        let today = NaiveDate::from_ymd_opt(2027, 6, 1).expect("date");
        let items = store.deadline_items(&query, today).expect("items");
        let districts = SUB_OFFICES.iter().filter(|(_, _, level, _)| *level == 2).count();
        // A 6-month and a year report for every district and the ward, once: no false overdue
        // deadlines in the years after the plan's.
        assert_eq!(items.len(), 2 * (districts + 1), "{items:#?}");
        assert!(items.iter().all(|i| chrono::Datelike::year(&i.due_on) == 2024), "{items:#?}");
    }
}
