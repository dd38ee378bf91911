//! The server's secret key: it keys the HMAC of one-time codes, so a copy of the database
//! alone does not let anyone check guesses offline. `PAHT_SECRET` in production (the same on
//! every instance); otherwise a random key is created once in the data folder.

use hmac::{Hmac, KeyInit, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::path::Path;

#[derive(Clone)]
pub struct Secret(Vec<u8>);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl Secret {
    pub fn from_text(text: &str) -> Secret {
        Secret(text.trim().as_bytes().to_vec())
    }

    /// `PAHT_SECRET`, or `<data_dir>/secret.key`, created with 32 random bytes if missing.
    pub fn load(data_dir: &Path) -> std::io::Result<Secret> {
        if let Ok(s) = std::env::var("PAHT_SECRET") {
            if s.trim().len() >= 32 {
                return Ok(Secret::from_text(&s));
            }
            tracing::warn!("PAHT_SECRET is shorter than 32 characters; using the key file instead");
        }
        let path = data_dir.join("secret.key");
        match std::fs::read_to_string(&path) {
            Ok(s) if s.trim().len() >= 32 => return Ok(Secret::from_text(&s)),
            Ok(_) | Err(_) => {}
        }
        std::fs::create_dir_all(data_dir)?;
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        let text = hex(&bytes);
        std::fs::write(&path, &text)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600));
        }
        tracing::info!(path = %path.display(), "created a new server secret");
        Ok(Secret::from_text(&text))
    }

    /// HMAC-SHA-256 of `message`, hex.
    pub fn mac(&self, message: &str) -> String {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0)
            .expect("HMAC accepts keys of any length");
        mac.update(message.as_bytes());
        hex(&mac.finalize().into_bytes())
    }

    /// Does `expected_hex` equal the HMAC of `message`? Constant time.
    pub fn verify(&self, message: &str, expected_hex: &str) -> bool {
        let Some(expected) = unhex(expected_hex) else {
            return false;
        };
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0)
            .expect("HMAC accepts keys of any length");
        mac.update(message.as_bytes());
        mac.verify_slice(&expected).is_ok()
    }
}

/// SHA-256 of `text`, hex: how a session token is stored (the token is only in the cookie).
pub fn sha256_hex(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

/// `n` random bytes, hex.
pub fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    rand::rng().fill_bytes(&mut bytes);
    hex(&bytes)
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macs_depend_on_the_key_and_verify() {
        let a = Secret::from_text("a-key-of-at-least-thirty-two-chars!!");
        let b = Secret::from_text("another-key-of-at-least-thirty-two!!");
        let m = a.mac("activate:1:123456");
        assert_eq!(m.len(), 64);
        assert!(a.verify("activate:1:123456", &m));
        assert!(!a.verify("activate:1:123457", &m));
        assert!(!b.verify("activate:1:123456", &m));
        assert!(!a.verify("activate:1:123456", "zz"));
        assert_ne!(sha256_hex("t"), sha256_hex("u"));
        assert_eq!(random_hex(32).len(), 64);
    }
}
