//! Who signs a bundle and whom we trust: this installation's Ed25519 key (a file in the data
//! folder, beside the database), the keys of other offices pinned on first contact, explicit key
//! rotation, and the installation id that reveals a data folder copied to a second machine.

use std::path::{Path, PathBuf};

use curve25519_dalek::constants::ED25519_BASEPOINT_POINT;
use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::{IsIdentity, VartimeMultiscalarMul};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::bundle::Refusal;
use crate::bundle::format::{KeyRotation, rotation_message};
use crate::error::{Error, Result};
use crate::ids::OfficeId;
use crate::store::{self, Store, settings::{self, Setting}};


/// This installation's identity as shown on the exchange screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct KeyInfo {
    pub public_key: String,
    /// Short form to read out on the phone: "3F2A-91C0-7B44-E5D2".
    pub fingerprint: String,
    pub installation_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PinnedKey {
    pub office_id: OfficeId,
    pub office_code: String,
    pub office_name: String,
    pub fingerprint: String,
    pub pinned_at: String,
    /// The office rotated its key at least once.
    pub rotated: bool,
    /// The office that passed this key on with the records it forwarded, when the key did not
    /// come from the office's own bundle.
    pub vouched_by: Option<String>,
}

/// The fingerprint of a hex public key: the first 8 bytes of its SHA-256, in four groups.
pub fn fingerprint(public_key_hex: &str) -> String {
    let digest = Sha256::digest(public_key_hex.as_bytes());
    let hex = hex::encode_upper(&digest[..8]);
    hex.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("-")
}

pub(crate) fn verifying_key(public_key_hex: &str) -> Result<VerifyingKey, Refusal> {
    let bytes: [u8; 32] = hex::decode(public_key_hex)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| Refusal::BadManifest("khóa công khai không hợp lệ".into()))?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| Refusal::BadManifest("khóa công khai không hợp lệ".into()))
}

pub(crate) fn verify(public_key_hex: &str, message: &[u8], signature_hex: &str) -> Result<(), Refusal> {
    verify_with(&verifying_key(public_key_hex)?, message, signature_hex)
}

/// `verify` with a key already parsed.
pub(crate) fn verify_with(key: &VerifyingKey, message: &[u8], signature_hex: &str) -> Result<(), Refusal> {
    let bytes: [u8; 64] =
        hex::decode(signature_hex.trim()).ok().and_then(|b| b.try_into().ok()).ok_or(Refusal::BadSignature)?;
    key.verify(message, &Signature::from_bytes(&bytes)).map_err(|_| Refusal::BadSignature)
}

/// A record signature ready for the Ed25519 equation `[s]B = R + [k]A`, with `k = SHA-512(R ‖ A ‖ M)`.
struct Equation {
    r: EdwardsPoint,
    s: Scalar,
    k: Scalar,
    key: usize,
}

impl Equation {
    /// `None` when the signature is not 64 hex bytes, `s` is not below the group order or `R` is
    /// not a point: such a signature verifies under no key.
    fn new(key: &VerifyingKey, key_index: usize, message: &[u8], signature_hex: &str) -> Option<Equation> {
        let bytes: [u8; 64] = hex::decode(signature_hex.trim()).ok()?.try_into().ok()?;
        let (r_bytes, s_bytes) = bytes.split_at(32);
        let r_bytes: [u8; 32] = r_bytes.try_into().ok()?;
        let s = Option::<Scalar>::from(Scalar::from_canonical_bytes(s_bytes.try_into().ok()?))?;
        let r = CompressedEdwardsY(r_bytes).decompress()?;
        let mut hash = sha2::Sha512::new();
        hash.update(r_bytes);
        hash.update(key.as_bytes());
        hash.update(message);
        let k = Scalar::from_bytes_mod_order_wide(&hash.finalize().into());
        Some(Equation { r, s, k, key: key_index })
    }

    /// The cofactored check `[8]([s]B − R − [k]A) = 0`.
    fn holds(&self, key: &EdwardsPoint) -> bool {
        (EdwardsPoint::vartime_double_scalar_mul_basepoint(&self.k, &-key, &self.s) - self.r).mul_by_cofactor().is_identity()
    }
}

/// Whether a record signature verifies: Ed25519 with the cofactored equation (RFC 8032 §5.1.7),
/// the rule under which checking many signatures at once (`verify_records`) gives the same answer
/// as checking each.
pub(crate) fn verify_record(key: &VerifyingKey, message: &[u8], signature_hex: &str) -> bool {
    Equation::new(key, 0, message, signature_hex).is_some_and(|e| e.holds(&key.to_edwards()))
}

/// `verify_record` for each `(key index, message, signature)` of `items`, with keys from `keys`:
/// all equations at once, weighted by fresh random 128-bit numbers so that invalid ones cannot
/// cancel out, and one by one only when that combined check fails (to tell which).
pub(crate) fn verify_records(keys: &[VerifyingKey], items: &[(usize, &[u8], &str)]) -> Vec<bool> {
    let points: Vec<EdwardsPoint> = keys.iter().map(VerifyingKey::to_edwards).collect();
    let equations: Vec<Option<Equation>> =
        items.iter().map(|(key, message, signature)| Equation::new(&keys[*key], *key, message, signature)).collect();
    let one_by_one = |equations: &[Option<Equation>]| -> Vec<bool> {
        equations.iter().map(|e| e.as_ref().is_some_and(|e| e.holds(&points[e.key]))).collect()
    };
    let mut weights = vec![0u8; 16 * equations.len()];
    if equations.iter().any(Option::is_none) || getrandom::fill(&mut weights).is_err() {
        return one_by_one(&equations);
    }
    // Σ z·([s]B − R − [k]A) = [Σ z·s]B − Σ z·R − Σ_A (Σ z·k)·A: one term for each key, not each record.
    let mut base = Scalar::ZERO;
    let mut per_key = vec![Scalar::ZERO; points.len()];
    let mut scalars = Vec::with_capacity(equations.len() + points.len() + 1);
    let mut terms = Vec::with_capacity(equations.len() + points.len() + 1);
    for (e, z) in equations.iter().flatten().zip(weights.chunks_exact(16)) {
        let z = Scalar::from(u128::from_le_bytes(z.try_into().unwrap_or_default()));
        base += z * e.s;
        per_key[e.key] -= z * e.k;
        scalars.push(-z);
        terms.push(e.r);
    }
    scalars.push(base);
    terms.push(ED25519_BASEPOINT_POINT);
    scalars.extend(per_key);
    terms.extend(points.iter().copied());
    if EdwardsPoint::vartime_multiscalar_mul(scalars, terms).mul_by_cofactor().is_identity() {
        vec![true; equations.len()]
    } else {
        one_by_one(&equations)
    }
}

fn random_seed() -> Result<[u8; 32]> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| Error::invalid(format!("Không tạo được khóa ngẫu nhiên: {e}")))?;
    Ok(seed)
}

fn new_installation_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

impl Store {
    pub(crate) fn key_path(&self) -> PathBuf {
        store::swap::key_path(self.path())
    }

    /// The signing key, created on first use (written with a temp file and a rename).
    pub(crate) fn signing_key(&self) -> Result<SigningKey> {
        let path = self.key_path();
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let seed: [u8; 32] = hex::decode(text.trim()).ok().and_then(|b| b.try_into().ok()).ok_or_else(|| {
                    Error::invalid(format!("Tệp khóa ký {} bị hỏng. Hãy khôi phục từ bản sao lưu.", path.display()))
                })?;
                Ok(SigningKey::from_bytes(&seed))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = SigningKey::from_bytes(&random_seed()?);
                write_key(&path, &key)?;
                Ok(key)
            }
            Err(e) => Err(Error::io(&path, e)),
        }
    }

    pub fn installation_id(&mut self) -> Result<String> {
        if let Some(id) = settings::get(&self.conn, Setting::Installation)? {
            return Ok(id);
        }
        let id = new_installation_id();
        self.transact(|tx| settings::set(tx, Setting::Installation, &id))?;
        Ok(id)
    }

    pub fn own_key(&mut self) -> Result<KeyInfo> {
        let public_key = hex::encode(self.signing_key()?.verifying_key().as_bytes());
        Ok(KeyInfo { fingerprint: fingerprint(&public_key), public_key, installation_id: self.installation_id()? })
    }

    /// Checks that this data folder belongs to this machine. `marker_dir` is a folder outside the
    /// data folder (the user's configuration folder). A data folder copied from another machine
    /// has no marker here: it gets a new installation id, so the two machines can be told apart,
    /// and the result is `true` so the UI can explain.
    pub fn check_installation(&mut self, marker_dir: &Path) -> Result<bool> {
        let id = self.installation_id()?;
        let marker = marker_dir.join(format!("{id}.may"));
        let database = self.path().display().to_string();
        match std::fs::read_to_string(&marker) {
            Ok(text) if text.trim() == database => Ok(false),
            _ if self.own_office()?.is_none() => {
                write_marker(marker_dir, &marker, &database)?;
                Ok(false)
            }
            // The folder was moved on this machine: still the same installation.
            Ok(text) if !Path::new(text.trim()).exists() => {
                write_marker(marker_dir, &marker, &database)?;
                Ok(false)
            }
            // No marker on this machine, or a second copy beside the first: a new installation.
            _ => self.become_new_installation(marker_dir, &database),
        }
    }

    fn become_new_installation(&mut self, marker_dir: &Path, database: &str) -> Result<bool> {
        let id = new_installation_id();
        self.transact(|tx| settings::set(tx, Setting::Installation, &id))?;
        write_marker(marker_dir, &marker_dir.join(format!("{id}.may")), database)?;
        Ok(true)
    }

    /// Replaces the signing key (a new machine for the office, or a key that may have leaked).
    /// Bundles from now on carry a statement signed with the old key, so peers re-pin.
    pub fn rotate_key(&mut self) -> Result<KeyInfo> {
        let old = self.signing_key()?;
        let new = SigningKey::from_bytes(&random_seed()?);
        let new_public = hex::encode(new.verifying_key().as_bytes());
        let installation = self.installation_id()?;
        let rotation = KeyRotation {
            old_public_key: hex::encode(old.verifying_key().as_bytes()),
            new_public_key: new_public.clone(),
            new_installation_id: installation.clone(),
            signature: hex::encode(old.sign(&rotation_message(&new_public, &installation)).to_bytes()),
        };
        let json = serde_json::to_string(&rotation).map_err(|e| Error::Internal(e.to_string()))?;
        self.transact(|tx| settings::set(tx, Setting::KeyRotation, &json))?;
        write_key(&self.key_path(), &new)?;
        self.own_key()
    }

    pub(crate) fn pending_rotation(&self) -> Result<Option<KeyRotation>> {
        Ok(settings::get(&self.conn, Setting::KeyRotation)?.and_then(|json| serde_json::from_str(&json).ok()))
    }

    pub fn pinned_keys(&self) -> Result<Vec<PinnedKey>> {
        Ok(store::pinned_keys::all(&self.conn)?
            .into_iter()
            .map(|k| PinnedKey {
                office_id: k.office_id,
                office_code: k.office_code,
                office_name: k.office_name,
                fingerprint: fingerprint(&k.public_key),
                pinned_at: k.pinned_at,
                rotated: k.rotated,
                vouched_by: k.vouched_by,
            })
            .collect())
    }
}

/// Whether `rotation` replaces `pinned` by `new_key`, signed by `pinned`.
pub(crate) fn rotation_signed_by(pinned: &str, rotation: &KeyRotation, new_key: &str) -> bool {
    rotation.old_public_key == pinned
        && rotation.new_public_key == new_key
        && verify(pinned, &rotation_message(&rotation.new_public_key, &rotation.new_installation_id), &rotation.signature)
            .is_ok()
}

fn write_key(path: &Path, key: &SigningKey) -> Result<()> {
    let temp = path.with_extension("dang-ghi");
    // Synced through the handle that wrote it: on Windows `FlushFileBuffers` (what `sync_all`
    // calls) needs a handle opened for writing, a read-only reopen fails with "Access denied".
    std::fs::File::create(&temp)
        .and_then(|mut f| {
            std::io::Write::write_all(&mut f, hex::encode(key.to_bytes()).as_bytes())?;
            f.sync_all()
        })
        .map_err(|e| Error::io(&temp, e))?;
    std::fs::rename(&temp, path).map_err(|e| Error::io(path, e))
}

fn write_marker(dir: &Path, marker: &Path, database: &str) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    std::fs::write(marker, database).map_err(|e| Error::io(marker, e))
}

/// Signs bytes with this installation's key.
pub(crate) fn sign(key: &SigningKey, message: &[u8]) -> String {
    hex::encode(key.sign(message).to_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Vec<SigningKey> {
        (1..=3u8).map(|n| SigningKey::from_bytes(&[n; 32])).collect()
    }

    /// Signed messages: `(key index, message, hex signature)`, the keys taking turns.
    fn signed(keys: &[SigningKey], count: usize) -> Vec<(usize, Vec<u8>, String)> {
        (0..count)
            .map(|i| {
                let message = format!("bản ghi {i}").into_bytes();
                let key = i % keys.len();
                let signature = sign(&keys[key], &message);
                (key, message, signature)
            })
            .collect()
    }

    fn check(keys: &[SigningKey], items: &[(usize, Vec<u8>, String)]) -> Vec<bool> {
        let public: Vec<VerifyingKey> = keys.iter().map(SigningKey::verifying_key).collect();
        let items: Vec<(usize, &[u8], &str)> = items.iter().map(|(k, m, s)| (*k, m.as_slice(), s.as_str())).collect();
        verify_records(&public, &items)
    }

    #[test]
    fn valid_signatures_pass_together_and_alone() {
        let keys = keys();
        let items = signed(&keys, 40);
        assert_eq!(check(&keys, &items), vec![true; 40]);
        for (key, message, signature) in &items {
            assert!(verify_record(&keys[*key].verifying_key(), message, signature));
            assert!(verify(&hex::encode(keys[*key].verifying_key().as_bytes()), message, signature).is_ok());
        }
    }

    #[test]
    fn each_bad_signature_is_found_among_good_ones() {
        let keys = keys();
        let mut items = signed(&keys, 40);
        items[3].1.push(b'!'); // the message changed after signing
        items[17].0 = (items[17].0 + 1) % keys.len(); // checked with another office's key
        let mut s = hex::decode(&items[25].2).expect("hex");
        s[63] |= 0xf0; // s not below the group order
        items[25].2 = hex::encode(s);
        items[31].2 = "không phải chữ ký".into();
        let expected: Vec<bool> = (0..40).map(|i| ![3, 17, 25, 31].contains(&i)).collect();
        assert_eq!(check(&keys, &items), expected);
        for (i, (key, message, signature)) in items.iter().enumerate() {
            assert_eq!(verify_record(&keys[*key].verifying_key(), message, signature), expected[i], "{i}");
        }
    }

    #[test]
    fn two_bad_signatures_do_not_cancel_out() {
        let keys = keys();
        let mut items = signed(&keys, 2);
        // The two signatures swapped, both checked with the first key: neither is right.
        items[1].0 = items[0].0;
        let (a, b) = (items[0].2.clone(), items[1].2.clone());
        items[0].2 = b;
        items[1].2 = a;
        assert_eq!(check(&keys, &items), vec![false, false]);
    }
}
