//! A sub-office that lost its machine and has no backup becomes itself again from the office
//! above, which holds most of what it made (its reports and their files, the plans sent down, the
//! receipts). The parent writes a recovery bundle; the new installation imports it on its first
//! start and signs with a new key; the parent then decides, explicitly, that the new key replaces
//! the old one ("Cấp lại khóa"). That decision, signed by the parent, travels in every bundle
//! after it, so every office that trusted the old key trusts the new one and refuses the old.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::bundle::export::ExportResult;
use crate::bundle::format::{BundleKind, KeyReissue, Manifest, reissue_message};
use crate::bundle::identity::{fingerprint, sign, verify};
use crate::bundle::read;
use crate::error::{Error, Result};
use crate::ids::OfficeId;
use crate::store::{self, Store, settings::{self, Setting}};

/// What the decision is called, in the refusal that asks for it and on the button that makes it.
pub const REISSUE_KEY_ACTION: &str = "Cấp lại khóa";

/// The decision "Cấp lại khóa", as shown once it is recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReissuedKey {
    pub office_id: OfficeId,
    pub office_name: String,
    pub old_fingerprint: String,
    pub new_fingerprint: String,
    pub message: String,
}

/// A recovery bundle written for a sub-office, while its new key is not reissued yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PendingRecovery {
    pub office_id: OfficeId,
    pub bundle_id: String,
    /// RFC 3339.
    pub written_at: String,
}

impl Store {
    /// Writes the recovery bundle for `office` (a direct sub-office whose machine was lost) into
    /// `dir`: the office tree, our plans and key, and every record we hold that the sub-office or
    /// the offices below it owned, with their files.
    pub fn export_recovery_bundle(&mut self, office: OfficeId, dir: &Path, today: NaiveDate) -> Result<ExportResult> {
        let result = self.write_bundle(office, dir, today, BundleKind::Recovery, &mut |_| {})?;
        self.transact(|tx| store::key_reissues::recovery_written(tx, office, &result.bundle_id))?;
        Ok(result)
    }

    /// The recovery bundle written for `office`, while its key is not reissued yet.
    pub fn pending_recovery(&self, office: OfficeId) -> Result<Option<PendingRecovery>> {
        Ok(store::key_reissues::pending_recovery(&self.conn, office)?
            .map(|(bundle_id, written_at)| PendingRecovery { office_id: office, bundle_id, written_at }))
    }

    /// "Cấp lại khóa": the sub-office that sent the bundle `path`, set up again from the recovery
    /// bundle we wrote for it, signs with the key of that bundle from now on. Recorded with our
    /// signature; the old key's bundles are refused after it.
    pub fn reissue_key(&mut self, path: &Path) -> Result<ReissuedKey> {
        let manifest = read::check(path)?.manifest;
        let own = self.require_own_office()?;
        if manifest.recipient.id != own.id {
            return Err(Error::invalid(format!(
                "Gói này gửi cho «{}», không phải cho đơn vị của máy này («{}»).",
                manifest.recipient.name, own.name
            )));
        }
        let office = self
            .get_office(manifest.sender.id)
            .map_err(|_| Error::invalid(format!("Đơn vị gửi «{}» không có trong danh sách đơn vị của máy này.", manifest.sender.name)))?;
        if office.parent_id != Some(own.id) {
            return Err(Error::invalid(format!(
                "Chỉ cấp lại khóa được cho đơn vị cấp dưới trực tiếp; «{}» không phải.",
                office.name
            )));
        }
        let Some((old, _)) = store::pinned_keys::with_installation(&self.conn, office.id)? else {
            return Err(Error::invalid(format!(
                "Máy này chưa lưu khóa nào của «{}»: không cần cấp lại khóa, hãy nhập gói như bình thường.",
                office.name
            )));
        };
        if old == manifest.sender_public_key {
            return Err(Error::invalid(format!(
                "Gói này vẫn ký bằng khóa đã lưu của «{}»: không cần cấp lại khóa.",
                office.name
            )));
        }
        let Some((bundle_id, written_at)) = store::key_reissues::pending_recovery(&self.conn, office.id)? else {
            return Err(Error::invalid(format!(
                "Máy này chưa tạo gói khôi phục cho «{}», nên không cấp lại khóa được. Nếu máy của «{}» bị mất, hãy tạo gói khôi phục cho đơn vị đó (Trao đổi dữ liệu → Gói khôi phục) rồi đưa cho đơn vị cài vào máy mới.",
                office.name, office.name
            )));
        };
        if manifest.recovered_from.as_deref() != Some(bundle_id.as_str()) {
            return Err(Error::invalid(format!(
                "Gói này không đến từ máy được cài lại bằng gói khôi phục mà máy này tạo cho «{}» lúc {}. Không cấp lại khóa: hãy gọi điện cho «{}» để đối chiếu.",
                office.name,
                shown_time(&written_at),
                office.name
            )));
        }
        let key = self.signing_key()?;
        let mut reissue = KeyReissue {
            office_id: office.id,
            old_public_key: old.clone(),
            new_public_key: manifest.sender_public_key.clone(),
            new_installation_id: manifest.sender_installation.clone(),
            decided_by: own.id,
            decided_at: store::now(),
            signature: String::new(),
        };
        reissue.signature = sign(&key, &reissue_message(&reissue));
        self.transact(|tx| {
            store::key_reissues::keep(tx, &reissue)?;
            store::pinned_keys::pin(tx, office.id, &reissue.new_public_key, &reissue.new_installation_id, Some(&old))?;
            store::key_reissues::recovery_settled(tx, office.id)
        })?;
        let (old_fingerprint, new_fingerprint) = (fingerprint(&old), fingerprint(&reissue.new_public_key));
        Ok(ReissuedKey {
            office_id: office.id,
            message: format!(
                "Đã cấp lại khóa cho «{}»: từ nay máy này tin khóa mới {new_fingerprint} và từ chối mọi gói ký bằng khóa cũ {old_fingerprint}. Quyết định này được gửi kèm các gói tiếp theo để cấp trên và các đơn vị cấp dưới cũng tin khóa mới. Bây giờ hãy nhập lại gói của «{}».",
                office.name, office.name
            ),
            office_name: office.name,
            old_fingerprint,
            new_fingerprint,
        })
    }
}

/// What the new installation is told once a recovery bundle is in: what came back, how many days
/// of unsent work may be lost, and what to do next.
pub(crate) fn recovered_message(preview: &crate::bundle::ImportPreview, today: NaiveDate) -> String {
    let parent = &preview.sender.name;
    let since = match preview.last_sent_up.as_deref() {
        Some(at) => {
            let days = chrono::DateTime::parse_from_rfc3339(at)
                .map(|t| (today - t.with_timezone(&chrono::Local).date_naive()).num_days().max(0))
                .unwrap_or(0);
            let ago = if days == 0 { "hôm nay".to_string() } else { format!("{days} ngày trước") };
            format!(
                " «{parent}» nhận gói cuối cùng của đơn vị lúc {} ({ago}): những gì máy cũ ghi sau lúc đó mà chưa gửi lên thì không có trong gói, hãy nhập lại.",
                shown_time(at)
            )
        }
        None => format!(" «{parent}» chưa từng nhận gói nào của đơn vị: chỉ có những gì cấp trên đã giao."),
    };
    format!(
        "Đã khôi phục «{}» từ gói của «{parent}»: {} bản ghi, {} tệp đính kèm.{since} Máy này có khóa ký mới: hãy gửi một gói lên «{parent}» và đề nghị «{parent}» cấp lại khóa cho đơn vị.",
        preview.recipient.name, preview.counts.new, preview.counts.files
    )
}

/// A stored time as people read it: "14:05 ngày 03/12/2026".
pub(crate) fn shown_time(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| t.with_timezone(&chrono::Local).format("%H:%M ngày %d/%m/%Y").to_string())
        .unwrap_or_else(|_| rfc3339.to_string())
}

/// Whether a reissue is a decision we may believe: made by the office's parent in our office
/// tree and signed with the key we trust for that parent (the bundle's key when the sender made it).
pub(crate) fn believable(tx: &Connection, manifest: &Manifest, reissue: &KeyReissue) -> Result<bool> {
    if store::offices::parent_of(tx, reissue.office_id)? != Some(reissue.decided_by) {
        return Ok(false);
    }
    let key = if reissue.decided_by == manifest.sender.id {
        Some(manifest.sender_public_key.clone())
    } else {
        store::pinned_keys::with_previous(tx, reissue.decided_by)?.map(|(key, _)| key)
    };
    Ok(key.is_some_and(|key| verify(&key, &reissue_message(reissue), &reissue.signature).is_ok()))
}

/// The reissue in `manifest` that vouches for the sender's key in place of `pinned`, if believable.
pub(crate) fn reissue_of_sender(tx: &Connection, manifest: &Manifest, pinned: &str) -> Result<Option<KeyReissue>> {
    for reissue in &manifest.key_reissues {
        if reissue.office_id == manifest.sender.id
            && reissue.old_public_key == pinned
            && reissue.new_public_key == manifest.sender_public_key
            && reissue.new_installation_id == manifest.sender_installation
            && believable(tx, manifest, reissue)?
        {
            return Ok(Some(reissue.clone()));
        }
    }
    Ok(None)
}

/// Learns the reissues a bundle passes on: each one believable is kept (and so passed on in turn),
/// and where we trusted the old key we trust the new one from now on. Our own office's reissue
/// ends the recovery: the parent trusts our new key, so bundles stop saying where we came from.
pub(crate) fn learn_reissues(tx: &Connection, manifest: &Manifest) -> Result<()> {
    let own: Option<OfficeId> = settings::get(tx, Setting::OwnOffice)?.and_then(|id| id.parse().ok());
    for reissue in &manifest.key_reissues {
        if !believable(tx, manifest, reissue)? {
            continue;
        }
        store::key_reissues::keep(tx, reissue)?;
        if Some(reissue.office_id) == own {
            settings::remove(tx, Setting::RecoveredFrom)?;
            continue;
        }
        match store::pinned_keys::with_previous(tx, reissue.office_id)? {
            Some((key, _)) if key != reissue.old_public_key => {}
            _ => {
                store::pinned_keys::pin_vouched(
                    tx,
                    reissue.office_id,
                    &reissue.new_public_key,
                    Some(&reissue.old_public_key),
                    manifest.sender.id,
                )?;
                settings::set(tx, Setting::PeerInstallation(reissue.office_id), &reissue.new_installation_id)?;
            }
        }
    }
    Ok(())
}

/// After a recovery bundle is in: this installation is the recipient office again. Its change
/// counter starts after the last change the parent acknowledged from the lost machine (so what it
/// writes from now on is sent, and nothing is taken as already acknowledged), and it tells the
/// parent where it came from until its key is reissued.
pub(crate) fn recovered(tx: &Connection, manifest: &Manifest) -> Result<()> {
    let seq: i64 = settings::get(tx, Setting::ChangeSeq)?.and_then(|s| s.parse().ok()).unwrap_or(0);
    if manifest.ack_seq > seq {
        settings::set(tx, Setting::ChangeSeq, &manifest.ack_seq.to_string())?;
    }
    settings::set(tx, Setting::RecoveredFrom, &manifest.bundle_id)?;
    store::pinned_keys::forget(tx, manifest.recipient.id)
}
