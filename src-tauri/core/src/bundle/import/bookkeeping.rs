//! What an import records about its sender: sequence numbers, acknowledgements and the files it
//! now has, its pinned key, the setup (or recovery) of a new installation, and the bundle itself.


use rusqlite::Connection;

use crate::bundle::Refusal;
use crate::bundle::format::{BundleKind, Manifest};
use crate::bundle::recovery;
use crate::bundle::refusals;
use crate::bundle::signatures::{self};
use crate::error::Result;
use crate::store::{self, settings::{self, Setting}};
use super::*;

/// Peer sequence numbers, acknowledgements, pinned key, setup and the record of this bundle.
pub(crate) fn bookkeeping(tx: &Connection, manifest: &Manifest, trust: &Trust, file_name: &str, counts: &ImportCounts) -> Result<()> {
    let sender = manifest.sender.id;
    let previous_ack = store::peers::acked_seq(tx, sender)?;
    refusals::learn(tx, manifest, previous_ack)?;
    store::peers::heard_from(tx, sender, manifest.ack_seq, manifest.seq_to)?;
    // Files of our bundles the sender has now acknowledged are files it has.
    for sha in store::bundles::exported_files(tx, sender, manifest.ack_seq)? {
        store::peers::add_file(tx, sender, &sha)?;
    }
    if trust.first_contact || trust.rotation {
        let previous = if trust.rotation { manifest.key_rotation.as_ref().map(|r| r.old_public_key.as_str()) } else { None };
        store::pinned_keys::pin(tx, sender, &manifest.sender_public_key, &manifest.sender_installation, previous)?;
        if let Some(rotation) = manifest.key_rotation.as_ref().filter(|_| trust.rotation) {
            signatures::keep_rotation(tx, sender, rotation)?;
        }
    }
    if manifest.kind != BundleKind::Data {
        if store::offices::get(tx, manifest.recipient.id, None)?.is_none() {
            return Err(Refusal::BadManifest("gói thiết lập không chứa đơn vị nhận".into()).into());
        }
        settings::set(tx, Setting::OwnOffice, &manifest.recipient.id.to_string())?;
        // The office tree is in now: reissues passed on can be checked against it.
        recovery::learn_reissues(tx, manifest)?;
    }
    if manifest.kind == BundleKind::Recovery {
        recovery::recovered(tx, manifest)?;
    }
    let summary = serde_json::to_string(counts).unwrap_or_default();
    store::bundles::imported(tx, &manifest.bundle_id, sender, (manifest.seq_from, manifest.seq_to), file_name, &summary)
}
