//! Password hashing: argon2id with the OWASP minimum (19 MiB, 2 passes, 1 lane).
//!
//! Hashing is deliberately slow (tens of milliseconds); callers on the async runtime must use
//! `tokio::task::spawn_blocking`. Hashes are PHC strings (`$argon2id$v=19$m=19456,t=2,p=1$…`), so the
//! parameters travel with each hash and can be raised later: `needs_rehash` tells the login path when
//! a stored hash was made with weaker settings than today's.

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

/// OWASP Password Storage Cheat Sheet, argon2id option 2.
const M_COST_KIB: u32 = 19 * 1024;
const T_COST: u32 = 2;
const P_COST: u32 = 1;

fn hasher() -> Argon2<'static> {
    // These constants are valid argon2 parameters; `Params::new` only fails on out-of-range values.
    let params = Params::new(M_COST_KIB, T_COST, P_COST, None).unwrap_or(Params::DEFAULT);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes `password` with a fresh random salt and returns the PHC string to store.
///
/// Panics only if the operating system cannot provide randomness for the salt, in which case no
/// account could be created safely anyway.
pub fn hash_password(password: &str) -> String {
    hasher()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .expect("argon2 hashing failed (no OS randomness?)")
}

/// Does `password` match the stored PHC `hash`? A malformed hash never matches.
pub fn verify_password(password: &str, hash: &str) -> bool {
    match PasswordHash::new(hash) {
        // Verification uses the parameters recorded in the hash, not today's.
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// Was `hash` made with another algorithm or weaker parameters than today's settings?
/// The login path re-hashes the (just verified) password when this is true.
pub fn needs_rehash(hash: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return true;
    };
    if parsed.algorithm.as_str() != Algorithm::Argon2id.as_str() {
        return true;
    }
    if parsed.version != Some(Version::V0x13 as u32) {
        return true;
    }
    match Params::try_from(&parsed) {
        Ok(p) => p.m_cost() < M_COST_KIB || p.t_cost() < T_COST || p.p_cost() < P_COST,
        Err(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_verifies_and_rejects_wrong_password() {
        let h = hash_password("Paht@2026demo");
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify_password("Paht@2026demo", &h));
        assert!(!verify_password("paht@2026demo", &h));
        assert!(!needs_rehash(&h));
    }

    #[test]
    fn salts_differ() {
        assert_ne!(hash_password("x"), hash_password("x"));
    }

    #[test]
    fn malformed_or_weak_hashes() {
        assert!(!verify_password("x", "not a hash"));
        assert!(needs_rehash("not a hash"));
        let weak = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8, 1, 1, None).unwrap(),
        )
        .hash_password(b"x")
        .unwrap()
        .to_string();
        assert!(verify_password("x", &weak));
        assert!(needs_rehash(&weak));
        let argon2i = Argon2::new(Algorithm::Argon2i, Version::V0x13, Params::DEFAULT)
            .hash_password(b"x")
            .unwrap()
            .to_string();
        assert!(verify_password("x", &argon2i));
        assert!(needs_rehash(&argon2i));
    }
}
