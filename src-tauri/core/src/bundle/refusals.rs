//! Records refused at import are not acknowledged. The receiver keeps what it refused from each
//! sender and lists it in every bundle it sends back (the manifest's `refused`), until a version of
//! the record is accepted; the sender keeps that list, sends those records again with every
//! bundle to that peer, and shows them ("Hội LHPN tỉnh … chưa nhận: …, lý do: …") until the peer
//! no longer lists them. Both sides show the same records in the same words.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::bundle::format::{MAX_REFUSAL_REASON_CHARS, MAX_REFUSED_LISTED, Manifest, REFUSALS_CAPABILITY, RefusedEntry};
use crate::bundle::records::{Row, spec, stored_row};
use crate::error::Result;
use crate::ids::OfficeId;
use crate::store::{self, Store};

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
            let office = store::offices::name(conn, &text("office_id"))?.unwrap_or_else(|| text("office_id"));
            let deadline = store::deadline_instances::label_and_due(conn, &text("instance_id"))?;
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
    let row = stored_row(conn, spec, &serde_json::Value::String(id.to_string()))?;
    describe(conn, table, &row)
}

/// The receiver keeps what it refused in this import from `manifest.sender`.
pub(crate) fn keep(tx: &Connection, manifest: &Manifest, refused_on: &str, refusals: &[Refusal]) -> Result<()> {
    let refused = refusals.iter().map(|r| (r.table.as_str(), r.id.as_str(), r.what.as_str(), r.reason.as_str()));
    store::refused_records::keep(tx, manifest.sender.id, &manifest.bundle_id, refused_on, refused)
}

/// Whether anything from `sender` waits as refused (so that accepted records need looking up).
pub(crate) use store::refused_records::any_from;

/// A version of a record once refused was accepted: it no longer waits.
pub(crate) use store::refused_records::accepted;

/// What a bundle to `recipient` lists as refused: what we refused from it, oldest first.
pub(crate) fn for_manifest(conn: &Connection, recipient: OfficeId) -> Result<Vec<RefusedEntry>> {
    let rows = store::refused_records::from_sender(conn, recipient, MAX_REFUSED_LISTED)?;
    Ok(rows
        .into_iter()
        .map(|(table, id, reason, refused_on)| {
            // Cut, and without control characters (JSON would spell each in six bytes).
            let mut reason: String = reason.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
            if let Some((cut, _)) = reason.char_indices().nth(MAX_REFUSAL_REASON_CHARS - 1) {
                reason.truncate(cut);
                reason.push('…');
            }
            RefusedEntry { table, id, reason, refused_on }
        })
        .collect())
}

/// The sender's side: a bundle from a peer that lists refusals replaces what we knew it refused
/// (the list is complete each time), unless it is older than one already taken.
pub(crate) fn learn(tx: &Connection, manifest: &Manifest, previous_ack: Option<i64>) -> Result<()> {
    if !manifest.capabilities.iter().any(|c| c == REFUSALS_CAPABILITY) || previous_ack.is_some_and(|a| manifest.ack_seq < a) {
        return Ok(());
    }
    let peer = manifest.sender.id;
    let listed = manifest.refused.iter().filter(|e| spec(&e.table).is_some()).take(MAX_REFUSED_LISTED);
    store::refused_records::replace_by_peer(
        tx,
        peer,
        listed.map(|e| (e.table.as_str(), e.id.as_str(), e.reason.as_str(), e.refused_on.as_str())),
    )
}

impl Store {
    /// Records refused at import, ours by the offices we send to and theirs by us.
    pub fn refused_records(&self) -> Result<RefusedRecords> {
        let mut out = RefusedRecords::default();
        for row in store::refused_records::ours(&self.conn)? {
            let what = describe_local(&self.conn, &row.table, &row.id)?;
            let message = format!(
                "{} chưa nhận: {what}, lý do: {}. Bản ghi được gửi lại trong mỗi gói gửi «{}» cho đến khi được nhận; nếu lý do vẫn còn, hãy sửa hoặc liên hệ đơn vị đó.",
                row.office_name,
                row.reason.trim_end_matches('.'),
                row.office_name
            );
            out.ours.push(shown(row, what, message));
        }
        for row in store::refused_records::theirs(&self.conn)? {
            let message = format!(
                "Chưa nhận từ «{}»: {}, lý do: {}. Đã báo lại cho đơn vị đó trong mỗi gói gửi đi; đơn vị đó sẽ gửi lại.",
                row.office_name,
                row.what,
                row.reason.trim_end_matches('.')
            );
            let what = row.what.clone();
            out.theirs.push(shown(row, what, message));
        }
        Ok(out)
    }
}

fn shown(row: store::refused_records::RefusedRow, what: String, message: String) -> RefusedRecord {
    RefusedRecord {
        office_id: row.office_id,
        office_name: row.office_name,
        table: row.table,
        id: row.id,
        what,
        reason: row.reason,
        refused_on: row.refused_on,
        message,
    }
}
