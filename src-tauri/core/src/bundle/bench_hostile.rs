//! Hostile bundles for the exchange benchmark (`skh bench-bundle --hostile`): what a district could
//! send its province to make it work (many offices and monthly rules starting long ago, long lines,
//! many small files), each under 10 MB, signed with the district's real key as a real export signs
//! them. The district's store is written to directly, past the checks the app makes on input, as
//! a modified program would; the province's store receives them. Not for real data.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::params;
use sha2::{Digest, Sha256};

use crate::model::rules::{Frequency, RuleSpec};
use crate::model::documents::{DocKind, DocumentInput, NumberStyle};
use crate::error::Result;
use crate::ids::OfficeId;
use crate::model::offices::{OfficeInput, OwnOfficeSetup};
use crate::store::{self, Store};

/// One hostile bundle and the province store to import it into (copy it first: an import changes it).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct HostileCase {
    pub name: String,
    pub what: String,
    pub bundle: PathBuf,
    /// The province's data folder (database and key) before the import.
    pub province_dir: PathBuf,
}

/// A province and its district set up from it, under `dir`.
fn pair(dir: &Path, today: NaiveDate) -> Result<(PathBuf, Store, OfficeId)> {
    let province_path = dir.join("tinh").join("skh.db");
    let mut province = Store::open(&province_path)?;
    let own = province.setup_own_office(&OwnOfficeSetup {
        office: OfficeInput { code: "TINH".into(), name: "Hội LHPN tỉnh Mẫu".into(), level: 1, parent_id: None },
        parent: None,
    })?;
    let district = province.add_office(&OfficeInput {
        code: "HUYEN".into(),
        name: "Hội LHPN huyện Mẫu Sơn".into(),
        level: 2,
        parent_id: Some(own.id),
    })?;
    province.extend_instances_horizon(today)?;
    let setup = province.export_setup_bundle(district.id, &dir.join("thiet-lap"), today)?;
    province.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
    drop(province);
    let mut store = Store::open(dir.join("huyen").join("skh.db"))?;
    store.extend_instances_horizon(today)?;
    store.import_bundle(Path::new(&setup.path), today)?;
    Ok((province_path.parent().map(Path::to_path_buf).unwrap_or_default(), store, district.id))
}

fn document(store: &mut Store, title: &str) -> Result<String> {
    let doc = store.create_document(&DocumentInput {
        kind: DocKind::KeHoach,
        number: "7".into(),
        symbol: "KH-HLHPN".into(),
        number_style: NumberStyle::State,
        issued_on: None,
        place: "Huyện Mẫu Sơn".into(),
        issuer: "Ban Thường vụ Hội LHPN huyện".into(),
        title: title.into(),
        signer: "Lò Thị Mẫu".into(),
        signer_title: "CHỦ TỊCH".into(),
        recipients: vec![],
        references: vec![],
        body: String::new(),
    })?;
    Ok(doc.id.to_string())
}

fn id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// `offices` communes under the district and `rules` monthly rules from `from`, each for all of
/// them.
pub(crate) fn offices_and_rules(store: &mut Store, district: OfficeId, offices: u32, rules: u32, from: NaiveDate) -> Result<()> {
    let doc = document(store, "Kế hoạch báo cáo hằng tháng của các xã")?;
    store.transact(|tx| {
        let seq = store::next_change_seq(tx)?;
        let now = store::now();
        for i in 0..offices {
            tx.execute(
                "INSERT INTO offices (id, code, name, level, parent_id, owner_office_id, updated_at, change_seq)
                 VALUES (?1, ?2, ?3, 3, ?4, ?4, ?5, ?6)",
                params![id(), format!("XA{i:05}"), format!("Hội LHPN xã Mẫu {i}"), district, now, seq],
            )?;
        }
        let spec = serde_json::to_string(&RuleSpec::Recurring { frequency: Frequency::Monthly, due_month: 1, day: 5, from, until: None })
            .unwrap_or_default();
        for r in 0..rules {
            let task = id();
            tx.execute(
                "INSERT INTO tasks (id, document_id, position, title, description, report_to_office_id, owner_office_id, updated_at, change_seq)
                 VALUES (?1, ?2, ?3, ?4, '', NULL, ?5, ?6, ?7)",
                params![task, doc, r, format!("Báo cáo tháng, mục {r}"), district, now, seq],
            )?;
            tx.execute("INSERT INTO task_assignees (task_id, position, office_id, level) VALUES (?1, 0, ?2, 3)", params![task, district])?;
            tx.execute(
                "INSERT INTO deadline_rules (id, task_id, position, label, spec, source_text, passed_down_from, owner_office_id, updated_at, change_seq)
                 VALUES (?1, ?2, 0, ?3, ?4, '', NULL, ?5, ?6, ?7)",
                params![id(), task, format!("Báo cáo tháng {r}"), spec, district, now, seq],
            )?;
        }
        Ok(())
    })
}

/// SplitMix64, so every run builds the same bundles.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Text of `len` bytes that deflates about `ratio`:1: blocks of random letters, most of them
/// repeated from just before.
fn text(random: &mut Random, len: usize, ratio: u64) -> String {
    const BLOCK: usize = 1024;
    let mut out = String::with_capacity(len + BLOCK);
    let mut last = String::new();
    while out.len() < len {
        if last.is_empty() || random.next() % (ratio * 6 / 10).max(1) == 0 {
            last = (0..BLOCK).map(|_| char::from(b'a' + (random.next() % 26) as u8)).collect();
        }
        out.push_str(&last);
    }
    out.truncate(len);
    out
}

/// Documents whose bodies make lines of `line_bytes`, `count` of them.
fn long_lines(store: &mut Store, count: u32, line_bytes: usize, ratio: u64) -> Result<()> {
    let mut random = Random(7);
    for i in 0..count {
        let doc = document(store, &format!("Văn bản dài {i}"))?;
        let body = text(&mut random, line_bytes, ratio);
        store.transact(|tx| {
            let seq = store::next_change_seq(tx)?;
            tx.execute("UPDATE documents SET body = ?2, change_seq = ?3 WHERE id = ?1", params![doc, body, seq])?;
            Ok(())
        })?;
    }
    Ok(())
}

/// `count` small files of random bytes attached to documents, 100 to a document.
fn small_files(store: &mut Store, count: u32) -> Result<()> {
    let mut random = Random(11);
    let mut doc = String::new();
    for i in 0..count {
        if i % 100 == 0 {
            doc = document(store, &format!("Văn bản nhiều tệp {i}"))?;
        }
        let bytes: Vec<u8> = (0..64).map(|_| random.next() as u8).collect();
        let sha = hex::encode(Sha256::digest(&bytes));
        let path = store.stored_file_path(&sha)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| crate::Error::io(parent, e))?;
        }
        std::fs::write(&path, &bytes).map_err(|e| crate::Error::io(&path, e))?;
        store.conn.execute(
            "INSERT INTO attachments (document_id, sha256, file_name, size, added_at) VALUES (?1, ?2, ?3, 64, ?4)",
            params![doc, sha, format!("tep-{i}.pdf"), store::now()],
        )?;
    }
    // The documents changed (their attachments travel with them).
    store.transact(|tx| {
        let seq = store::next_change_seq(tx)?;
        tx.execute("UPDATE documents SET change_seq = ?1 WHERE title LIKE 'Văn bản nhiều tệp %'", [seq])?;
        Ok(())
    })
}

/// Builds every hostile case under `dir` (which must not hold them yet).
pub fn generate_hostile(dir: &Path, today: NaiveDate) -> Result<Vec<HostileCase>> {
    type Make = Box<dyn Fn(&mut Store, OfficeId) -> Result<()>>;
    let old = NaiveDate::from_ymd_opt(1926, 1, 1).unwrap_or(today);
    let allowed = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or(today);
    let cases: Vec<(&str, &str, Make)> = vec![
        (
            "thoi-han-tu-1926",
            "2,000 communes and 200 monthly rules from 1926 for all of them (~1 million deadlines a rule)",
            Box::new(move |s, d| offices_and_rules(s, d, 2_000, 200, old)),
        ),
        (
            "thoi-han-sat-gioi-han",
            "43 communes and 400 monthly rules from 1990 (just under 20,000 deadlines a rule, 7.8 million in all)",
            Box::new(move |s, d| offices_and_rules(s, d, 43, 400, allowed)),
        ),
        (
            "dong-dai",
            "16 documents with 7.5 MiB bodies (lines just under the 8 MiB limit, past the 2 MiB of text a document may hold) that deflate 18:1 (120 MiB of lines in a ~9 MB file)",
            Box::new(|s, _| long_lines(s, 16, 15 * 512 * 1024, 18)),
        ),
        (
            "van-ban-toi-da",
            "70 documents at the 2 MiB limit of text that deflate 18:1 (140 MiB of text in a ~9 MB file)",
            Box::new(|s, _| long_lines(s, 70, crate::documents::MAX_DOCUMENT_TEXT_BYTES - 256, 18)),
        ),
        ("nhieu-tep-nho", "23,000 attached files of 64 bytes (~9 MB file)", Box::new(|s, _| small_files(s, 23_000))),
    ];
    let mut out = Vec::new();
    for (name, what, make) in cases {
        let base = dir.join(name);
        let (province_dir, mut district, district_id) = pair(&base, today)?;
        make(&mut district, district_id)?;
        let parent = district.require_own_office()?.parent_id.ok_or(crate::Error::NotSetUp)?;
        let result = district.export_bundle(parent, &base.join("usb"), today, &mut |_| {})?;
        out.push(HostileCase { name: name.into(), what: what.into(), bundle: PathBuf::from(result.path), province_dir });
    }
    Ok(out)
}
