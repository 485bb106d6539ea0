//! The signing key inside a backup, sealed with a passphrase the user chooses: whoever finds the
//! USB stick holds the office's records, but cannot speak for the office without the passphrase.
//!
//! Argon2id (RFC 9106; the OWASP setting of 19 MiB and two passes) stretches the passphrase into a
//! key for XChaCha20-Poly1305, which seals the key's seed with the public key as associated data, so
//! a sealed key cannot be moved under another office's name. Both are RustCrypto crates.

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The shortest passphrase accepted.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

const MEMORY_KIB: u32 = 19 * 1024;
const PASSES: u32 = 2;
const LANES: u32 = 1;

/// The signing key as a backup holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub(crate) enum StoredKey {
    /// Sealed with the user's passphrase (a backup that leaves the machine).
    #[serde(rename_all = "camelCase")]
    Sealed { memory_kib: u32, passes: u32, lanes: u32, salt: String, nonce: String, sealed: String },
    /// As the key file beside the database holds it: only in the copy a restore keeps aside on the
    /// same disk, where the key already lies in the clear.
    #[serde(rename_all = "camelCase")]
    Plain { seed: String },
}

/// Refuses a passphrase too short to protect the key.
pub fn check_passphrase(passphrase: &str) -> Result<()> {
    if passphrase.trim().chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(Error::invalid(format!(
            "Mật khẩu bảo vệ khóa ký phải có ít nhất {MIN_PASSPHRASE_CHARS} ký tự. Hãy chọn một câu dễ nhớ với đơn vị \
             nhưng người ngoài khó đoán, và ghi nó ở nơi an toàn, tách khỏi USB."
        )));
    }
    Ok(())
}

fn stretch(passphrase: &str, salt: &[u8], memory_kib: u32, passes: u32, lanes: u32) -> Result<[u8; 32]> {
    let params = Params::new(memory_kib, passes, lanes, Some(32)).map_err(|e| Error::invalid(damaged(&e.to_string())))?;
    let mut key = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, &mut key)
        .map_err(|e| Error::invalid(damaged(&e.to_string())))?;
    Ok(key)
}

fn damaged(why: &str) -> String {
    format!("Khóa ký trong bản sao lưu bị hỏng ({why}); bản sao lưu này không dùng được để khôi phục khóa.")
}

fn random<const N: usize>() -> Result<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| Error::Internal(format!("không tạo được số ngẫu nhiên: {e}")))?;
    Ok(bytes)
}

/// Seals `seed` (the key's 32 bytes) for the office whose public key is `public_key` (hex).
pub(crate) fn seal(seed: &[u8; 32], public_key: &str, passphrase: &str) -> Result<StoredKey> {
    check_passphrase(passphrase)?;
    let salt: [u8; 16] = random()?;
    let nonce: [u8; 24] = random()?;
    let key = stretch(passphrase, &salt, MEMORY_KIB, PASSES, LANES)?;
    let sealed = XChaCha20Poly1305::new((&key).into())
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: seed, aad: public_key.as_bytes() })
        .map_err(|_| Error::Internal("không niêm phong được khóa ký".into()))?;
    Ok(StoredKey::Sealed {
        memory_kib: MEMORY_KIB,
        passes: PASSES,
        lanes: LANES,
        salt: hex::encode(salt),
        nonce: hex::encode(nonce),
        sealed: hex::encode(sealed),
    })
}

/// The key's seed, opened with `passphrase` (not asked for a plain key).
pub(crate) fn open(stored: &StoredKey, public_key: &str, passphrase: Option<&str>) -> Result<[u8; 32]> {
    let bytes = |text: &str| hex::decode(text).map_err(|_| Error::invalid(damaged("không phải mã hex")));
    let seed = match stored {
        StoredKey::Plain { seed } => bytes(seed)?,
        StoredKey::Sealed { memory_kib, passes, lanes, salt, nonce, sealed } => {
            let Some(passphrase) = passphrase.filter(|p| !p.is_empty()) else {
                return Err(Error::invalid(
                    "Bản sao lưu này chứa khóa ký được bảo vệ bằng mật khẩu. Hãy nhập mật khẩu đã đặt khi sao lưu.",
                ));
            };
            let nonce = bytes(nonce)?;
            if nonce.len() != 24 {
                return Err(Error::invalid(damaged("độ dài sai")));
            }
            let key = stretch(passphrase, &bytes(salt)?, *memory_kib, *passes, *lanes)?;
            XChaCha20Poly1305::new((&key).into())
                .decrypt(XNonce::from_slice(&nonce), Payload { msg: &bytes(sealed)?, aad: public_key.as_bytes() })
                .map_err(|_| {
                    Error::invalid(
                        "Mật khẩu không đúng: không mở được khóa ký trong bản sao lưu. Hãy nhập lại đúng mật khẩu đã đặt \
                         khi sao lưu (phân biệt chữ hoa, chữ thường và dấu). Dữ liệu chưa bị thay đổi.",
                    )
                })?
        }
    };
    seed.try_into().map_err(|_| Error::invalid(damaged("độ dài sai")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_key_opens_with_its_passphrase_only_and_for_its_office_only() {
        let seed = [7u8; 32];
        let stored = seal(&seed, "ab12", "mật khẩu của hội").expect("seal");
        assert_eq!(open(&stored, "ab12", Some("mật khẩu của hội")).expect("open"), seed);
        let wrong = open(&stored, "ab12", Some("mat khau cua hoi")).expect_err("wrong passphrase");
        assert!(wrong.to_string().contains("Mật khẩu không đúng"), "{wrong}");
        assert!(open(&stored, "cd34", Some("mật khẩu của hội")).is_err(), "another office's public key");
        let missing = open(&stored, "ab12", None).expect_err("no passphrase");
        assert!(missing.to_string().contains("Hãy nhập mật khẩu"), "{missing}");
        let json = serde_json::to_string(&stored).expect("json");
        assert!(!json.contains(&hex::encode(seed)), "the seed is not in the clear");
    }

    #[test]
    fn a_short_passphrase_is_refused() {
        let e = seal(&[1u8; 32], "ab", "1234567").expect_err("short");
        assert!(e.to_string().contains("ít nhất 8 ký tự"), "{e}");
    }
}
