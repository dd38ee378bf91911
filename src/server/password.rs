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

/// The only way the async server hashes or verifies: on the blocking pool, at most
/// `permits` at a time.
///
/// Each argon2 call holds 19 MiB for tens of milliseconds, and tokio allows 512 blocking
/// threads, so unbounded, a few hundred parallel logins would ask for about 9.5 GiB. With a
/// bound of about two per core the CPU stays busy and memory stays at a few dozen MiB; a
/// caller that cannot get a turn within `wait` is told to come back (503 + Retry-After)
/// rather than queueing without end.
#[derive(Clone, Debug)]
pub struct HashPool {
    permits: std::sync::Arc<tokio::sync::Semaphore>,
    wait: std::time::Duration,
}

/// Why a hash was not computed: every slot busy for longer than the pool waits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Saturated;

impl HashPool {
    pub fn new(permits: usize, wait: std::time::Duration) -> HashPool {
        HashPool {
            permits: std::sync::Arc::new(tokio::sync::Semaphore::new(permits.max(1))),
            wait,
        }
    }

    /// Two per core of this machine.
    pub fn per_core(wait: std::time::Duration) -> HashPool {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        HashPool::new(2 * cores, wait)
    }

    /// Slots free now (tests and metrics).
    pub fn available(&self) -> usize {
        self.permits.available_permits()
    }

    /// Takes every slot until the guard is dropped (tests: a saturated server).
    pub async fn occupy_all(&self) -> tokio::sync::SemaphorePermit<'_> {
        let n = self.permits.available_permits() as u32;
        self.permits
            .acquire_many(n)
            .await
            .expect("the hashing semaphore is never closed")
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Saturated> {
        let permit = tokio::time::timeout(self.wait, self.permits.clone().acquire_owned())
            .await
            .map_err(|_| Saturated)?
            .map_err(|_| Saturated)?;
        let out = tokio::task::spawn_blocking(move || {
            let out = work();
            drop(permit);
            out
        })
        .await;
        // A panic inside argon2 is a bug, not a busy server; it is logged and treated as one
        // failed attempt rather than taking the request's worker down.
        out.map_err(|e| {
            tracing::error!(error = %e, "password hashing task failed");
            Saturated
        })
    }

    pub async fn hash(&self, password: String) -> Result<String, Saturated> {
        self.run(move || hash_password(&password)).await
    }

    pub async fn verify(&self, password: String, hash: String) -> Result<bool, Saturated> {
        self.run(move || verify_password(&password, &hash)).await
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
