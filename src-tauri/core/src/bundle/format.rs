//! The bundle file format, version 2 (`docs/bundle-format.md`): a zip holding `manifest.json`,
//! its Ed25519 signature `manifest.sig`, the records as JSON lines in `records.jsonl`, and
//! attachments as `files/<sha256>`. The manifest lists the size and SHA-256 of every other entry,
//! so the signature covers everything. Since version 2 every record line also carries its owner's
//! signature, and the manifest the keys of the owners whose records the sender forwards.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ids::OfficeId;

/// The format version this program writes and the newest it reads.
pub const FORMAT_VERSION: u32 = 2;
/// The first format whose records carry their owner's signature.
pub const SIGNED_RECORDS_FORMAT: u32 = 2;
/// File name extension of bundles.
pub const BUNDLE_EXTENSION: &str = "skh";
/// What this program can read and write, announced in every manifest.
pub const CAPABILITIES: &[&str] =
    &["records-v1", "files-sha256", "acks", "key-rotation", "setup", "record-signatures", REFUSALS_CAPABILITY, "recovery", "key-reissue"];
/// The sender lists in `refused` every record of the recipient it refused and still waits for.
pub const REFUSALS_CAPABILITY: &str = "refusals";
/// Most refused records one manifest lists (the rest follow as the list shrinks).
pub const MAX_REFUSED_LISTED: usize = 5_000;
/// A refusal's reason is cut to this many characters in a manifest.
pub const MAX_REFUSAL_REASON_CHARS: usize = 400;

pub const MANIFEST: &str = "manifest.json";
pub const SIGNATURE: &str = "manifest.sig";
pub const RECORDS: &str = "records.jsonl";
pub const FILES_PREFIX: &str = "files/";

/// Limits that keep a hostile file from exhausting memory or disk. Every bundle an export may
/// write stays inside them: the manifest lists one entry per file, so its limit holds
/// `MAX_ENTRIES` entries, `MAX_REFUSED_LISTED` refusals of `MAX_REFUSAL_REASON_CHARS` and the keys
/// of thousands of forwarding offices (a test builds that manifest).
pub const MAX_MANIFEST_BYTES: u64 = 32 * 1024 * 1024;
pub const MAX_RECORDS_BYTES: u64 = 2 * 1024 * 1024 * 1024;
pub const MAX_FILE_BYTES: u64 = crate::documents::attachments::MAX_ATTACHMENT_BYTES;
pub const MAX_TOTAL_BYTES: u64 = 16 * 1024 * 1024 * 1024;
/// Entries of the zip: `records.jsonl`, the manifest, its signature and one per attached file.
pub const MAX_ENTRIES: usize = 100_000;
/// A record line: room for a document at its limit of text ([`crate::documents::MAX_DOCUMENT_TEXT_BYTES`])
/// however JSON spells it (a line break takes two bytes), with its attachment rows and signature.
pub const MAX_RECORD_LINE_BYTES: usize = 8 * 1024 * 1024;
/// Largest uncompressed ÷ compressed size accepted for an entry over 1 MiB and for the whole file:
/// signed records compress 3–6:1 (every line carries 64 random signature bytes and UUIDs), files
/// are stored uncompressed, so 20:1 is far above any real bundle, and it bounds the work a bundle
/// can cause by its size on the stick (10 MB open into at most 200 MB).
pub const MAX_COMPRESSION_RATIO: u64 = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum BundleKind {
    /// Regular exchange between an office and its parent or sub-office.
    Data,
    /// From a parent to a new installation: the office tree and the parent's key.
    Setup,
    /// From a parent to the new installation of a sub-office that lost its machine: the setup and
    /// everything the parent holds that the sub-office owned or received, so the new installation
    /// becomes that office again with its history.
    Recovery,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OfficeRef {
    pub id: OfficeId,
    pub code: String,
    pub name: String,
}

/// One entry of the zip, as the manifest vouches for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct EntryInfo {
    pub name: String,
    #[ts(type = "number")]
    pub size: u64,
    pub sha256: String,
    /// Lines, for `records.jsonl`.
    #[ts(type = "number | null")]
    pub count: Option<u64>,
}

/// A statement, signed with the old key, that the sender now signs with a new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct KeyRotation {
    pub old_public_key: String,
    pub new_public_key: String,
    pub new_installation_id: String,
    /// Ed25519 signature by the old key over `rotation_message(new key, installation)`.
    pub signature: String,
}

/// A decision of an office's parent, signed with the parent's key, that the office's key `old` is
/// replaced by `new` (its machine was lost and a recovery bundle set up a new one). Unlike a
/// [`KeyRotation`], nobody holds the old key any more: the parent, which pinned it, vouches for the
/// new one. Every office that learns it trusts the new key and refuses bundles signed by the old.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct KeyReissue {
    pub office_id: OfficeId,
    pub old_public_key: String,
    pub new_public_key: String,
    pub new_installation_id: String,
    /// The parent that decided (only an office's direct parent may).
    pub decided_by: OfficeId,
    /// RFC 3339.
    pub decided_at: String,
    /// Ed25519 signature by `decided_by` over `reissue_message(…)`.
    pub signature: String,
}

/// The key of an office whose records the sender forwards, as the sender has pinned it: the
/// recipient checks those records' signatures with it and pins it in turn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ForwardedKey {
    pub office_id: OfficeId,
    /// Hex Ed25519 public key.
    pub public_key: String,
    /// The key it replaced by an explicit rotation (older records may still be signed with it).
    pub previous_key: Option<String>,
    /// The rotation statement that replaced `previousKey`, when the sender has it.
    pub rotation: Option<KeyRotation>,
}

/// The signed description of a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Manifest {
    pub format: u32,
    pub capabilities: Vec<String>,
    pub schema_version: usize,
    pub kind: BundleKind,
    pub bundle_id: String,
    pub created_at: String,
    pub sender: OfficeRef,
    /// Hex Ed25519 public key the manifest is signed with.
    pub sender_public_key: String,
    /// Which installation (machine) of the sender wrote it.
    pub sender_installation: String,
    pub recipient: OfficeRef,
    /// The sender's changes after `seqFrom` up to and including `seqTo`.
    #[ts(type = "number")]
    pub seq_from: i64,
    #[ts(type = "number")]
    pub seq_to: i64,
    /// The last change of the recipient that the sender has imported (the acknowledgement).
    #[ts(type = "number")]
    pub ack_seq: i64,
    pub key_rotation: Option<KeyRotation>,
    /// Keys of the offices whose records are forwarded in this bundle (format 2; absent in 1).
    #[serde(default)]
    pub forwarded_keys: Vec<ForwardedKey>,
    pub entries: Vec<EntryInfo>,
    /// Every key reissue the sender knows of (capability "key-reissue"): the recipient checks each
    /// against the deciding parent's key and trusts the new keys in turn.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<KeyReissue>>")]
    pub key_reissues: Vec<KeyReissue>,
    /// The recovery bundle this installation was set up from, told to the parent until it has
    /// reissued our key (capability "recovery").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub recovered_from: Option<String>,
    /// In a recovery bundle: when the parent last received a bundle from the recipient (RFC 3339),
    /// so the new installation can say how many days of unsent work may be lost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub recipient_last_heard: Option<String>,
    /// Records of the recipient that the sender refused at import and has not accepted since
    /// (capability "refusals"; absent when there are none, and in older bundles). They are not
    /// acknowledged: the recipient sends them again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<RefusedEntry>>")]
    pub refused: Vec<RefusedEntry>,
}

/// One record the sender of a bundle refused from its recipient, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RefusedEntry {
    pub table: String,
    pub id: String,
    pub reason: String,
    /// The day it was refused (ISO date).
    pub refused_on: String,
}

/// The bytes a key rotation signs.
pub fn rotation_message(new_public_key: &str, new_installation_id: &str) -> Vec<u8> {
    format!("sokehoach-key-rotation/1\n{new_public_key}\n{new_installation_id}").into_bytes()
}

/// The bytes a key reissue signs.
pub fn reissue_message(reissue: &KeyReissue) -> Vec<u8> {
    format!(
        "sokehoach-key-reissue/1\n{}\n{}\n{}\n{}\n{}\n{}",
        reissue.office_id,
        reissue.old_public_key,
        reissue.new_public_key,
        reissue.new_installation_id,
        reissue.decided_by,
        reissue.decided_at
    )
    .into_bytes()
}

/// Whether an entry name is one a bundle may have (never used as a path).
pub fn is_file_entry(name: &str) -> Option<&str> {
    let sha = name.strip_prefix(FILES_PREFIX)?;
    (sha.len() == 64 && sha.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))).then_some(sha)
}
