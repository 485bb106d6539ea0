//! What an import records about its sender: sequence numbers, acknowledgements and the files it
//! now has, its pinned key, the setup of a new installation, and the bundle itself.


use rusqlite::{Connection, OptionalExtension, params};

use crate::bundle::Refusal;
use crate::bundle::format::{BundleKind, Manifest};
use crate::bundle::identity::{self};
use crate::bundle::refusals;
use crate::bundle::signatures::{self};
use crate::error::Result;
use crate::store::{self, settings::{self, Setting}};
use super::*;

/// Peer sequence numbers, acknowledgements, pinned key, setup and the record of this bundle.
pub(crate) fn bookkeeping(tx: &Connection, manifest: &Manifest, trust: &Trust, file_name: &str, counts: &ImportCounts) -> Result<()> {
    let sender = manifest.sender.id;
    let previous_ack: Option<i64> =
        tx.query_row("SELECT acked_seq FROM peers WHERE office_id = ?1", [sender], |r| r.get(0)).optional()?;
    refusals::learn(tx, manifest, previous_ack)?;
    tx.execute(
        "INSERT INTO peers (office_id, acked_seq, imported_seq) VALUES (?1, ?2, ?3)
         ON CONFLICT (office_id) DO UPDATE SET acked_seq = max(acked_seq, excluded.acked_seq),
             imported_seq = max(imported_seq, excluded.imported_seq)",
        params![sender, manifest.ack_seq, manifest.seq_to],
    )?;
    // Files of our bundles the sender has now acknowledged are files it has.
    let acked_files: Vec<String> = tx
        .prepare_cached("SELECT files FROM exported_bundles WHERE recipient_id = ?1 AND seq_to <= ?2")?
        .query_map(params![sender, manifest.ack_seq], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for files in acked_files {
        for sha in serde_json::from_str::<Vec<String>>(&files).unwrap_or_default() {
            tx.execute("INSERT OR IGNORE INTO peer_files (office_id, sha256) VALUES (?1, ?2)", params![sender, sha])?;
        }
    }
    if trust.first_contact || trust.rotation {
        let previous = if trust.rotation { manifest.key_rotation.as_ref().map(|r| r.old_public_key.as_str()) } else { None };
        identity::pin(tx, sender, &manifest.sender_public_key, &manifest.sender_installation, previous)?;
        if let Some(rotation) = manifest.key_rotation.as_ref().filter(|_| trust.rotation) {
            signatures::keep_rotation(tx, sender, rotation)?;
        }
    }
    if manifest.kind == BundleKind::Setup {
        let exists: bool =
            tx.query_row("SELECT EXISTS (SELECT 1 FROM offices WHERE id = ?1 AND deleted = 0)", [manifest.recipient.id], |r| {
                r.get(0)
            })?;
        if !exists {
            return Err(Refusal::BadManifest("gói thiết lập không chứa đơn vị nhận".into()).into());
        }
        settings::set(tx, Setting::OwnOffice, &manifest.recipient.id.to_string())?;
    }
    tx.execute(
        "INSERT INTO imported_bundles (bundle_id, sender_id, seq_from, seq_to, imported_at, file_name, summary)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            manifest.bundle_id,
            sender,
            manifest.seq_from,
            manifest.seq_to,
            store::now(),
            file_name,
            serde_json::to_string(counts).unwrap_or_default()
        ],
    )?;
    Ok(())
}
