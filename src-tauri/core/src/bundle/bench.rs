//! Generated stores for the exchange benchmark (`skh bench-bundle`): a province and one of its
//! districts, set up from the province by a real setup bundle, where the district holds a given
//! number of records addressed up (its own and its communes' reports with the receipts it issued,
//! and documents it wrote) and a given amount of attached files that do not compress, like PDFs.
//! The communes' reports are kept as their own bundles leave them at the district: signed by each
//! commune's key, which the district has pinned, so the district forwards them signed.
//! Also writes the `sqlite3` script that bulk-loads the same rows, the baseline the exchange is
//! measured against. Not for real data: the records are plausible but invented.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{Datelike, Days, NaiveDate};
use ed25519_dalek::SigningKey;
use rusqlite::params;
use sha2::{Digest, Sha256};

use crate::bundle::format::{MANIFEST, Manifest, RECORDS};
use crate::bundle::identity::sign;
use crate::bundle::read::for_each_record;
use crate::bundle::records::{LOCAL_COLUMNS, Record, Row, for_each_row, record_of, spec};
use crate::bundle::signatures::{self, Verdict, canonical_bytes};
use crate::model::rules::{Frequency, RuleSpec};
use crate::model::documents::Attachment;
use crate::documents::{DocKind, DocumentInput, NumberStyle, write_document};
use crate::error::{Error, Result};
use crate::ids::{DocumentId, OfficeId, ReportId};
use crate::model::offices::{OfficeInput, OwnOfficeSetup};
use crate::plans::{PLAN_FORMAT, PlanAssignee, PlanDeadline, PlanFile, PlanTask};
use crate::store::{self, Store};

/// What the district sends up.
#[derive(Debug, Clone, Copy)]
pub struct ExchangeSize {
    /// Records in the bundle (documents, reports, receipts).
    pub records: u32,
    /// Bytes of attached files, in files of 100 KB to 2 MB.
    pub attachment_bytes: u64,
}

/// The two stores: the district's holds the records, the province's receives them.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ExchangePair {
    pub province: PathBuf,
    pub district: PathBuf,
    /// The province's office code (the district exports to it).
    pub province_code: String,
    /// The stored attached files of the district, as `sha256sum` and `cp` see them.
    pub files: Vec<PathBuf>,
}

/// Monthly rules of the province's plan, over this many years up to today's.
const RULES: u32 = 24;
const YEARS: i32 = 10;
/// One document in fifty of the records; the rest are reports and receipts.
const DOCUMENTS_PER_RECORD: u32 = 50;
const MIN_FILE: u64 = 100 * 1024;
const MAX_FILE: u64 = 2 * 1024 * 1024;

/// A small deterministic generator (SplitMix64), so every run builds the same stores.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Sizes spread evenly on a log scale between the bounds, as office files are.
    fn file_size(&mut self) -> u64 {
        let t = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        (MIN_FILE as f64 * (MAX_FILE as f64 / MIN_FILE as f64).powf(t)) as u64
    }

    fn fill(&mut self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(8) {
            let bytes = self.next().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
    }
}

/// Builds the pair under `dir` (which must not hold stores yet) as of `today`.
pub fn generate_exchange_pair(dir: &Path, size: ExchangeSize, today: NaiveDate) -> Result<ExchangePair> {
    let province_path = dir.join("tinh").join("skh.db");
    let district_path = dir.join("huyen").join("skh.db");
    let documents = size.records / DOCUMENTS_PER_RECORD;
    // Each commune brings a report and its receipt for 90% of its past deadlines.
    let past_per_office = u64::from(RULES) * 12 * YEARS as u64 - u64::from(RULES) * 2;
    let per_commune = past_per_office * 9 / 10 * 2;
    let communes = (u64::from(size.records - documents)).div_ceil(per_commune).max(1);

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
    for c in 0..communes {
        province.add_office(&OfficeInput {
            code: format!("XA{c:03}"),
            name: format!("Hội LHPN xã Mẫu {}", c + 1),
            level: 3,
            parent_id: Some(district.id),
        })?;
    }
    province.extend_instances_horizon(today)?;
    add_monthly_plan(&mut province, &own.code, today)?;
    let stick = dir.join("thiet-lap");
    let setup = province.export_setup_bundle(district.id, &stick, today)?;
    drop(province);

    let mut store = Store::open(&district_path)?;
    store.extend_instances_horizon(today)?;
    store.import_bundle(Path::new(&setup.path), today)?;
    let _ = std::fs::remove_dir_all(&stick);
    let files = write_files(&store, size.attachment_bytes)?;
    fill_district(&mut store, district.id, size.records, documents, &files, today)?;
    sign_commune_reports(&mut store, district.id)?;
    let files = files.iter().map(|a| store.stored_file_path(&a.sha256)).collect::<Result<_>>()?;
    Ok(ExchangePair { province: province_path, district: district_path, province_code: own.code, files })
}

/// The province's plan, entered as a plan file is: monthly reports from every district and
/// commune for `YEARS` years.
fn add_monthly_plan(store: &mut Store, province_code: &str, today: NaiveDate) -> Result<()> {
    let start = NaiveDate::from_ymd_opt(today.year() - YEARS + 1, 1, 1).unwrap_or(today);
    let end = NaiveDate::from_ymd_opt(today.year(), 12, 31).unwrap_or(today);
    let levels = [2, 3].map(|level| PlanAssignee::Level { under: province_code.to_string(), level });
    let plan = PlanFile {
        format: PLAN_FORMAT.to_string(),
        document: DocumentInput {
            kind: DocKind::KeHoach,
            number: "12".into(),
            symbol: "KH-HLHPN".into(),
            number_style: NumberStyle::State,
            issued_on: Some(start),
            place: "Tỉnh Mẫu".into(),
            issuer: "Ban Thường vụ Hội LHPN tỉnh".into(),
            title: "Kế hoạch báo cáo định kỳ hằng tháng của các cấp Hội".into(),
            signer: "Nguyễn Thị Mẫu".into(),
            signer_title: "TM. BAN THƯỜNG VỤ\nCHỦ TỊCH".into(),
            recipients: vec!["Hội LHPN các huyện".into()],
            references: vec![],
            body: "Các cấp Hội báo cáo kết quả thực hiện trước ngày quy định hằng tháng.".into(),
        },
        tasks: (0..RULES)
            .map(|r| PlanTask {
                title: format!("Báo cáo kết quả hoạt động, mục {}", r + 1),
                description: String::new(),
                assignees: levels.to_vec(),
                report_to: None,
                deadlines: vec![PlanDeadline {
                    label: format!("Báo cáo tháng, mục {}", r + 1),
                    rule: RuleSpec::Recurring { frequency: Frequency::Monthly, due_month: 1, day: 5 + r % 23, from: start, until: Some(end) },
                    source_text: String::new(),
                    history: vec![],
                    outline: None,
                }],
            })
            .collect(),
    };
    store.add_plan(&plan).map(|_| ())
}

/// Attached files of random bytes (they do not compress, like PDFs and Word files), stored
/// under their SHA-256 as the store keeps them.
fn write_files(store: &Store, total: u64) -> Result<Vec<Attachment>> {
    let mut random = Random(0x5348_4b42_454e_4348);
    let mut out = Vec::new();
    let mut written = 0u64;
    let now = store::now();
    while written < total {
        let size = random.file_size().min(total - written).max(MIN_FILE);
        let mut bytes = vec![0u8; size as usize];
        random.fill(&mut bytes);
        let extension = if out.len() % 3 == 0 { "docx" } else { "pdf" };
        let sha256 = hex::encode(Sha256::digest(&bytes));
        let path = store.stored_file_path(&sha256)?;
        let folder = path.parent().unwrap_or(store.files_dir());
        std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
        std::fs::write(&path, &bytes).map_err(|e| Error::io(&path, e))?;
        let file_name = format!("bao-cao-{}.{extension}", out.len() + 1);
        out.push(Attachment { sha256, file_name, size, added_at: now.clone() });
        written += size;
    }
    Ok(out)
}

/// The district's records: `documents` documents, then reports of the district and its communes
/// for 90% of their past deadlines (every tenth late) with the receipts the district issued for
/// its communes' reports, until there are `records`. Half the files go with documents, half with
/// reports.
fn fill_district(
    store: &mut Store,
    district: OfficeId,
    records: u32,
    documents: u32,
    files: &[Attachment],
    today: NaiveDate,
) -> Result<()> {
    store.transact(|tx| {
        let seq = store::next_change_seq(tx)?;
        let now = store::now();
        let (document_files, report_files) = files.split_at(files.len() / 2);
        for n in 0..documents {
            let id = DocumentId::new();
            let input = DocumentInput {
                kind: if n % 4 == 0 { DocKind::KeHoach } else { DocKind::CongVan },
                number: (n % 400 + 1).to_string(),
                symbol: "CV-HLHPN".into(),
                number_style: NumberStyle::State,
                issued_on: today.checked_sub_days(Days::new(u64::from(n % 3000))),
                place: "Mẫu Sơn".into(),
                issuer: "Ban Thường vụ Hội LHPN huyện".into(),
                title: format!("Về việc triển khai công tác Hội tháng {}, đợt {}", n % 12 + 1, n + 1),
                signer: "Lò Thị Mai".into(),
                signer_title: "TM. BAN THƯỜNG VỤ\nPHÓ CHỦ TỊCH".into(),
                recipients: vec!["Hội LHPN các xã, thị trấn".into(), "Lưu VP".into()],
                references: vec![],
                body: "Thực hiện kế hoạch của Hội LHPN tỉnh, Ban Thường vụ Hội LHPN huyện đề nghị Hội LHPN các xã \
                       tổ chức tuyên truyền, vận động hội viên và báo cáo kết quả về huyện đúng thời hạn."
                    .into(),
            };
            write_document(tx, id, district, &input, &now, seq)?;
            if let Some(file) = document_files.get(n as usize) {
                store::documents::insert_attachment(tx, id, file)?;
            }
        }
        let past: Vec<(String, String, NaiveDate)> = tx
            .prepare(
                "SELECT i.id, i.office_id, i.due_on FROM deadline_instances i JOIN offices o ON o.id = i.office_id
                 WHERE i.due_on < ?1 AND (o.id = ?2 OR o.parent_id = ?2) ORDER BY i.office_id, i.due_on",
            )?
            .query_map(params![today, district], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut insert_report = tx.prepare(
            "INSERT INTO reports (id, instance_id, office_id, submitted_on, submitted_by, channel, note,
                                  owner_office_id, updated_at, change_seq)
             VALUES (?1, ?2, ?3, ?4, 'Văn thư', 'usb', 'Báo cáo kết quả thực hiện trong tháng', ?3, ?5, ?6)",
        )?;
        let mut insert_receipt = tx.prepare(
            "INSERT INTO receipts (report_id, received_on, receiver_office_id, updated_at, change_seq)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut insert_file = tx.prepare(
            "INSERT INTO report_files (report_id, sha256, file_name, size, added_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut left = records - documents;
        let reports_expected = left as usize * 10 / 19;
        let every = (reports_expected / report_files.len().max(1)).max(1);
        let mut report_files = report_files.iter();
        for (n, (instance, office, due)) in past.iter().enumerate() {
            if left == 0 {
                break;
            }
            if n % 10 == 9 {
                continue;
            }
            // Never after today: an import refuses reports (and receipts) dated in the future.
            let late = if n % 10 == 3 { *due + Days::new(3) } else { *due - Days::new(1) };
            let submitted = late.min(today.pred_opt().unwrap_or(today));
            let id = ReportId::new();
            insert_report.execute(params![id, instance, office, submitted, now, seq])?;
            left -= 1;
            if n % every == 0
                && let Some(file) = report_files.next()
            {
                insert_file.execute(params![id, file.sha256, file.file_name, file.size as i64, file.added_at])?;
            }
            if *office != district.to_string() && left > 0 {
                insert_receipt.execute(params![id, submitted + Days::new(1), district, now, seq])?;
                left -= 1;
            }
        }
        tx.execute_batch(
            "UPDATE deadline_instances SET reported_on =
                 (SELECT submitted_on FROM reports r WHERE r.instance_id = deadline_instances.id AND r.deleted = 0)",
        )?;
        Ok(())
    })
}

/// What the communes' own bundles would have left at the district: each commune's key pinned (as
/// on first contact), and each commune report's signature by its commune kept with the row, as an
/// import keeps it.
fn sign_commune_reports(store: &mut Store, district: OfficeId) -> Result<()> {
    let mut random = Random(0x4b48_4f41_5f58_4130);
    let (_, reports) = spec("reports").ok_or_else(|| Error::invalid("reports are not a record table"))?;
    store.transact(|tx| {
        let communes: Vec<OfficeId> = tx
            .prepare("SELECT id FROM offices WHERE parent_id = ?1 ORDER BY id")?
            .query_map([district], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for commune in communes {
            let mut seed = [0u8; 32];
            random.fill(&mut seed);
            let key = SigningKey::from_bytes(&seed);
            let public_key = hex::encode(key.verifying_key().as_bytes());
            store::pinned_keys::pin(tx, commune, &public_key, &uuid::Uuid::now_v7().to_string(), None)?;
            let owner = commune.to_string();
            for_each_row(tx, "SELECT * FROM reports WHERE owner_office_id = ?1 ORDER BY id", [&owner], |row| {
                let id = row.get(reports.key).and_then(|v| v.as_str()).unwrap_or_default().to_string();
                let record = record_of(tx, reports, row)?;
                let verdict = Verdict::Signed(public_key.clone(), sign(&key, &canonical_bytes(&record)));
                signatures::keep(tx, reports.table, &id, &owner, &verdict)
            })?;
        }
        Ok(())
    })
}

/// Writes the `sqlite3` script that bulk-loads the rows of `bundle`'s records — every record row,
/// child row and kept signature, into the same tables and indexes as `store` has (without its
/// full-text index and triggers), in one transaction with the store's journal settings (WAL,
/// `synchronous=FULL`). Returns the number of rows.
pub fn write_bulk_load_sql(store: &Store, bundle: &Path, out: &Path) -> Result<u64> {
    let file = File::open(bundle).map_err(|e| Error::io(bundle, e))?;
    let mut archive = zip::ZipArchive::new(std::io::BufReader::new(file))
        .map_err(|e| Error::io(bundle, std::io::Error::other(e.to_string())))?;
    // Which key signed whose records: the sender's own, and each forwarded owner's.
    let manifest: Manifest = {
        let entry = archive.by_name(MANIFEST).map_err(|e| Error::io(bundle, std::io::Error::other(e.to_string())))?;
        serde_json::from_reader(entry).map_err(|e| Error::invalid(e.to_string()))?
    };
    let mut keys: HashMap<String, String> =
        manifest.forwarded_keys.iter().map(|k| (k.office_id.to_string(), k.public_key.clone())).collect();
    keys.insert(manifest.sender.id.to_string(), manifest.sender_public_key.clone());
    let mut entry = archive.by_name(RECORDS).map_err(|e| Error::io(bundle, std::io::Error::other(e.to_string())))?;
    let mut sql = BufWriter::new(File::create(out).map_err(|e| Error::io(out, e))?);
    let io = |e: std::io::Error| Error::io(out, e);
    writeln!(sql, "PRAGMA journal_mode = WAL;\nPRAGMA synchronous = FULL;").map_err(io)?;
    let mut tables: Vec<&str> = vec!["record_signatures"];
    for table in crate::bundle::records::RECORD_TABLES {
        tables.push(table.table);
        tables.extend(table.children.iter().map(|c| c.table));
    }
    let mut schema = store.conn.prepare(
        "SELECT sql FROM sqlite_master WHERE tbl_name IN (SELECT value FROM json_each(?1))
             AND type IN ('table', 'index') AND sql IS NOT NULL ORDER BY type DESC, rowid",
    )?;
    let names = serde_json::to_string(&tables).unwrap_or_default();
    for statement in schema.query_map([names], |r| r.get::<_, String>(0))? {
        writeln!(sql, "{};", statement?).map_err(io)?;
    }
    writeln!(sql, "BEGIN;").map_err(io)?;
    let mut rows = 0u64;
    let local = |table: &str| -> Result<Vec<&'static str>> {
        let columns: Vec<String> = store
            .conn
            .prepare_cached(&format!("SELECT name FROM pragma_table_info('{table}')"))?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(LOCAL_COLUMNS.iter().copied().filter(|c| *c != "row_key" && *c != "number_key" && columns.iter().any(|n| n == c)).collect())
    };
    for_each_record(&mut entry, |_, _, record: Record| -> Result<()> {
        let Some((_, spec)) = spec(&record.table) else { return Ok(()) };
        insert_statement(&mut sql, spec.table, &record.row, &local(spec.table)?).map_err(io)?;
        rows += 1;
        // The import keeps every record's signature too.
        let owner = record.row.get(spec.owner).and_then(|v| v.as_str()).unwrap_or_default();
        if let (Some(signature), Some(key)) = (&record.signature, keys.get(owner)) {
            let record_key = record.row.get(spec.key).and_then(|v| v.as_str()).unwrap_or_default();
            writeln!(
                sql,
                "INSERT INTO record_signatures (table_name, record_key, owner_office_id, public_key, signature) \
                 VALUES ('{}', '{record_key}', '{owner}', X'{key}', X'{signature}');",
                spec.table
            )
            .map_err(io)?;
            rows += 1;
        }
        for (child, child_rows) in &record.children {
            for row in child_rows {
                insert_statement(&mut sql, child, row, &local(child)?).map_err(io)?;
                rows += 1;
            }
        }
        Ok(())
    })?;
    writeln!(sql, "COMMIT;").map_err(io)?;
    sql.flush().map_err(io)?;
    Ok(rows)
}

/// `INSERT INTO table (columns) VALUES (literals);` with the local columns empty.
fn insert_statement(out: &mut impl Write, table: &str, row: &Row, local: &[&str]) -> std::io::Result<()> {
    let mut names: Vec<&str> = row.keys().map(String::as_str).collect();
    names.extend(local);
    let mut values: Vec<String> = row
        .values()
        .map(|v| match v {
            serde_json::Value::Null => "NULL".to_string(),
            serde_json::Value::String(s) => format!("'{}'", s.replace('\'', "''")),
            other => other.to_string(),
        })
        .collect();
    values.extend(local.iter().map(|c| if *c == "change_seq" { "0".to_string() } else { "''".to_string() }));
    writeln!(out, "INSERT INTO {table} ({}) VALUES ({});", names.join(", "), values.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::date;

    /// The generated district's bundle brings exactly the records and files asked for, all new at
    /// the province (the communes' reports forwarded with their valid signatures: none refused,
    /// no conflict), and the bulk-load script carries the same rows.
    /// A generated pair of 3,000 records (enough to pass the district's own reports, listed
    /// first, and reach its communes'), opened: the district, the province and its office.
    fn generated(dir: &Path) -> (ExchangePair, Store, Store, OfficeId) {
        let size = ExchangeSize { records: 3000, attachment_bytes: 1_000_000 };
        let pair = generate_exchange_pair(dir, size, date(2026, 11, 25)).expect("generate");
        let district = Store::open(&pair.district).expect("district");
        let province = Store::open(&pair.province).expect("province");
        let own = province.require_own_office().expect("own").id;
        (pair, district, province, own)
    }

    #[test]
    fn the_generated_bundle_imports_whole_and_the_baseline_loads_the_same_rows() {
        let dir = tempfile::tempdir().expect("temp dir");
        let today = date(2026, 11, 25);
        let (pair, mut district, mut province, own) = generated(dir.path());
        let stick = dir.path().join("usb");
        let bundle = district.export_bundle(own, &stick, today, &mut |_| {}).expect("export");
        assert_eq!(bundle.records, 3000);
        assert_eq!(bundle.files as usize, pair.files.len());
        let outcome = province.import_bundle(Path::new(&bundle.path), today).expect("import");
        assert!(outcome.applied);
        assert_eq!(outcome.preview.counts.new, 3000, "{:?}", outcome.preview);
        assert_eq!(outcome.preview.counts.refused, 0, "{:?}", outcome.preview.issues);
        assert_eq!(outcome.preview.counts.conflicts, 0, "{:?}", outcome.preview.issues);
        // The communes' reports came forwarded, each with its commune's signature, now kept at
        // the province under the commune keys the district vouched for.
        let count = |store: &Store, sql: &str| -> i64 { store.conn.query_row(sql, [], |r| r.get(0)).expect("count") };
        let commune_reports =
            count(&district, "SELECT count(*) FROM reports r JOIN offices o ON o.id = r.owner_office_id WHERE o.level = 3");
        assert!(commune_reports > 0);
        assert_eq!(
            count(&province, "SELECT count(*) FROM record_signatures s JOIN offices o ON o.id = s.owner_office_id WHERE o.level = 3"),
            commune_reports
        );
        assert!(count(&province, "SELECT count(*) FROM pinned_keys WHERE vouched_by IS NOT NULL") > 0);
    }

    /// Among thousands of records checked in chunks, the one commune report the district changed
    /// after its commune signed it is refused with its receipt, and only they; the preview says
    /// exactly that and changes nothing.
    #[test]
    fn one_altered_forwarded_report_among_thousands_is_refused_alone() {
        let dir = tempfile::tempdir().expect("temp dir");
        let today = date(2026, 11, 25);
        let (_, mut district, mut province, own) = generated(dir.path());
        let altered: String = district
            .conn
            .query_row(
                "SELECT r.id FROM reports r JOIN offices o ON o.id = r.owner_office_id WHERE o.level = 3
                 ORDER BY r.id LIMIT 1 OFFSET 100",
                [],
                |r| r.get(0),
            )
            .expect("a commune report");
        district.conn.execute("UPDATE reports SET note = 'Đã sửa ở huyện' WHERE id = ?1", [&altered]).expect("alter");
        let bundle = district.export_bundle(own, &dir.path().join("usb"), today, &mut |_| {}).expect("export");
        let before = province.dump_string().expect("dump");
        let preview = province.preview_import(Path::new(&bundle.path), today).expect("preview");
        assert_eq!(province.dump_string().expect("dump"), before, "a preview changes nothing");
        let outcome = province.import_bundle(Path::new(&bundle.path), today).expect("import");
        assert_eq!(outcome.preview, preview);
        let refused: Vec<(&str, &str)> =
            outcome.preview.issues.iter().map(|i| (i.table.as_str(), i.id.as_str())).collect();
        assert_eq!(refused, [("reports", altered.as_str()), ("receipts", altered.as_str())], "{:?}", outcome.preview.issues);
        assert_eq!(outcome.preview.counts.new, 2998);
        let stored: i64 =
            province.conn.query_row("SELECT count(*) FROM reports WHERE id = ?1", [&altered], |r| r.get(0)).expect("count");
        assert_eq!(stored, 0);
        let sql = dir.path().join("load.sql");
        let rows = write_bulk_load_sql(&district, Path::new(&bundle.path), &sql).expect("sql");
        let files_of_records: i64 = district
            .conn
            .query_row("SELECT (SELECT count(*) FROM report_files) + (SELECT count(*) FROM attachments)", [], |r| r.get(0))
            .expect("count");
        // Each record, its file rows, and its signature (every record in the bundle is signed).
        assert_eq!(rows, 2 * 3000 + files_of_records as u64);
    }
}
