//! Server-side sessions. The cookie holds a random 256-bit token; the `sessions` table holds
//! only its SHA-256, so a copy of the database does not let anyone log in. A new token at
//! every login (no fixation), idle and absolute timeouts that are shorter for staff, logout
//! deletes the row, and "log out everywhere", a password change or disabling deletes a
//! user's rows.
//!
//! Why not tower-sessions: its stores key rows by the raw session id (a leaked table is a
//! list of live sessions), its sqlx store pins an sqlx that cannot link beside SeaORM 2's
//! (both bundle `libsqlite3-sys`), and a user's sessions must be found by user id for
//! "log out everywhere". What remains is small and tested here and in `tests/accounts.rs`.

use super::secret::{random_hex, sha256_hex};
use crate::account::permission::Subject;
use crate::domain::lifecycle::Role;
use crate::server::entities::{session, user};
use crate::server::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap};
use axum::middleware::Next;
use axum::response::Response;
use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter,
};
use std::net::SocketAddr;

/// How long sessions live. Staff hold more power, so they are logged out sooner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionPolicy {
    pub citizen_idle: TimeDelta,
    pub citizen_absolute: TimeDelta,
    pub staff_idle: TimeDelta,
    pub staff_absolute: TimeDelta,
}

impl Default for SessionPolicy {
    fn default() -> SessionPolicy {
        SessionPolicy {
            citizen_idle: TimeDelta::days(3),
            citizen_absolute: TimeDelta::days(30),
            // OWASP ASVS 4.0 level 2, 3.3.2: 30 minutes idle, 12 hours in all.
            staff_idle: TimeDelta::minutes(30),
            staff_absolute: TimeDelta::hours(12),
        }
    }
}

impl SessionPolicy {
    fn limits(&self, role: Role) -> (TimeDelta, TimeDelta) {
        match role {
            Role::Citizen => (self.citizen_idle, self.citizen_absolute),
            _ => (self.staff_idle, self.staff_absolute),
        }
    }

    /// When a session of `role`, created at `created`, last seen at `seen`, ends.
    pub fn expires_at(
        &self,
        role: Role,
        created: DateTime<Utc>,
        seen: DateTime<Utc>,
    ) -> DateTime<Utc> {
        let (idle, absolute) = self.limits(role);
        (seen + idle).min(created + absolute)
    }
}

/// The logged-in user as the session loaded it: what every page and server function needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionUser {
    pub id: i64,
    pub phone: String,
    pub full_name: String,
    pub role: Role,
    pub agency_id: Option<i64>,
    /// Leads the agency (officers only).
    pub is_lead: bool,
}

impl SessionUser {
    pub fn from_model(u: &user::Model) -> SessionUser {
        SessionUser {
            id: u.id,
            phone: u.phone.clone(),
            full_name: u.full_name.clone(),
            role: Role::parse(&u.role).unwrap_or(Role::Anonymous),
            agency_id: u.agency_id,
            is_lead: u.is_lead && u.role == Role::Officer.as_str(),
        }
    }

    pub fn subject(&self) -> Subject {
        Subject {
            user_id: Some(self.id),
            role: self.role,
            agency_id: self.agency_id,
            active: true,
            is_lead: self.is_lead,
        }
    }
}

/// A request's valid session (in the request's extensions).
#[derive(Clone, Debug)]
pub struct SignedIn {
    /// The stored key (hash of the token).
    pub key: String,
    pub user: SessionUser,
}

/// The client's address (in the request's extensions), for rate limits and the audit log.
#[derive(Clone, Debug)]
pub struct ClientIp(pub Option<String>);

/// `__Host-` binds the cookie to this host, path `/` and HTTPS; plain HTTP (local runs,
/// tests) cannot use the prefix.
pub fn cookie_name(https: bool) -> &'static str {
    if https {
        "__Host-paht_session"
    } else {
        "paht_session"
    }
}

pub fn set_cookie(token: &str, https: bool, max_age: TimeDelta) -> String {
    format!(
        "{}={token}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{}",
        cookie_name(https),
        max_age.num_seconds().max(0),
        if https { "; Secure" } else { "" }
    )
}

pub fn clear_cookie(https: bool) -> String {
    format!(
        "{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{}",
        cookie_name(https),
        if https { "; Secure" } else { "" }
    )
}

/// The value of cookie `name` in the request's `Cookie` headers.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.to_string())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Starts a session for `user`: returns the cookie token and its lifetime.
pub async fn create<C: ConnectionTrait>(
    db: &C,
    user: &SessionUser,
    policy: &SessionPolicy,
    now: DateTime<Utc>,
) -> Result<(String, TimeDelta), DbErr> {
    // Expired sessions of this user go now; others by the hourly sweep.
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user.id))
        .filter(session::Column::ExpiresAt.lte(now))
        .exec(db)
        .await?;
    let token = random_hex(32);
    let expires = policy.expires_at(user.role, now, now);
    session::ActiveModel {
        id: Set(sha256_hex(&token)),
        user_id: Set(user.id),
        data: Set("{}".into()),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(expires),
    }
    .insert(db)
    .await?;
    Ok((token, policy.limits(user.role).1))
}

/// Seconds between writes of `last_seen_at`: a page and its calls do not write each time.
const TOUCH_EVERY: TimeDelta = TimeDelta::seconds(60);

/// The valid session of `token`, refreshing its idle timeout. Expired sessions and
/// sessions of accounts that are not active are deleted and answer `None`.
pub async fn load<C: ConnectionTrait>(
    db: &C,
    token: &str,
    policy: &SessionPolicy,
    now: DateTime<Utc>,
) -> Result<Option<SignedIn>, DbErr> {
    let key = sha256_hex(token);
    let Some((row, Some(user))) = session::Entity::find_by_id(key.clone())
        .find_also_related(user::Entity)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let role = Role::parse(&user.role).unwrap_or(Role::Anonymous);
    let expires = policy.expires_at(role, row.created_at, row.last_seen_at);
    if now >= expires || now >= row.expires_at || user.status != super::store::ACTIVE {
        session::Entity::delete_by_id(key).exec(db).await?;
        return Ok(None);
    }
    if now - row.last_seen_at >= TOUCH_EVERY {
        let mut active: session::ActiveModel = row.clone().into();
        active.last_seen_at = Set(now);
        active.expires_at = Set(policy.expires_at(role, row.created_at, now));
        active.update(db).await?;
    }
    Ok(Some(SignedIn {
        key,
        user: SessionUser::from_model(&user),
    }))
}

pub async fn delete<C: ConnectionTrait>(db: &C, key: &str) -> Result<(), DbErr> {
    session::Entity::delete_by_id(key.to_string())
        .exec(db)
        .await?;
    Ok(())
}

/// Ends every session of `user_id`, except `keep` (the one making the change).
pub async fn delete_all_of<C: ConnectionTrait>(
    db: &C,
    user_id: i64,
    keep: Option<&str>,
) -> Result<u64, DbErr> {
    let mut q = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id));
    if let Some(k) = keep {
        q = q.filter(session::Column::Id.ne(k));
    }
    Ok(q.exec(db).await?.rows_affected)
}

/// Deletes expired sessions (hourly, from the server).
pub async fn sweep<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> Result<u64, DbErr> {
    Ok(session::Entity::delete_many()
        .filter(session::Column::ExpiresAt.lte(now))
        .exec(db)
        .await?
        .rows_affected)
}

/// Paths that never need to know who is asking: no session lookup for them.
fn is_static(path: &str) -> bool {
    ["/pkg/", "/leaflet/", "/tiles/", "/favicon", "/healthz"]
        .iter()
        .any(|p| path.starts_with(p))
}

/// Puts the client's address and, with a valid session cookie, [`SignedIn`] into the
/// request's extensions, where pages and server functions find them.
///
/// Every answer to a request with a session cookie, and every server-function answer, is
/// `Cache-Control: private, no-store`: the header menu puts the user's name and phone on
/// every page, and no shared cache or back-forward cache may keep that for the next person.
pub async fn middleware(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let ip = client_ip(&req, state.config.trust_proxy);
    req.extensions_mut().insert(ClientIp(ip));
    let path = req.uri().path();
    let private = path.starts_with("/api/");
    let token = (!is_static(path))
        .then(|| cookie_value(req.headers(), cookie_name(state.config.https)))
        .flatten();
    let private = private || token.is_some();
    if let Some(token) = token {
        match load(&state.db, &token, &state.config.sessions, Utc::now()).await {
            Ok(Some(signed_in)) => {
                req.extensions_mut().insert(signed_in);
            }
            Ok(None) => {}
            Err(e) => tracing::error!(error = %e, "session lookup failed"),
        }
    }
    let mut res = next.run(req).await;
    // Unless the handler said otherwise (media knows whether it is public).
    if private && !res.headers().contains_key(header::CACHE_CONTROL) {
        res.headers_mut().insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("private, no-store"),
        );
    }
    res
}

/// The address that rate limits and the audit log key a client by: an IPv4 address as it
/// is, an IPv6 address by its /64 network — one subscriber gets a whole /64 (often more), so
/// keying by the full address would give an attacker 2^64 fresh keys.
pub fn limit_key(ip: &str) -> String {
    match ip.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        Ok(std::net::IpAddr::V4(v4)) => v4.to_string(),
        Err(_) => ip.to_string(),
    }
}

/// The peer address; behind a trusted reverse proxy, the last address it appended to
/// `X-Forwarded-For` (earlier entries are whatever the client claimed).
fn client_ip(req: &Request, trust_proxy: bool) -> Option<String> {
    if trust_proxy {
        if let Some(ip) = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .filter(|v| v.parse::<std::net::IpAddr>().is_ok())
        {
            return Some(ip.to_string());
        }
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_clients_are_keyed_by_their_64_network() {
        assert_eq!(limit_key("203.0.113.7"), "203.0.113.7");
        assert_eq!(
            limit_key("2001:db8:1:2:aaaa:bbbb:cccc:dddd"),
            "2001:db8:1:2::/64"
        );
        assert_eq!(
            limit_key("2001:db8:1:2::1"),
            limit_key("2001:db8:1:2:ffff:ffff:ffff:ffff")
        );
        assert_ne!(limit_key("2001:db8:1:2::1"), limit_key("2001:db8:1:3::1"));
        assert_eq!(limit_key("::ffff:198.51.100.9"), "198.51.100.9");
    }

    #[test]
    fn staff_sessions_end_sooner_and_never_outlive_the_absolute_limit() {
        let p = SessionPolicy::default();
        let t0 = DateTime::<Utc>::from_timestamp(1_790_000_000, 0).unwrap();
        assert_eq!(
            p.expires_at(Role::Operator, t0, t0),
            t0 + TimeDelta::minutes(30)
        );
        assert_eq!(p.expires_at(Role::Citizen, t0, t0), t0 + TimeDelta::days(3));
        let late = t0 + TimeDelta::hours(11) + TimeDelta::minutes(50);
        assert_eq!(
            p.expires_at(Role::Admin, t0, late),
            t0 + TimeDelta::hours(12)
        );
    }

    #[test]
    fn cookies_are_host_bound_over_https_and_tokens_must_look_like_tokens() {
        let c = set_cookie("ab", true, TimeDelta::hours(1));
        assert!(c.starts_with(
            "__Host-paht_session=ab; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax; Secure"
        ));
        assert!(!set_cookie("ab", false, TimeDelta::hours(1)).contains("Secure"));
        let token = "a".repeat(64);
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            format!("x=1; paht_session={token}").parse().unwrap(),
        );
        assert_eq!(cookie_value(&h, "paht_session"), Some(token));
        h.insert(header::COOKIE, "paht_session=../../etc".parse().unwrap());
        assert_eq!(cookie_value(&h, "paht_session"), None);
    }
}
