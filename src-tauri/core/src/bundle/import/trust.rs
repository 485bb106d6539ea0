//! The trust decision: whether this store accepts a bundle from its sender at all (the right
//! recipient, a direct peer, the pinned key or a valid change of key, the same installation).



use crate::bundle::Refusal;
use crate::bundle::format::{BundleKind, Manifest, OfficeRef};
use crate::bundle::identity::{self, fingerprint};
use crate::bundle::recovery;
use crate::error::Result;
use crate::store::{self, Store};

/// What the trust checks decided about the sender's key.
pub(crate) struct Trust {
    pub(crate) first_contact: bool,
    pub(crate) rotation: bool,
    /// The sender's key was reissued by its parent (its machine was lost); learnt with the bundle.
    pub(crate) reissue: bool,
}

impl Store {
    /// An office named in a bundle, with the code and name of our own list when we have it.
    pub(crate) fn known_office(&self, named: &OfficeRef) -> OfficeRef {
        match self.get_office(named.id) {
            Ok(office) => OfficeRef { id: office.id, code: office.code, name: office.name },
            Err(_) => named.clone(),
        }
    }

    pub(crate) fn trust(&self, manifest: &Manifest) -> Result<Trust> {
        let own = self.own_office()?;
        match (manifest.kind, own.as_ref()) {
            (BundleKind::Setup, Some(own)) => return Err(Refusal::SetupOnConfiguredStore(own.name.clone()).into()),
            (BundleKind::Recovery, Some(own)) => return Err(Refusal::RecoveryOnConfiguredStore(own.name.clone()).into()),
            (BundleKind::Setup | BundleKind::Recovery, None) => {
                return Ok(Trust { first_contact: true, rotation: false, reissue: false });
            }
            (BundleKind::Data, _) => {}
        }
        let Some(own) = own else { return Err(Refusal::DataBeforeSetup.into()) };
        if manifest.recipient.id != own.id {
            return Err(Refusal::WrongRecipient {
                expected: format!("{} ({})", manifest.recipient.name, manifest.recipient.code),
                actual: format!("{} ({})", own.name, own.code),
            }
            .into());
        }
        let sender = self
            .get_office(manifest.sender.id)
            .map_err(|_| Refusal::UnknownSender(format!("{} ({})", manifest.sender.name, manifest.sender.code)))?;
        let direct = own.parent_id == Some(sender.id) || sender.parent_id == Some(own.id);
        // The office between us was dissolved: the office above it now writes to us directly,
        // with the key we already trust for it (it came with its records through that office).
        let above_us = || -> Result<bool> {
            Ok(self.office_tree()?.above(sender.id, own.id) && store::pinned_keys::with_installation(&self.conn, sender.id)?.is_some())
        };
        if !direct && !above_us()? {
            return Err(Refusal::NotAPeer(sender.name).into());
        }
        if let Some(reissue) = store::key_reissues::retiring(&self.conn, sender.id, &manifest.sender_public_key)? {
            return Err(Refusal::ReplacedKey {
                office: sender.name,
                fingerprint: fingerprint(&manifest.sender_public_key),
                since: recovery::shown_time(&reissue.decided_at),
                decided_by: self.get_office(reissue.decided_by).map(|o| o.name).unwrap_or_default(),
            }
            .into());
        }
        match store::pinned_keys::with_installation(&self.conn, sender.id)? {
            None => Ok(Trust { first_contact: true, rotation: false, reissue: false }),
            Some((key, installation)) if key == manifest.sender_public_key => {
                if installation.is_some_and(|i| i != manifest.sender_installation) {
                    return Err(Refusal::CopiedInstallation(sender.name).into());
                }
                Ok(Trust { first_contact: false, rotation: false, reissue: false })
            }
            Some((key, _)) => {
                let valid_rotation = manifest.key_rotation.as_ref().is_some_and(|r| {
                    r.new_installation_id == manifest.sender_installation
                        && identity::rotation_signed_by(&key, r, &manifest.sender_public_key)
                });
                if valid_rotation {
                    Ok(Trust { first_contact: false, rotation: true, reissue: false })
                } else if recovery::reissue_of_sender(&self.conn, manifest, &key)?.is_some() {
                    Ok(Trust { first_contact: false, rotation: false, reissue: true })
                } else if manifest.recovered_from.is_some()
                    && store::key_reissues::pending_recovery(&self.conn, sender.id)?
                        .is_some_and(|(bundle, _)| manifest.recovered_from.as_deref() == Some(bundle.as_str()))
                {
                    Err(Refusal::AwaitingReissue { office: sender.name, found: fingerprint(&manifest.sender_public_key) }.into())
                } else {
                    Err(Refusal::ChangedKey {
                        office: sender.name,
                        pinned: fingerprint(&key),
                        found: fingerprint(&manifest.sender_public_key),
                    }
                    .into())
                }
            }
        }
    }

}
