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
        if let Some(secret) = read_key(&path)? {
            return Ok(secret);
        }
        create_private_dir(data_dir)?;
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        let text = hex(&bytes);
        // Created with its final permissions in one step (never world-readable for a
        // moment) and never over an existing file: of two instances starting at once,
        // the second reads the first one's key.
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(&path) {
            Ok(mut f) => {
                use std::io::Write;
                f.write_all(text.as_bytes())?;
                f.sync_all()?;
                tracing::info!(path = %path.display(), "created a new server secret");
                Ok(Secret::from_text(&text))
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                read_key(&path)?.ok_or_else(|| {
                    std::io::Error::other("secret.key is being written by another process")
                })
            }
            Err(e) => Err(e),
        }
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

/// The key in `path`: `None` when there is no file; an error when it exists but holds no
/// usable key (replacing it would silently invalidate every code in flight).
fn read_key(path: &Path) -> std::io::Result<Option<Secret>> {
    match std::fs::read_to_string(path) {
        Ok(s) if s.trim().len() >= 32 => Ok(Some(Secret::from_text(&s))),
        Ok(_) => Err(std::io::Error::other(format!(
            "{} holds no usable key (fewer than 32 characters); delete it to create a new one",
            path.display()
        ))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// A folder the server makes (the data folder, a SQLite file's folder), readable by the
/// server's user only: it holds the key, the database, the media and the SMS outbox.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.exists() {
        // Never another program's folder: a SQLite file in /tmp must not make /tmp private.
        return Ok(());
    }
    std::fs::create_dir_all(dir)?;
    make_private(dir)
}

/// The data folder holds the key, the database and the media: only its owner reads it.
/// Called at start for the configured folder, whoever created it.
pub fn make_private(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
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

    #[cfg(unix)]
    #[test]
    fn the_key_file_is_private_from_the_start_and_kept() {
        use std::os::unix::fs::PermissionsExt;
        if std::env::var("PAHT_SECRET").is_ok() {
            return; // the environment's key wins; nothing is written
        }
        let dir = std::env::temp_dir().join(format!("paht-secret-{}", random_hex(8)));
        let first = Secret::load(&dir).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir.join("secret.key")), 0o600);
        assert_eq!(mode(&dir), 0o700);
        let again = Secret::load(&dir).unwrap();
        assert_eq!(
            first.mac("x"),
            again.mac("x"),
            "the same key on the next start"
        );
        std::fs::write(dir.join("secret.key"), "short").unwrap();
        assert!(
            Secret::load(&dir).is_err(),
            "a broken key file is not replaced silently"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn only_folders_the_server_makes_or_owns_become_private() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;
        let shared = std::env::temp_dir().join(format!("paht-shared-{}", random_hex(8)));
        std::fs::create_dir(&shared).unwrap();
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o1777)).unwrap();
        // Like /tmp holding a SQLite file: left as it is.
        create_private_dir(&shared).unwrap();
        assert_eq!(mode(&shared), 0o1777);
        // A folder made for the server is private from the start.
        let made = shared.join("data");
        create_private_dir(&made).unwrap();
        assert_eq!(mode(&made), 0o700);
        // The configured data folder is made private whoever made it.
        let given = shared.join("given");
        std::fs::create_dir(&given).unwrap();
        std::fs::set_permissions(&given, std::fs::Permissions::from_mode(0o755)).unwrap();
        make_private(&given).unwrap();
        assert_eq!(mode(&given), 0o700);
        let _ = std::fs::remove_dir_all(&shared);
    }
}
