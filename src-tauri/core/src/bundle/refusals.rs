//! Records refused at import are not acknowledged. The receiver keeps what it refused from each
//! sender and lists it in every bundle it sends back (the manifest's `refused`), until a version of
//! the record is accepted; the sender keeps that list, sends those records again with every
//! bundle to that peer, and shows them ("Hội LHPN tỉnh … chưa nhận: …, lý do: …") until the peer
//! no longer lists them. Both sides show the same records in the same words.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::bundle::format::{MAX_REFUSAL_REASON_CHARS, MAX_REFUSED_LISTED, Manifest, REFUSALS_CAPABILITY, RefusedEntry};
use crate::bundle::records::{Row, read_rows, spec};
use crate::error::Result;
use crate::ids::OfficeId;
use crate::store::Store;

/// A record refused at import, as the exchange screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RefusedRecord {
    /// The other office: the one that refused our record, or the one whose record we refused.
    pub office_id: OfficeId,
    pub office_name: String,
    pub table: String,
    pub id: String,
    /// The record in words: "báo cáo ngày 19/11/2026 của «…» cho hạn «…» (20/11/2026)".
    pub what: String,
    pub reason: String,
    /// ISO date.
    pub refused_on: String,
    /// The whole sentence to show.
    pub message: String,
}

/// Both directions, for the exchange screen.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RefusedRecords {
    /// Our records an office we send to refused: sent again with every bundle to it.
    pub ours: Vec<RefusedRecord>,
    /// Records we refused from an office: listed in every bundle we send it.
    pub theirs: Vec<RefusedRecord>,
}

/// A record refused in this import (the receiver's side), before it is kept.
#[derive(Debug, Clone)]
pub(crate) struct Refusal {
    pub table: String,
    pub id: String,
    pub reason: String,
    pub what: String,
}

fn date_vn(iso: &str) -> String {
    chrono::NaiveDate::parse_from_str(iso.get(..10).unwrap_or(iso), "%Y-%m-%d")
        .map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_else(|_| iso.to_string())
}

fn office_name(conn: &Connection, id: &str) -> Result<Option<String>> {
    Ok(conn.prepare_cached("SELECT name FROM offices WHERE id = ?1")?.query_row([id], |r| r.get(0)).optional()?)
}

/// A record in words, from its row (the incoming version at the receiver, ours at the sender),
/// with what this store knows about what it refers to.
pub(crate) fn describe(conn: &Connection, table: &str, row: &Row) -> Result<String> {
    let text = |name: &str| row.get(name).and_then(|v| v.as_str()).unwrap_or_default().to_string();
    Ok(match table {
        "offices" => format!("đơn vị «{}»", text("name")),
        "documents" => format!("văn bản «{}»", text("title")),
        "tasks" => format!("nhiệm vụ «{}»", text("title")),
        "deadline_rules" => format!("hạn «{}»", text("label")),
        "reports" => {
            let office = office_name(conn, &text("office_id"))?.unwrap_or_else(|| text("office_id"));
            let deadline: Option<(String, String)> = conn
                .prepare_cached(
                    "SELECT r.label, i.due_on FROM deadline_instances i JOIN deadline_rules r ON r.id = i.rule_id WHERE i.id = ?1",
                )?
                .query_row([text("instance_id")], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let mut out = format!("báo cáo ngày {} của «{office}»", date_vn(&text("submitted_on")));
            if let Some((label, due)) = deadline {
                out.push_str(&format!(" cho hạn «{label}» ({})", date_vn(&due)));
            }
            out
        }
        "receipts" => format!("giấy báo đã nhận báo cáo (ngày nhận {})", date_vn(&text("received_on"))),
        other => format!("bản ghi «{other}»"),
    })
}

/// Our own copy of a record, in words (the sender's side).
fn describe_local(conn: &Connection, table: &str, id: &str) -> Result<String> {
    let Some((_, spec)) = spec(table) else { return Ok(format!("bản ghi «{table}»")) };
    let row = read_rows(conn, &format!("SELECT * FROM {} WHERE {} = ?1", spec.table, spec.key), [id])?
        .into_iter()
        .next()
        .unwrap_or_default();
    describe(conn, table, &row)
}

/// The receiver keeps what it refused in this import from `manifest.sender`.
pub(crate) fn keep(tx: &Connection, manifest: &Manifest, refused_on: &str, refusals: &[Refusal]) -> Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO refused_records (sender_id, table_name, record_key, what, reason, bundle_id, refused_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (sender_id, table_name, record_key) DO UPDATE SET
             what = excluded.what, reason = excluded.reason, bundle_id = excluded.bundle_id, refused_on = excluded.refused_on",
    )?;
    for r in refusals {
        insert.execute(params![manifest.sender.id, r.table, r.id, r.what, r.reason, manifest.bundle_id, refused_on])?;
    }
    Ok(())
}

/// Whether anything from `sender` waits as refused (so that accepted records need looking up).
pub(crate) fn any_from(tx: &Connection, sender: OfficeId) -> Result<bool> {
    Ok(tx.prepare_cached("SELECT EXISTS (SELECT 1 FROM refused_records WHERE sender_id = ?1)")?.query_row([sender], |r| r.get(0))?)
}

/// A version of a record once refused was accepted: it no longer waits.
pub(crate) fn accepted(tx: &Connection, sender: OfficeId, table: &str, id: &str) -> Result<()> {
    tx.prepare_cached("DELETE FROM refused_records WHERE sender_id = ?1 AND table_name = ?2 AND record_key = ?3")?
        .execute(params![sender, table, id])?;
    Ok(())
}

/// What a bundle to `recipient` lists as refused: what we refused from it, oldest first.
pub(crate) fn for_manifest(conn: &Connection, recipient: OfficeId) -> Result<Vec<RefusedEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT table_name, record_key, reason, refused_on FROM refused_records WHERE sender_id = ?1
         ORDER BY refused_on, table_name, record_key LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![recipient, MAX_REFUSED_LISTED as i64], |r| {
        // Cut, and without control characters (JSON would spell each in six bytes).
        let reason: String = r.get(2)?;
        let mut reason: String = reason.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        if let Some((cut, _)) = reason.char_indices().nth(MAX_REFUSAL_REASON_CHARS - 1) {
            reason.truncate(cut);
            reason.push('…');
        }
        Ok(RefusedEntry { table: r.get(0)?, id: r.get(1)?, reason, refused_on: r.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The sender's side: a bundle from a peer that lists refusals replaces what we knew it refused
/// (the list is complete each time), unless it is older than one already taken.
pub(crate) fn learn(tx: &Connection, manifest: &Manifest, previous_ack: Option<i64>) -> Result<()> {
    if !manifest.capabilities.iter().any(|c| c == REFUSALS_CAPABILITY) || previous_ack.is_some_and(|a| manifest.ack_seq < a) {
        return Ok(());
    }
    let peer = manifest.sender.id;
    tx.prepare_cached("DELETE FROM refused_by_peer WHERE peer_id = ?1")?.execute([peer])?;
    let mut insert = tx.prepare_cached(
        "INSERT OR REPLACE INTO refused_by_peer (peer_id, table_name, record_key, reason, refused_on) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for entry in manifest.refused.iter().filter(|e| spec(&e.table).is_some()).take(MAX_REFUSED_LISTED) {
        insert.execute(params![peer, entry.table, entry.id, entry.reason, entry.refused_on])?;
    }
    Ok(())
}

impl Store {
    /// Records refused at import, ours by the offices we send to and theirs by us.
    pub fn refused_records(&self) -> Result<RefusedRecords> {
        let mut out = RefusedRecords::default();
        let ours: Vec<(OfficeId, String, String, String, String, String)> = self
            .conn
            .prepare_cached(
                "SELECT p.peer_id, o.name, p.table_name, p.record_key, p.reason, p.refused_on
                 FROM refused_by_peer p JOIN offices o ON o.id = p.peer_id ORDER BY o.name, p.refused_on, p.table_name, p.record_key",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (office_id, office_name, table, id, reason, refused_on) in ours {
            let what = describe_local(&self.conn, &table, &id)?;
            let message = format!(
                "{office_name} chưa nhận: {what}, lý do: {}. Bản ghi được gửi lại trong mỗi gói gửi «{office_name}» cho đến khi được nhận; nếu lý do vẫn còn, hãy sửa hoặc liên hệ đơn vị đó.",
                reason.trim_end_matches('.')
            );
            out.ours.push(RefusedRecord { office_id, office_name, table, id, what, reason, refused_on, message });
        }
        let theirs: Vec<(OfficeId, String, String, String, String, String, String)> = self
            .conn
            .prepare_cached(
                "SELECT f.sender_id, o.name, f.table_name, f.record_key, f.what, f.reason, f.refused_on
                 FROM refused_records f JOIN offices o ON o.id = f.sender_id ORDER BY o.name, f.refused_on, f.table_name, f.record_key",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (office_id, office_name, table, id, what, reason, refused_on) in theirs {
            let message = format!(
                "Chưa nhận từ «{office_name}»: {what}, lý do: {}. Đã báo lại cho đơn vị đó trong mỗi gói gửi đi; đơn vị đó sẽ gửi lại.",
                reason.trim_end_matches('.')
            );
            out.theirs.push(RefusedRecord { office_id, office_name, table, id, what, reason, refused_on, message });
        }
        Ok(out)
    }
}
