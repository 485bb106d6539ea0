//! Record signatures (format 2): the owner of a record signs it when it exports it, the office
//! that receives it from its owner keeps the signature with the row, and when that office forwards
//! the record (a commune's report up to the province, a province plan down to a commune) it sends
//! the original signature and the owner's key. The final recipient checks the record against the
//! owner's key, so a forwarder that changed a record is found out, record by record.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use ed25519_dalek::{SigningKey, VerifyingKey};
use rusqlite::Connection;
use serde::Serialize;

use crate::bundle::format::{ForwardedKey, KeyRotation, Manifest, SIGNED_RECORDS_FORMAT};
use crate::bundle::identity::{self, sign};
use crate::bundle::records::{Record, Row, spec};
use crate::error::Result;
use crate::ids::OfficeId;
use crate::store::{self, settings::{self, Setting}};

/// Prefix of the signed bytes, so a record signature can never pass for another kind of signature.
const CONTEXT: &[u8] = b"sokehoach-record/1\n";

/// What a record signature covers: the table, the row and its children, nothing else.
#[derive(Serialize)]
struct Canonical<'a> {
    table: &'a str,
    row: &'a Row,
    children: &'a BTreeMap<String, Vec<Row>>,
}

/// The bytes an owner signs: `sokehoach-record/1\n` then the compact JSON
/// `{"table":…,"row":{…},"children":{…}}` with object keys in byte order (see
/// `docs/bundle-format.md`).
pub(crate) fn canonical_bytes(record: &Record) -> Vec<u8> {
    let mut out = CONTEXT.to_vec();
    let canonical = Canonical { table: &record.table, row: &record.row, children: &record.children };
    serde_json::to_writer(&mut out, &canonical).expect("JSON values serialise to memory without error");
    out
}

/// Keeps (or, for an unsigned version, forgets) the owner's signature of a record we received.
pub(crate) fn keep(
    tx: &Connection,
    table: &str,
    key: &str,
    owner: &str,
    verdict: &Verdict,
) -> Result<()> {
    match verdict {
        Verdict::Signed(public_key, signature) => store::record_signatures::keep(tx, table, key, owner, public_key, signature),
        Verdict::VouchedByBundle | Verdict::Refused(_) => store::record_signatures::forget(tx, table, key),
    }
}

/// Remembers a key rotation statement received from an office, to pass on with its key.
pub(crate) fn keep_rotation(tx: &Connection, office: OfficeId, rotation: &KeyRotation) -> Result<()> {
    let json = serde_json::to_string(rotation).expect("a rotation statement serialises");
    settings::set(tx, Setting::PeerRotation(office), &json)
}

/// Signs the records an export writes: ours afresh, forwarded ones with the signature their owner
/// made, and collects the keys of the owners whose records are forwarded.
pub(crate) struct RecordSigner {
    own: String,
    key: SigningKey,
    forwarded: BTreeSet<String>,
}

impl RecordSigner {
    pub fn new(own: OfficeId, key: SigningKey) -> Self {
        RecordSigner { own: own.to_string(), key, forwarded: BTreeSet::new() }
    }

    pub fn sign(&mut self, conn: &Connection, owner: &str, key: &str, record: &mut Record) -> Result<()> {
        if owner == self.own {
            record.signature = Some(sign(&self.key, &canonical_bytes(record)));
            return Ok(());
        }
        record.signature = store::record_signatures::of(conn, &record.table, key, owner)?;
        self.forwarded.insert(owner.to_string());
        Ok(())
    }

    /// The pinned keys of the owners whose records were forwarded, for the manifest.
    pub fn forwarded_keys(&self, conn: &Connection) -> Result<Vec<ForwardedKey>> {
        let mut out = Vec::new();
        for owner in &self.forwarded {
            let office: OfficeId = owner.parse()?;
            let Some((public_key, previous_key)) = store::pinned_keys::with_previous(conn, office)? else { continue };
            let rotation = settings::get(conn, Setting::PeerRotation(office))?
                .and_then(|json| serde_json::from_str::<KeyRotation>(&json).ok())
                .filter(|r| r.new_public_key == public_key);
            out.push(ForwardedKey { office_id: office, public_key, previous_key, rotation });
        }
        Ok(out)
    }
}

/// Why a record's signature is not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SignatureProblem {
    /// A format 2 record of the sender without a signature.
    Unsigned,
    /// A forwarded record without its owner's signature.
    ForwardedUnsigned,
    /// We know no key of the owner of a forwarded record.
    UnknownOwnerKey,
    /// The signature does not match the record: it was changed after its owner signed it.
    Mismatch,
}

impl SignatureProblem {
    /// The Vietnamese reason shown for the refused record.
    pub fn reason(self, owner: &str, sender: &str) -> String {
        match self {
            SignatureProblem::Unsigned => {
                format!("bản ghi không có chữ ký của «{sender}»: tệp có thể đã bị sửa. Hãy đề nghị «{sender}» gửi lại.")
            }
            SignatureProblem::ForwardedUnsigned => format!(
                "bản ghi của «{owner}» do «{sender}» chuyển tiếp nhưng không kèm chữ ký của «{owner}» (có thể «{sender}» đã nhận nó từ phiên bản Sổ Kế Hoạch cũ). Bản ghi sẽ đến khi «{owner}» gửi lại nó."
            ),
            SignatureProblem::UnknownOwnerKey => format!(
                "chưa có khóa ký của «{owner}» để kiểm tra bản ghi do «{sender}» chuyển tiếp (hoặc khóa được gửi kèm khác khóa đã lưu mà không có lệnh đổi khóa hợp lệ). Hãy gọi điện cho «{owner}» để đối chiếu."
            ),
            SignatureProblem::Mismatch if owner == sender => {
                format!("chữ ký của «{owner}» trên bản ghi không khớp nội dung: tệp đã bị sửa. Không nhập bản ghi này.")
            }
            SignatureProblem::Mismatch => format!(
                "chữ ký của «{owner}» không khớp nội dung bản ghi: bản ghi đã bị sửa sau khi «{owner}» ký, có thể khi «{sender}» chuyển tiếp. Không nhập bản ghi này; hãy đối chiếu với «{owner}»."
            ),
        }
    }
}

/// The outcome of checking one record's signature.
pub(crate) enum Verdict {
    /// Signed by its owner with this (key, signature).
    Signed(String, String),
    /// A format 1 record of the sender: its bundle's signature vouches for it, nothing to keep.
    VouchedByBundle,
    Refused(SignatureProblem),
}

/// The keys a bundle's records are checked with: the sender's for its own records; for forwarded
/// records, the owner's pinned key, or the key the sender forwards for it when we have none yet (or
/// a valid rotation of ours). Keys learnt this way are pinned when the import commits.
#[derive(Default)]
pub(crate) struct KeyBook {
    keys: HashMap<String, Vec<String>>,
    parsed: HashMap<String, Option<VerifyingKey>>,
    pending: HashMap<String, (String, Option<String>, Option<KeyRotation>)>,
    to_pin: BTreeMap<String, (String, Option<String>, Option<KeyRotation>)>,
}

impl KeyBook {
    /// The verdict on a record's signature. `verified_with` is a key under which the signature
    /// was already found to verify (by `Prechecker`); it counts only if it is one of the owner's
    /// keys here, else the signature is checked now.
    pub fn check(
        &mut self,
        tx: &Connection,
        manifest: &Manifest,
        owner: &str,
        record: &Record,
        verified_with: Option<&str>,
    ) -> Result<Verdict> {
        let sender = manifest.sender.id.to_string();
        let Some(signature) = &record.signature else {
            return Ok(if owner != sender {
                Verdict::Refused(SignatureProblem::ForwardedUnsigned)
            } else if manifest.format < SIGNED_RECORDS_FORMAT {
                Verdict::VouchedByBundle
            } else {
                Verdict::Refused(SignatureProblem::Unsigned)
            });
        };
        let keys = if owner == sender {
            vec![manifest.sender_public_key.clone()]
        } else {
            self.keys_of(tx, manifest, owner)?
        };
        if keys.is_empty() {
            return Ok(Verdict::Refused(SignatureProblem::UnknownOwnerKey));
        }
        let parsed = &mut self.parsed;
        let mut message = None;
        let mut verifies = |hex: &str| {
            verified_with == Some(hex)
                || parsed.entry(hex.to_string()).or_insert_with(|| identity::verifying_key(hex).ok()).as_ref().is_some_and(
                    |key| identity::verify_record(key, message.get_or_insert_with(|| canonical_bytes(record)), signature),
                )
        };
        let Some(key) = keys.into_iter().find(|k| verifies(k)) else {
            return Ok(Verdict::Refused(SignatureProblem::Mismatch));
        };
        if let Some(pin) = self.pending.remove(owner) {
            self.to_pin.insert(owner.to_string(), pin);
        }
        Ok(Verdict::Signed(key, signature.clone()))
    }

    /// A checker of the bundle's signatures ahead of the writes, with the current key of the
    /// sender and of every owner whose key the bundle forwards, as `check` will look them up.
    pub fn prechecker(&mut self, tx: &Connection, manifest: &Manifest) -> Result<Prechecker> {
        let sender = manifest.sender.id.to_string();
        let mut owners = vec![(sender, vec![manifest.sender_public_key.clone()])];
        for forwarded in &manifest.forwarded_keys {
            let owner = forwarded.office_id.to_string();
            owners.push((owner.clone(), self.keys_of(tx, manifest, &owner)?));
        }
        let mut checker = Prechecker::default();
        for (owner, keys) in owners {
            let Some(hex) = keys.into_iter().next() else { continue };
            let Ok(key) = identity::verifying_key(&hex) else { continue };
            checker.owners.insert(owner, checker.keys.len());
            checker.keys.push((hex, key));
        }
        Ok(checker)
    }

    fn keys_of(&mut self, tx: &Connection, manifest: &Manifest, owner: &str) -> Result<Vec<String>> {
        if let Some(keys) = self.keys.get(owner) {
            return Ok(keys.clone());
        }
        // An owner that is not an office id has no key: its records are refused, not the bundle.
        let Ok(office) = owner.parse::<OfficeId>() else { return Ok(Vec::new()) };
        let pinned = store::pinned_keys::with_previous(tx, office)?;
        let vouched = manifest.forwarded_keys.iter().find(|k| k.office_id == office);
        let keys: Vec<String> = match (pinned, vouched) {
            (None, None) => Vec::new(),
            (None, Some(v)) => {
                self.pending.insert(owner.to_string(), (v.public_key.clone(), v.previous_key.clone(), v.rotation.clone()));
                [Some(v.public_key.clone()), v.previous_key.clone()].into_iter().flatten().collect()
            }
            (Some((key, _)), Some(v))
                if v.public_key != key
                    && v.rotation.as_ref().is_some_and(|r| identity::rotation_signed_by(&key, r, &v.public_key)) =>
            {
                self.pending.insert(owner.to_string(), (v.public_key.clone(), Some(key.clone()), v.rotation.clone()));
                vec![v.public_key.clone(), key]
            }
            (Some((key, previous)), _) => [Some(key), previous].into_iter().flatten().collect(),
        };
        self.keys.insert(owner.to_string(), keys.clone());
        Ok(keys)
    }

    /// Pins the keys learnt from the sender for the owners whose records verified with them.
    pub fn pin_learnt(&mut self, tx: &Connection, sender: OfficeId) -> Result<()> {
        for (owner, (key, previous, rotation)) in std::mem::take(&mut self.to_pin) {
            let office: OfficeId = owner.parse()?;
            store::pinned_keys::pin_vouched(tx, office, &key, previous.as_deref(), sender)?;
            if let Some(rotation) = rotation {
                keep_rotation(tx, office, &rotation)?;
            }
        }
        Ok(())
    }
}

/// Checks record signatures ahead of the import's writes, on another thread and many at once: for
/// each record, the key among the owner's current one under which its signature verifies, if any.
/// It only saves work: `KeyBook::check` still decides, and checks itself what this did not find.
#[derive(Default)]
pub(crate) struct Prechecker {
    owners: HashMap<String, usize>,
    keys: Vec<(String, VerifyingKey)>,
}

impl Prechecker {
    pub fn check(&self, records: Vec<Record>) -> Vec<(Record, Option<String>)> {
        let mut found = vec![None; records.len()];
        let mut items = Vec::new();
        let mut messages = Vec::new();
        for (i, record) in records.iter().enumerate() {
            let owner = spec(&record.table).and_then(|(_, t)| record.row.get(t.owner)).and_then(|v| v.as_str());
            let (Some(signature), Some(&key)) = (&record.signature, owner.and_then(|o| self.owners.get(o))) else {
                continue;
            };
            items.push((i, key, signature.as_str()));
            messages.push(canonical_bytes(record));
        }
        let batch: Vec<(usize, &[u8], &str)> =
            items.iter().zip(&messages).map(|((_, key, signature), message)| (*key, message.as_slice(), *signature)).collect();
        let keys: Vec<VerifyingKey> = self.keys.iter().map(|(_, key)| *key).collect();
        for (((i, key, _), _), valid) in items.iter().zip(&messages).zip(identity::verify_records(&keys, &batch)) {
            if valid {
                found[*i] = Some(self.keys[*key].0.clone());
            }
        }
        records.into_iter().zip(found).collect()
    }
}
