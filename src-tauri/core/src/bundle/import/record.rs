//! The per-record run: for each record of a bundle, in table order, who may send it, whether it
//! is newer, its signature, and the write with the table's after-write work; a record refused
//! is listed with its reason and the rest goes on.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::Connection;
use serde_json::Value;

use crate::bundle::Refusal;
use crate::bundle::admit::Admission;
use crate::bundle::format::{BundleKind, Manifest};
use crate::bundle::records::{AfterWrite, Record, RecordTable, children_of, delete_children, owner_and_time, spec, stored_row};
use crate::bundle::refusals;
use crate::bundle::signatures::{self, KeyBook, Verdict};
use crate::model::rules::RuleSpec;
use crate::deadlines::instances::{Rebuild, assigned_offices, check_rule_size, rebuild_rule, rebuild_rules};
use crate::error::{Error, Result};
use crate::ids::RuleId;
use crate::store::{self, record_conflicts::FoundConflict, settings::{self, Setting}};
use super::*;

/// (table, column, parent table, the parent in words): a record refers to its parent record.
pub(crate) const DEPENDS_ON: &[(&str, &str, &str, &str)] = &[
    ("tasks", "document_id", "documents", "một văn bản"),
    ("deadline_rules", "task_id", "tasks", "một nhiệm vụ"),
    ("receipts", "report_id", "reports", "một báo cáo"),
];

/// One pass over the records of a bundle inside the import transaction.
pub(crate) struct Run<'a> {
    pub(crate) tx: &'a Connection,
    pub(crate) manifest: &'a Manifest,
    pub(crate) today: NaiveDate,
    pub(crate) horizon: NaiveDate,
    pub(crate) counts: ImportCounts,
    pub(crate) issues: Vec<RecordIssue>,
    /// Owners whose records the sender may bring; decided once the offices are in.
    pub(crate) allowed: Option<HashSet<String>>,
    pub(crate) stage: usize,
    pub(crate) rules: BTreeSet<String>,
    pub(crate) offices_changed: bool,
    /// The change every record this import writes is stamped with (one transaction, one change).
    pub(crate) seq: i64,
    /// Receipt dates of our own records of reports that the sender's records replaced.
    pub(crate) carried_receipts: HashMap<String, String>,
    /// The keys records are checked with, and those learnt from the sender.
    pub(crate) keys: KeyBook,
    /// Records refused in this run (table, key), so the records that depend on them are refused
    /// with the reason rather than a database error.
    pub(crate) refused: HashSet<(String, String)>,
    /// Conflicting versions, kept for the user to resolve.
    pub(crate) conflicts: Vec<FoundConflict>,
    /// Whether the store had conflicts waiting to be resolved when the run started: if not, no
    /// record of the run can supersede one (those the run finds are kept after it).
    pub(crate) pending_conflicts: Option<bool>,
    pub(crate) upserts: Upserts,
    /// What the sender may say: references and values (`admit`).
    pub(crate) admission: Admission,
    /// Files the records written by this run refer to: the only ones moved into place.
    pub(crate) stored_files: HashSet<String>,
    /// Instances this run created, against [`MAX_INSTANCES_PER_IMPORT`].
    pub(crate) instances: u64,
    /// Records refused in this run, kept to be listed for the sender.
    pub(crate) refusals: Vec<refusals::Refusal>,
    /// Whether records of the sender refused before are waiting (then accepted ones are struck).
    pub(crate) pending_refusals: Option<bool>,
}

impl<'a> Run<'a> {
    pub(crate) fn new(tx: &'a Connection, manifest: &'a Manifest, today: NaiveDate, horizon: NaiveDate, seq: i64) -> Self {
        Run {
            tx,
            manifest,
            today,
            horizon,
            counts: ImportCounts::default(),
            issues: Vec::new(),
            allowed: None,
            stage: 0,
            rules: BTreeSet::new(),
            offices_changed: false,
            seq,
            carried_receipts: HashMap::new(),
            keys: KeyBook::default(),
            refused: HashSet::new(),
            conflicts: Vec::new(),
            pending_conflicts: None,
            upserts: Upserts::default(),
            admission: Admission::new(manifest, today),
            stored_files: HashSet::new(),
            instances: 0,
            refusals: Vec::new(),
            pending_refusals: None,
        }
    }

    pub(crate) fn issue(&mut self, table: &str, id: &str, kind: RecordIssueKind, reason: String) {
        match kind {
            RecordIssueKind::Conflict => self.counts.conflicts += 1,
            RecordIssueKind::Refused => {
                self.counts.refused += 1;
                self.refused.insert((table.to_string(), id.to_string()));
                self.refusals.push(refusals::Refusal {
                    table: table.into(),
                    id: id.into(),
                    reason: reason.clone(),
                    what: String::new(),
                });
            }
        }
        if self.issues.len() < MAX_LISTED_ISSUES {
            self.issues.push(RecordIssue { table: table.into(), id: id.into(), kind, reason });
        }
    }

    /// The owners the sender may bring records of: itself and, going up, its sub-offices; going
    /// down, the levels above it. A setup bundle comes from the parent we are about to trust; a
    /// recovery bundle also brings back what the recipient and the offices below it owned.
    pub(crate) fn allowed(&mut self) -> Result<&HashSet<String>> {
        if self.allowed.is_none() {
            let tree = store::offices::tree(self.tx)?;
            let (sender, recipient) = (self.manifest.sender.id, self.manifest.recipient.id);
            let sender_is_parent = tree.above(sender, recipient) || self.manifest.kind != BundleKind::Data;
            let others = if sender_is_parent { tree.ancestors(sender) } else { tree.descendants(sender) };
            let mut allowed: HashSet<String> = std::iter::once(sender).chain(others).map(|id| id.to_string()).collect();
            // A recovery bundle gives back what the recipient and the offices below it owned.
            if self.manifest.kind == BundleKind::Recovery {
                allowed.extend(std::iter::once(recipient).chain(tree.descendants(recipient)).map(|id| id.to_string()));
            }
            self.allowed = Some(allowed);
        }
        Ok(self.allowed.get_or_insert_with(HashSet::new))
    }

    /// Applies one record; `verified_with` as for `KeyBook::check`. A refused record is kept to be
    /// listed for the sender (in words, from the version refused); one accepted no longer waits.
    pub(crate) fn record(&mut self, record: Record, verified_with: Option<&str>) -> Result<()> {
        let (refused, conflicts) = (self.refusals.len(), self.counts.conflicts);
        self.apply_record(&record, verified_with)?;
        if self.refusals.len() > refused {
            let what = refusals::describe(self.tx, &record.table, &record.row)?;
            for refusal in &mut self.refusals[refused..] {
                refusal.what.clone_from(&what);
            }
        } else if self.counts.conflicts == conflicts && self.pending_refusals()? {
            if let Some((_, table)) = spec(&record.table) {
                let id = record.row.get(table.key).and_then(|v| v.as_str()).unwrap_or_default();
                refusals::accepted(self.tx, self.manifest.sender.id, table.table, id)?;
            }
        }
        Ok(())
    }

    pub(crate) fn pending_refusals(&mut self) -> Result<bool> {
        if let Some(pending) = self.pending_refusals {
            return Ok(pending);
        }
        let pending = refusals::any_from(self.tx, self.manifest.sender.id)?;
        self.pending_refusals = Some(pending);
        Ok(pending)
    }

    pub(crate) fn apply_record(&mut self, record: &Record, verified_with: Option<&str>) -> Result<()> {
        let Some((stage, table)) = spec(&record.table) else { return Ok(()) };
        if stage != self.stage {
            self.enter_stage(stage)?;
        }
        let key = record.row.get(table.key).cloned().unwrap_or(Value::Null);
        let id = key.as_str().unwrap_or_default().to_string();
        let owner = record.row.get(table.owner).and_then(|v| v.as_str()).unwrap_or_default().to_string();
        if stage > 0 && !self.allowed()?.contains(&owner) || stage == 0 && !self.owner_allowed_for_office(&owner)? {
            let name = self.office_name(&owner)?;
            let reason = format!(
                "«{}» không có quyền gửi bản ghi thuộc «{name}»: chỉ đơn vị làm ra bản ghi mới được thay đổi nó.",
                self.manifest.sender.name
            );
            self.issue(table.table, &id, RecordIssueKind::Refused, reason);
            return Ok(());
        }
        if let Some(reason) = self.depends_on_refused(table.table, record) {
            self.issue(table.table, &id, RecordIssueKind::Refused, reason);
            return Ok(());
        }
        let local = owner_and_time(self.tx, table, &id)?;
        let incoming_at = record.row.get("updated_at").and_then(|v| v.as_str()).unwrap_or_default().to_string();
        let is_new = local.is_none();
        if local.as_ref().is_some_and(|(local_owner, _)| *local_owner != owner) {
            let reason = "bản ghi này ở máy nhận thuộc đơn vị khác; không đổi được chủ sở hữu.".to_string();
            self.issue(table.table, &id, RecordIssueKind::Refused, reason);
            return Ok(());
        }
        if let Err(reason) = self.admission.check(self.tx, &record)? {
            self.issue(table.table, &id, RecordIssueKind::Refused, reason);
            return Ok(());
        }
        if let Some((_, local_at)) = &local {
            match incoming_at.as_str().cmp(local_at.as_str()) {
                std::cmp::Ordering::Less => {
                    self.counts.older += 1;
                    return Ok(());
                }
                std::cmp::Ordering::Equal => {
                    let ours = self.local_record(table, &key)?;
                    if ours.same_content(record) {
                        self.counts.unchanged += 1;
                    } else if let Some(verdict) = self.signature(table.table, &id, &owner, record, verified_with)? {
                        let reason = format!(
                            "cùng thời điểm sửa nhưng nội dung khác với bản ở máy này: có thể đã sửa trên hai máy. Bản trong gói được giữ lại ở mục «Xung đột cần xử lý» (Trao đổi dữ liệu) để chọn sau khi thống nhất với «{}».",
                            self.manifest.sender.name
                        );
                        self.keep_conflict(table, &id, record.clone(), ours, verdict, &reason);
                        self.issue(table.table, &id, RecordIssueKind::Conflict, reason);
                    }
                    return Ok(());
                }
                std::cmp::Ordering::Greater => {}
            }
        }
        let Some(verdict) = self.signature(table.table, &id, &owner, record, verified_with)? else { return Ok(()) };
        if table.after_write == AfterWrite::Report && is_new
            && let Some(reason) = self.replace_report_made_for_sender(record, &id)? {
                self.issue(table.table, &id, RecordIssueKind::Conflict, reason);
                return Ok(());
            }
        match self.write_verified(table, record, &key, &id, &owner, &verdict)? {
            Ok(()) if is_new => self.counts.new += 1,
            Ok(()) => self.counts.updated += 1,
            Err(reason) => self.issue(table.table, &id, RecordIssueKind::Refused, reason),
        }
        Ok(())
    }

    /// Writes a record whose signature was checked, keeps the signature, and settles conflicts
    /// about it, all or nothing; an error is the Vietnamese reason it was refused.
    pub(crate) fn write_verified(
        &mut self,
        table: &RecordTable,
        record: &Record,
        key: &Value,
        id: &str,
        owner: &str,
        verdict: &Verdict,
    ) -> Result<std::result::Result<(), String>> {
        store::savepoint(self.tx)?;
        match self.write(table, record, key) {
            Ok(()) => {
                self.stored_files.extend(record.file_hashes().map(str::to_string));
                signatures::keep(self.tx, table.table, id, owner, verdict)?;
                if self.pending_conflicts()? {
                    store::record_conflicts::supersede(self.tx, table.table, id)?;
                }
                store::release_savepoint(self.tx)?;
                self.touched(table, record, id)?;
                Ok(Ok(()))
            }
            Err(reason) => {
                store::roll_back_savepoint(self.tx)?;
                Ok(Err(reason))
            }
        }
    }

    pub(crate) fn pending_conflicts(&mut self) -> Result<bool> {
        if let Some(pending) = self.pending_conflicts {
            return Ok(pending);
        }
        let pending = store::record_conflicts::any_pending(self.tx)?;
        self.pending_conflicts = Some(pending);
        Ok(pending)
    }

    pub(crate) fn keep_conflict(&mut self, table: &RecordTable, id: &str, incoming: Record, local: Record, verdict: Verdict, reason: &str) {
        let signed_by = match verdict {
            Verdict::Signed(key, _) => Some(key),
            Verdict::VouchedByBundle | Verdict::Refused(_) => None,
        };
        self.conflicts.push(FoundConflict {
            table: table.table.to_string(),
            key: id.to_string(),
            incoming: incoming.to_json(),
            signed_by,
            local: local.to_json(),
            reason: reason.to_string(),
        });
    }

    /// Applies the version the user chose in a conflict, as its import would have: the sender
    /// must still be allowed to send it, and our version must still be the one shown.
    pub(crate) fn apply_chosen(&mut self, record: Record, shown_local: &Record, verdict: &Verdict) -> Result<std::result::Result<(), String>> {
        let Some((stage, table)) = spec(&record.table) else {
            return Ok(Err(format!("loại bản ghi lạ «{}»", record.table)));
        };
        self.enter_stage(stage)?;
        let key = record.row.get(table.key).cloned().unwrap_or(Value::Null);
        let id = key.as_str().unwrap_or_default().to_string();
        let owner = record.row.get(table.owner).and_then(|v| v.as_str()).unwrap_or_default().to_string();
        let allowed = if stage == 0 { self.owner_allowed_for_office(&owner)? } else { self.allowed()?.contains(&owner) };
        if !allowed {
            return Ok(Err(format!("«{}» không có quyền gửi bản ghi này.", self.manifest.sender.name)));
        }
        if !self.local_record(table, &key)?.same_content(shown_local) {
            return Ok(Err("bản trên máy này đã thay đổi từ khi phát hiện xung đột; hãy tải lại màn hình.".into()));
        }
        let written = self.write_verified(table, &record, &key, &id, &owner, verdict)?;
        if written.is_ok() {
            self.finish()?;
        }
        Ok(written)
    }

    /// The reason to refuse a record that belongs to one refused earlier in this run.
    pub(crate) fn depends_on_refused(&self, table: &str, record: &Record) -> Option<String> {
        DEPENDS_ON.iter().filter(|(t, _, _, _)| *t == table).find_map(|(_, column, parent, what)| {
            let key = record.row.get(*column)?.as_str()?;
            self.refused.contains(&(parent.to_string(), key.to_string())).then(|| {
                format!("thuộc {what} bị từ chối ở trên nên cũng không nhập.")
            })
        })
    }

    /// Checks the owner's signature of a record about to be applied or shown as a conflict; a
    /// refused one is listed with its reason and `None` returned.
    pub(crate) fn signature(&mut self, table: &str, id: &str, owner: &str, record: &Record, verified_with: Option<&str>) -> Result<Option<Verdict>> {
        match self.keys.check(self.tx, self.manifest, owner, record, verified_with)? {
            Verdict::Refused(problem) => {
                let reason = problem.reason(&self.office_name(owner)?, &self.manifest.sender.name);
                self.issue(table, id, RecordIssueKind::Refused, reason);
                Ok(None)
            }
            verdict => Ok(Some(verdict)),
        }
    }

    /// A sub-office's own report for a deadline we had recorded for it (it came by post): ours
    /// steps aside (a tombstone) and its receipt date carries over. Returns a conflict reason when
    /// the deadline already has a live report we did not make.
    pub(crate) fn replace_report_made_for_sender(&mut self, record: &Record, id: &str) -> Result<Option<String>> {
        let field = |name: &str| record.row.get(name).and_then(|v| v.as_str()).unwrap_or_default();
        let live = record.row.get("deleted").and_then(|v| v.as_i64()) == Some(0);
        if !live {
            return Ok(None);
        }
        let submitters_own = field("owner_office_id") == field("office_id");
        let instance = field("instance_id");
        let existing = store::reports::other_of_instance(self.tx, instance, id)?;
        let Some((local, owner, received_on)) = existing else { return Ok(None) };
        let own: Option<String> = settings::get(self.tx, Setting::OwnOffice)?;
        let made_on_behalf = own.as_deref() == Some(owner.as_str()) && owner != field("office_id");
        if !(submitters_own && made_on_behalf) {
            return Ok(Some("hạn này đã có một báo cáo khác ở máy nhận; hãy kiểm tra và thống nhất với đơn vị gửi.".into()));
        }
        let seq = store::next_change_seq(self.tx)?;
        let now = store::now();
        store::reports::tombstone(self.tx, &local, &now, seq)?;
        store::receipts::tombstone_of_report(self.tx, &local, &now, seq)?;
        if let Some(received_on) = received_on {
            self.carried_receipts.insert(id.to_string(), received_on);
        }
        Ok(None)
    }

    /// Offices: the sender may add or change offices it owns, or (going down) its ancestors own.
    pub(crate) fn owner_allowed_for_office(&mut self, owner: &str) -> Result<bool> {
        let sender = self.manifest.sender.id.to_string();
        if owner == sender || self.manifest.kind != BundleKind::Data {
            return Ok(true);
        }
        // Offices are applied before the tree is final: decide on the tree as it is now.
        Ok(self.allowed()?.contains(owner))
    }

    pub(crate) fn office_name(&self, id: &str) -> Result<String> {
        Ok(store::offices::name(self.tx, id)?.unwrap_or_else(|| id.to_string()))
    }

    pub(crate) fn local_record(&self, table: &RecordTable, key: &Value) -> Result<Record> {
        let row = stored_row(self.tx, table, key)?;
        Ok(Record { table: table.table.into(), row, children: children_of(self.tx, table, key)?, signature: None })
    }

    /// Writes a record and its children; an error is the Vietnamese reason it was refused.
    pub(crate) fn write(&mut self, table: &RecordTable, record: &Record, key: &Value) -> std::result::Result<(), String> {
        let sql_error = |e: rusqlite::Error| crate::error::sqlite_text(&e);
        let seq = self.seq;
        self.upserts.write(self.tx, table.table, table.key, &record.row, seq)?;
        for child in table.children {
            let rows = record.children.get(child.table).map(Vec::as_slice).unwrap_or_default();
            delete_children(self.tx, child, key).map_err(sql_error)?;
            for row in rows {
                if row.get(child.parent_column) != Some(key) {
                    return Err(format!("dòng con của «{}» không thuộc bản ghi này", child.table));
                }
                self.upserts.write(self.tx, child.table, "", row, seq)?;
            }
        }
        if record.children.keys().any(|k| !table.children.iter().any(|c| c.table == k)) {
            return Err("có dữ liệu con không được phép".into());
        }
        if table.after_write == AfterWrite::Document {
            crate::documents::refresh_derived(self.tx, key.as_str().unwrap_or_default()).map_err(|e| e.to_string())?;
        }
        if table.after_write == AfterWrite::Rule {
            let spec = record.row.get("spec").and_then(|v| v.as_str()).unwrap_or_default();
            let parsed: RuleSpec = serde_json::from_str(spec).map_err(|e| format!("hạn không đọc được ({e})"))?;
            // Its values were checked on admission (`admit`). The rule's task is in (tasks come
            // first): refuse the rule rather than the bundle when it would make too many deadlines.
            let task = record.row.get("task_id").and_then(|v| v.as_str()).and_then(|t| t.parse().ok());
            if let Some(task) = task {
                let assignees = store::tasks::assignees(self.tx, task).map_err(|e| e.to_string())?;
                let offices = assigned_offices(self.tx, &assignees).map_err(|e| e.to_string())?;
                check_rule_size(&parsed, &offices, self.horizon).map_err(|e| e.to_string())?;
            }
        }
        Ok(())
    }

    pub(crate) fn touched(&mut self, table: &RecordTable, record: &Record, id: &str) -> Result<()> {
        match table.after_write {
            AfterWrite::OfficeTree => self.offices_changed = true,
            AfterWrite::Document if record.row.get("deleted").and_then(|v| v.as_i64()) == Some(1) => {
                crate::deadlines::instances::remove_document_instances(self.tx, id)?;
            }
            AfterWrite::TaskRules => self.rules.extend(store::tasks::rule_ids_of_task(self.tx, id)?),
            AfterWrite::Rule => {
                self.rules.insert(id.to_string());
            }
            AfterWrite::Document | AfterWrite::Report | AfterWrite::Nothing => {}
        }
        Ok(())
    }

    /// Moving on to a later table: offices settle who may send what; rules must be expanded
    /// before reports refer to their instances.
    pub(crate) fn enter_stage(&mut self, stage: usize) -> Result<()> {
        if self.stage == 0 {
            self.allowed = None;
        }
        if stage >= 4 && self.stage < 4 {
            self.rebuild()?;
        }
        self.stage = stage;
        Ok(())
    }

    pub(crate) fn rebuild(&mut self) -> Result<()> {
        // Only created instances count against the bound: a new commune rebuilds every rule
        // assigned by level, but writes only the commune's own instances.
        let over = |instances: u64| -> Result<()> {
            if instances > MAX_INSTANCES_PER_IMPORT {
                return Err(Refusal::TooMuchWork { limit: MAX_INSTANCES_PER_IMPORT }.into());
            }
            Ok(())
        };
        if self.offices_changed {
            let instances = &mut self.instances;
            rebuild_rules(self.tx, Rebuild::AssignedByLevel, self.horizon, &mut |created| {
                *instances += created as u64;
                over(*instances)
            })?;
            self.offices_changed = false;
        }
        for rule in std::mem::take(&mut self.rules) {
            let Some((spec, task, rule_deleted, task_deleted)) = store::tasks::rule_with_task(self.tx, &rule)? else { continue };
            let rule_id: RuleId = rule.parse()?;
            if rule_deleted || task_deleted {
                crate::deadlines::instances::remove_rule_instances(self.tx, rule_id)?;
                continue;
            }
            let spec: RuleSpec = serde_json::from_str(&spec).map_err(|e| Error::Internal(format!("hạn {rule_id} lưu sai định dạng ({e})")))?;
            let assignees = store::tasks::assignees(self.tx, task.parse()?)?;
            let offices = assigned_offices(self.tx, &assignees)?;
            self.instances += rebuild_rule(self.tx, rule_id, &spec, &offices, self.horizon)? as u64;
            over(self.instances)?;
        }
        Ok(())
    }

    /// After the last record: expand rules, mirror reports into instances, and issue receipts for
    /// the reports that came up to us from below.
    pub(crate) fn finish(&mut self) -> Result<()> {
        self.rebuild()?;
        self.keys.pin_learnt(self.tx, self.manifest.sender.id)?;
        let own: Option<String> = settings::get(self.tx, Setting::OwnOffice)?;
        let sender_parent = store::offices::parent_of(self.tx, self.manifest.sender.id)?.map(|id| id.to_string());
        let sender_is_child = own.is_some() && sender_parent == own;
        if sender_is_child
            && let Some(own) = &own {
                // Every live report this import wrote; receipt dates carried over first.
                for (report, received_on) in std::mem::take(&mut self.carried_receipts) {
                    store::receipts::carry(self.tx, &report, &received_on, own, &store::now(), self.seq)?;
                }
                store::receipts::for_reports_since(self.tx, self.seq, &self.today.to_string(), own, &store::now())?;
            }
        store::deadline_instances::sync_reports_changed_after(self.tx, self.seq - 1)?;
        Ok(())
    }
}
