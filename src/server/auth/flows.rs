//! The account flows. Each takes what the server function received (already a plain
//! value, never trusted), the state and the client's address, checks, stores, audits, and
//! answers either the outcome or an [`AppError`] whose message the user sees. Nothing here
//! knows about HTTP: cookies and redirects are the server functions' job.
//!
//! Every raw field is measured before anything else looks at it (`crate::account::longer_than`
//! inside each validator), every attempt is counted before the work it asks for (a password
//! check, a code comparison), and counters live in the database so that several server
//! instances count together (`rate_limit`).

use super::rate_limit::{self, Limit};
use super::session::{self, limit_key, SessionUser, SignedIn};
use super::sms::code_message;
use super::store::{self, Audit, CodePurpose, ACTIVE, DISABLED, PENDING};
use crate::account::audit::AuditAction;
use crate::account::form::{code_problem, FieldProblem, FormError};
use crate::account::otp::{self, OtpState};
use crate::account::password_policy::{self, PasswordContext};
use crate::account::permission::{may, Object, Permission};
use crate::account::phone::{self, Phone};
use crate::domain::lifecycle::Role;
use crate::dto::error::AppError;
use crate::server::entities::user;
use crate::server::password;
use crate::server::AppState;
use chrono::{DateTime, TimeDelta, Utc};
use rand::Rng;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, SqlErr, TransactionTrait};
use std::time::Duration;

/// Who is calling, from where, and with which session (if the browser presented one).
#[derive(Clone, Debug)]
pub struct Caller {
    pub ip: Option<String>,
    pub now: DateTime<Utc>,
    /// The stored key of the session the request carried: logging in again ends it.
    pub session: Option<String>,
}

impl Caller {
    pub fn new(ip: Option<String>) -> Caller {
        Caller {
            ip,
            now: Utc::now(),
            session: None,
        }
    }

    /// The counter key of `what` for this client's address (an IPv6 client by its /64).
    fn ip_key(&self, what: &str) -> String {
        let ip = self.ip.as_deref().map(limit_key);
        format!("{what}:ip:{}", ip.as_deref().unwrap_or("unknown"))
    }

    /// An audit row of `action` about `user_id`, from this client.
    fn audit(&self, action: AuditAction, user_id: Option<i64>) -> Audit<'_> {
        Audit::of(action, user_id, self.ip.as_deref())
    }
}

/// Counts one event against `limit`; refuses with the wait when the window is full.
async fn count(
    state: &AppState,
    key: &str,
    limit: Limit,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    rate_limit::hit(&state.db, key, limit, now)
        .await?
        .map_err(AppError::RateLimited)
}

/// Hashing is bounded (`HashPool`): a saturated server says so and when to come back.
const BUSY: AppError = AppError::Busy(5);

async fn hash(state: &AppState, password: String) -> Result<String, AppError> {
    state.hashing.hash(password).await.map_err(|_| BUSY)
}

async fn verify(state: &AppState, password: String, hash: String) -> Result<bool, AppError> {
    state.hashing.verify(password, hash).await.map_err(|_| BUSY)
}

/// A hash to verify against when the phone has no account, so that answering takes as
/// long either way and the time does not tell whether the number is registered. Made once,
/// through the hashing pool like every other hash.
async fn dummy_hash(state: &AppState) -> Result<String, AppError> {
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DUMMY
        .get_or_try_init(|| hash(state, "not-a-password-of-anyone".to_string()))
        .await
        .cloned()
}

fn parse_phone(raw: &str, form: &mut FormError) -> Option<Phone> {
    if raw.trim().is_empty() {
        form.add("phone", FieldProblem::Required);
        return None;
    }
    match phone::normalize(raw) {
        Ok(p) => Some(p),
        Err(e) => {
            form.add("phone", FieldProblem::Phone(e));
            None
        }
    }
}

/// A value to put back into a refused form: the raw text, cut to what the field can hold
/// (a hostile megabyte is not sent back in the redirect URL).
fn kept(raw: &str) -> &str {
    const KEEP_CHARS: usize = 200;
    match raw.char_indices().nth(KEEP_CHARS) {
        Some((i, _)) => &raw[..i],
        None => raw,
    }
}

fn check_new_password(
    form: &mut FormError,
    field: &str,
    confirm_field: &str,
    password: &str,
    confirmation: &str,
    context: PasswordContext<'_>,
) {
    if password.is_empty() {
        form.add(field, FieldProblem::Required);
    } else if let Err(problems) = password_policy::check(password, &context) {
        if let Some(p) = problems.first() {
            form.add(field, FieldProblem::Password(*p));
        }
    }
    if confirmation.is_empty() {
        form.add(confirm_field, FieldProblem::Required);
    } else if password_policy::confirm(password, confirmation).is_err() {
        form.add(confirm_field, FieldProblem::ConfirmationDiffers);
    }
}

/// Stores a new password hash, ends the user's sessions (but `keep`) and audits `action`,
/// in one transaction: a password change and a reset differ only in what they keep.
async fn store_password(
    state: &AppState,
    caller: &Caller,
    user: user::Model,
    new_hash: String,
    keep: Option<&str>,
    action: AuditAction,
) -> Result<(), AppError> {
    let id = user.id;
    let txn = state.db.begin().await?;
    let mut active: user::ActiveModel = user.into();
    active.password_hash = Set(new_hash);
    active.updated_at = Set(caller.now);
    active.update(&txn).await?;
    session::delete_all_of(&txn, id, keep).await?;
    caller
        .audit(action, Some(id))
        .by(Some(id))
        .write(&txn, caller.now)
        .await?;
    txn.commit().await?;
    Ok(())
}

// ------------------------------------------------------------------ registration

pub struct Registration {
    pub phone: String,
    pub full_name: String,
    pub password: String,
    pub password_confirm: String,
}

/// Creates a pending citizen account and sends the activation code. Answers the number.
///
/// A number that is still pending is registered again: the name and password are replaced
/// and a new code goes to the number. Whoever registered it first (perhaps not its owner)
/// never proved the number, so the owner, who receives the code, takes it over.
pub async fn register(
    state: &AppState,
    caller: &Caller,
    input: Registration,
) -> Result<Phone, AppError> {
    let mut form = FormError::new()
        .keep("phone", kept(&input.phone))
        .keep("full_name", kept(&input.full_name));
    let phone = parse_phone(&input.phone, &mut form);
    let name = match password_policy::validate_full_name(&input.full_name) {
        Ok(n) => Some(n),
        Err(e) => {
            form.add("full_name", FieldProblem::Name(e));
            None
        }
    };
    check_new_password(
        &mut form,
        "password",
        "password_confirm",
        &input.password,
        &input.password_confirm,
        PasswordContext {
            phone: Some(&input.phone),
            full_name: Some(&input.full_name),
        },
    );
    let (Some(phone), Some(name), true) = (phone, name, form.is_empty()) else {
        return Err(form.into());
    };
    let limits = state.config.limits;
    count(
        state,
        &caller.ip_key("register"),
        limits.register_per_ip,
        caller.now,
    )
    .await?;
    let existing = store::user_by_phone(&state.db, phone.as_str()).await?;
    if existing.as_ref().is_some_and(|u| u.status != PENDING) {
        return Err(form.with("phone", FieldProblem::PhoneTaken).into());
    }
    let hash = hash(state, input.password).await?;
    let txn = state.db.begin().await?;
    let saved = match existing {
        Some(pending) => {
            let mut active: user::ActiveModel = pending.into();
            active.full_name = Set(name);
            active.password_hash = Set(hash);
            active.updated_at = Set(caller.now);
            active.update(&txn).await
        }
        None => {
            user::ActiveModel {
                phone: Set(phone.as_str().to_string()),
                full_name: Set(name),
                password_hash: Set(hash),
                role: Set(Role::Citizen.as_str().to_string()),
                agency_id: Set(None),
                status: Set(PENDING.to_string()),
                created_at: Set(caller.now),
                updated_at: Set(caller.now),
                last_login_at: Set(None),
                is_lead: Set(false),
                ..Default::default()
            }
            .insert(&txn)
            .await
        }
    };
    let created = match saved {
        Ok(u) => u,
        // Two registrations of one number at once: the unique index decides.
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(form.with("phone", FieldProblem::PhoneTaken).into());
        }
        Err(e) => return Err(e.into()),
    };
    // No actor: the number is not proved yet, and the sweep of expired pending accounts
    // must find nothing in the log that names them as actor.
    caller
        .audit(AuditAction::Register, Some(created.id))
        .write(&txn, caller.now)
        .await?;
    txn.commit().await?;
    if let Err(e) = send_code(state, caller, &created, CodePurpose::Activate).await {
        // The account exists; the activation page offers "send a new code".
        tracing::warn!(user = created.id, error = ?e, "activation code not sent at registration");
    }
    Ok(phone)
}

// ------------------------------------------------------------------ one-time codes

/// Per-number limits for every number, with or without an account, so the answer to
/// "send a code to X" never depends on whether X is registered.
const SEND_PER_PHONE_MINUTE: Limit = Limit {
    max: 1,
    window: Duration::from_secs(otp::RESEND_COOLDOWN_SECONDS as u64),
};
const SEND_PER_PHONE_DAY: Limit = Limit {
    max: otp::MAX_SENDS_PER_DAY,
    window: Duration::from_secs(24 * 3600),
};
/// The key of the service-wide SMS budget.
const SMS_BUDGET_KEY: &str = "sms:all";

fn new_code() -> String {
    format!("{:06}", rand::rng().random_range(0..1_000_000u32))
}

fn code_input(purpose: CodePurpose, user_id: i64, code: &str) -> String {
    format!("{}:{user_id}:{code}", purpose.as_str())
}

/// Issues a new code and queues its SMS, within the per-number rules stored with the code
/// and the service's hourly SMS budget.
async fn send_code(
    state: &AppState,
    caller: &Caller,
    user: &user::Model,
    purpose: CodePurpose,
) -> Result<(), AppError> {
    let previous = store::code_of(&state.db, user.id, purpose).await?;
    if let Err(refusal) = otp::may_resend(previous.as_ref().map(|(_, s)| s), caller.now) {
        return Err(FormError::one("phone", FieldProblem::Resend(refusal)).into());
    }
    let Ok(phone) = phone::normalize(&user.phone) else {
        tracing::error!(user = user.id, "stored phone number does not normalise");
        return Err(AppError::Internal);
    };
    if rate_limit::hit(
        &state.db,
        SMS_BUDGET_KEY,
        state.config.limits.sms_per_hour,
        caller.now,
    )
    .await?
    .is_err()
    {
        tracing::warn!("the hourly SMS budget is spent; no code sent");
        return Err(AppError::SmsBudget);
    }
    let code = new_code();
    let issued = OtpState::issue(
        previous.as_ref().map(|(_, s)| s),
        state.secret.mac(&code_input(purpose, user.id, &code)),
        caller.now,
    );
    let row = previous.as_ref().map(|(id, _)| *id);
    store::save_code(&state.db, user.id, purpose, row, &issued).await?;
    if state
        .sms
        .enqueue(phone, code_message(purpose, &code))
        .is_err()
    {
        tracing::error!(user = user.id, "SMS queue full; code not sent");
        return Err(AppError::Unavailable);
    }
    caller
        .audit(AuditAction::CodeSent, Some(user.id))
        .detail(purpose.as_str())
        .write(&state.db, caller.now)
        .await?;
    Ok(())
}

/// "Send me a code": activation for a pending account, reset for an active one. Answers
/// the same, in the same time, whether or not the number has such an account: every
/// number has the same per-number limits, and the SMS itself goes through the queue.
pub async fn request_code(
    state: &AppState,
    caller: &Caller,
    raw_phone: &str,
    purpose: CodePurpose,
) -> Result<Phone, AppError> {
    let mut form = FormError::new().keep("phone", kept(raw_phone));
    let Some(phone) = parse_phone(raw_phone, &mut form) else {
        return Err(form.into());
    };
    let limits = state.config.limits;
    count(
        state,
        &caller.ip_key("send"),
        limits.send_per_ip,
        caller.now,
    )
    .await?;
    // A spent budget is told to every number alike.
    if let Err(_wait) =
        rate_limit::check(&state.db, SMS_BUDGET_KEY, limits.sms_per_hour, caller.now).await?
    {
        return Err(AppError::SmsBudget);
    }
    let key = format!("send:{}", phone.as_str());
    let refused =
        |refusal| AppError::Form(form.clone().with("phone", FieldProblem::Resend(refusal)));
    if let Err(s) = rate_limit::check(
        &state.db,
        &format!("{key}:day"),
        SEND_PER_PHONE_DAY,
        caller.now,
    )
    .await?
    {
        return Err(refused(otp::ResendRefusal::DailyLimit {
            wait_seconds: s as i64,
        }));
    }
    if let Err(s) = rate_limit::hit(
        &state.db,
        &format!("{key}:minute"),
        SEND_PER_PHONE_MINUTE,
        caller.now,
    )
    .await?
    {
        return Err(refused(otp::ResendRefusal::Wait {
            wait_seconds: s as i64,
        }));
    }
    let _ = rate_limit::hit(
        &state.db,
        &format!("{key}:day"),
        SEND_PER_PHONE_DAY,
        caller.now,
    )
    .await?;
    let wanted = match purpose {
        CodePurpose::Activate => PENDING,
        CodePurpose::Reset => ACTIVE,
    };
    if let Some(user) = store::user_by_phone(&state.db, phone.as_str()).await? {
        if user.status == wanted {
            match send_code(state, caller, &user, purpose).await {
                Ok(()) => {}
                // Per-number refusals from the stored code are answered like the counters'.
                Err(AppError::Form(f)) => {
                    return Err(AppError::Form(f.keep("phone", kept(raw_phone))))
                }
                Err(e) => return Err(e),
            }
        }
    }
    Ok(phone)
}

/// Checks a submitted code for a user in `status`; on success the code is spent.
///
/// The order is the defence: count the client's attempt, spend one try of the code (a
/// conditional update that only the unused, fresh code with tries left allows), and only
/// then compare; mark it used, again conditionally on that very code. Every refusal is
/// the same `CodeRefused`, so the answer tells nothing about the number; when there is no
/// code at all, there is no try to spend.
async fn redeem_code(
    state: &AppState,
    caller: &Caller,
    raw_phone: &str,
    code: &str,
    purpose: CodePurpose,
    status: &str,
    mut form: FormError,
) -> Result<user::Model, AppError> {
    let phone = parse_phone(raw_phone, &mut form);
    if let Some(p) = code_problem(code) {
        form.add("code", p);
    }
    let (Some(phone), true) = (phone, form.is_empty()) else {
        return Err(form.into());
    };
    count(
        state,
        &caller.ip_key("code"),
        state.config.limits.code_per_ip,
        caller.now,
    )
    .await?;
    let refused = || AppError::Form(form.clone().with("code", FieldProblem::CodeRefused));
    let Some(user) = store::user_by_phone(&state.db, phone.as_str())
        .await?
        .filter(|u| u.status == status)
    else {
        return Err(refused());
    };
    let Some((row, stored)) = store::code_of(&state.db, user.id, purpose).await? else {
        return Err(refused());
    };
    let code = otp::parse_code(code).unwrap_or_default();
    let matches = state
        .secret
        .verify(&code_input(purpose, user.id, &code), &stored.code_hash);
    if !store::spend_try(&state.db, row, &stored.code_hash, caller.now).await? {
        // Why, for the log only: expired, used up or used.
        tracing::info!(user = user.id, why = ?otp::check(&stored, matches, caller.now), "code refused");
        return Err(refused());
    }
    if !matches || !store::use_code(&state.db, row, &stored.code_hash).await? {
        return Err(refused());
    }
    Ok(user)
}

/// Activates a pending account with its code.
pub async fn activate(
    state: &AppState,
    caller: &Caller,
    raw_phone: &str,
    code: &str,
) -> Result<(), AppError> {
    let form = FormError::new().keep("phone", kept(raw_phone));
    let user = redeem_code(
        state,
        caller,
        raw_phone,
        code,
        CodePurpose::Activate,
        PENDING,
        form,
    )
    .await?;
    // An admin may have activated it a moment ago: then there is nothing left to record.
    if store::set_status(&state.db, user.id, PENDING, ACTIVE, caller.now).await? {
        caller
            .audit(AuditAction::Activate, Some(user.id))
            .by(Some(user.id))
            .write(&state.db, caller.now)
            .await?;
    }
    Ok(())
}

// ------------------------------------------------------------------ login and logout

/// A new session: the cookie token and how long the cookie may live.
pub struct LoggedIn {
    pub token: String,
    pub max_age: TimeDelta,
    pub user: SessionUser,
}

/// The token is a live credential: never in a log or a test failure message.
impl std::fmt::Debug for LoggedIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoggedIn")
            .field("token", &"<redacted>")
            .field("max_age", &self.max_age)
            .field("user", &self.user.id)
            .finish()
    }
}

/// Logs in. The attempt is counted against the number before the password is checked
/// (so parallel guesses cannot all pass a check that runs first), and a success clears it.
pub async fn login(
    state: &AppState,
    caller: &Caller,
    raw_phone: &str,
    password: &str,
) -> Result<LoggedIn, AppError> {
    let mut form = FormError::new().keep("phone", kept(raw_phone));
    let phone = parse_phone(raw_phone, &mut form);
    if password.is_empty() {
        form.add("password", FieldProblem::Required);
    } else if crate::account::longer_than(password, password_policy::MAX_CHARS) {
        // No stored password is longer; refused before any hashing.
        form.add("password", FieldProblem::WrongCredentials);
    }
    let (Some(phone), true) = (phone, form.is_empty()) else {
        return Err(form.into());
    };
    let limits = state.config.limits;
    count(
        state,
        &caller.ip_key("login"),
        limits.login_per_ip,
        caller.now,
    )
    .await?;
    let phone_key = format!("login:{}", phone.as_str());
    count(state, &phone_key, limits.login_per_phone, caller.now).await?;
    let found = store::user_by_phone(&state.db, phone.as_str()).await?;
    let stored_hash = match &found {
        Some(u) => u.password_hash.clone(),
        None => dummy_hash(state).await?,
    };
    let ok = verify(state, password.to_string(), stored_hash.clone()).await? && found.is_some();
    let Some(user) = found.filter(|_| ok) else {
        caller
            .audit(AuditAction::LoginFailed, None)
            .detail(format!("phone {}", phone.masked()))
            .write(&state.db, caller.now)
            .await?;
        return Err(form.with("password", FieldProblem::WrongCredentials).into());
    };
    let refusal = match user.status.as_str() {
        ACTIVE => None,
        PENDING => Some(FieldProblem::NotActivated),
        _ => Some(FieldProblem::Disabled),
    };
    if let Some(problem) = refusal {
        caller
            .audit(AuditAction::LoginFailed, Some(user.id))
            .detail(user.status.clone())
            .write(&state.db, caller.now)
            .await?;
        return Err(form.with("phone", problem).into());
    }
    rate_limit::clear(&state.db, &phone_key).await?;
    let mut active: user::ActiveModel = user.clone().into();
    if password::needs_rehash(&stored_hash) {
        active.password_hash = Set(hash(state, password.to_string()).await?);
    }
    active.last_login_at = Set(Some(caller.now));
    let user = active.update(&state.db).await?;
    // The session the browser came with (perhaps someone else's, on a shared computer)
    // ends: one browser, one session, and never a fixed one.
    if let Some(old) = &caller.session {
        session::delete(&state.db, old).await?;
    }
    let session_user = SessionUser::from_model(&user);
    let (token, max_age) =
        session::create(&state.db, &session_user, &state.config.sessions, caller.now).await?;
    caller
        .audit(AuditAction::LoginSucceeded, Some(user.id))
        .by(Some(user.id))
        .write(&state.db, caller.now)
        .await?;
    Ok(LoggedIn {
        token,
        max_age,
        user: session_user,
    })
}

pub async fn logout(
    state: &AppState,
    caller: &Caller,
    signed_in: &SignedIn,
) -> Result<(), AppError> {
    session::delete(&state.db, &signed_in.key).await?;
    let id = signed_in.user.id;
    caller
        .audit(AuditAction::Logout, Some(id))
        .by(Some(id))
        .write(&state.db, caller.now)
        .await?;
    Ok(())
}

pub async fn logout_everywhere(
    state: &AppState,
    caller: &Caller,
    signed_in: &SignedIn,
) -> Result<u64, AppError> {
    let subject = signed_in.user.subject();
    may(&subject, Permission::EditOwnAccount, &Object::OwnAccount)?;
    let n = session::delete_all_of(&state.db, signed_in.user.id, None).await?;
    let id = signed_in.user.id;
    caller
        .audit(AuditAction::LogoutEverywhere, Some(id))
        .by(Some(id))
        .write(&state.db, caller.now)
        .await?;
    Ok(n)
}

// ------------------------------------------------------------------ own account

pub async fn update_name(
    state: &AppState,
    caller: &Caller,
    signed_in: &SignedIn,
    raw_name: &str,
) -> Result<String, AppError> {
    may(
        &signed_in.user.subject(),
        Permission::EditOwnAccount,
        &Object::OwnAccount,
    )?;
    let name = password_policy::validate_full_name(raw_name).map_err(|e| {
        AppError::Form(
            FormError::one("full_name", FieldProblem::Name(e)).keep("full_name", kept(raw_name)),
        )
    })?;
    let Some(user) = store::user_by_id(&state.db, signed_in.user.id).await? else {
        return Err(AppError::NotFound);
    };
    let mut active: user::ActiveModel = user.into();
    active.full_name = Set(name.clone());
    active.updated_at = Set(caller.now);
    let txn = state.db.begin().await?;
    active.update(&txn).await?;
    let id = signed_in.user.id;
    // Their reports are found by the name the public sees.
    crate::server::search::reindex_reporter(&txn, id).await?;
    caller
        .audit(AuditAction::NameChanged, Some(id))
        .by(Some(id))
        .write(&txn, caller.now)
        .await?;
    txn.commit().await?;
    Ok(name)
}

pub struct PasswordChange {
    pub old_password: String,
    pub new_password: String,
    pub new_password_confirm: String,
}

/// Changes the password after checking the old one; ends every other session.
pub async fn change_password(
    state: &AppState,
    caller: &Caller,
    signed_in: &SignedIn,
    input: PasswordChange,
) -> Result<(), AppError> {
    may(
        &signed_in.user.subject(),
        Permission::ChangeOwnPassword,
        &Object::OwnAccount,
    )?;
    let me = &signed_in.user;
    let mut form = FormError::new();
    if input.old_password.is_empty() {
        form.add("old_password", FieldProblem::Required);
    } else if crate::account::longer_than(&input.old_password, password_policy::MAX_CHARS) {
        form.add("old_password", FieldProblem::WrongOldPassword);
    }
    check_new_password(
        &mut form,
        "new_password",
        "new_password_confirm",
        &input.new_password,
        &input.new_password_confirm,
        PasswordContext {
            phone: Some(&me.phone),
            full_name: Some(&me.full_name),
        },
    );
    if form.problem("new_password").is_none()
        && !input.old_password.is_empty()
        && input.old_password == input.new_password
    {
        form.add("new_password", FieldProblem::SameAsOld);
    }
    if !form.is_empty() {
        return Err(form.into());
    }
    // Guessing the old password from a stolen session counts against the login limit,
    // counted before the check like a login.
    let phone_key = format!("login:{}", me.phone);
    count(
        state,
        &phone_key,
        state.config.limits.login_per_phone,
        caller.now,
    )
    .await?;
    let Some(user) = store::user_by_id(&state.db, me.id).await? else {
        return Err(AppError::NotFound);
    };
    if !verify(state, input.old_password, user.password_hash.clone()).await? {
        return Err(FormError::one("old_password", FieldProblem::WrongOldPassword).into());
    }
    rate_limit::clear(&state.db, &phone_key).await?;
    let new_hash = hash(state, input.new_password).await?;
    store_password(
        state,
        caller,
        user,
        new_hash,
        Some(&signed_in.key),
        AuditAction::PasswordChanged,
    )
    .await
}

pub struct PasswordReset {
    pub phone: String,
    pub code: String,
    pub new_password: String,
    pub new_password_confirm: String,
}

/// Sets a new password with a reset code; ends every session of the account.
pub async fn reset_password(
    state: &AppState,
    caller: &Caller,
    input: PasswordReset,
) -> Result<(), AppError> {
    let mut form = FormError::new().keep("phone", kept(&input.phone));
    check_new_password(
        &mut form,
        "new_password",
        "new_password_confirm",
        &input.new_password,
        &input.new_password_confirm,
        PasswordContext {
            phone: Some(&input.phone),
            full_name: None,
        },
    );
    let user = redeem_code(
        state,
        caller,
        &input.phone,
        &input.code,
        CodePurpose::Reset,
        ACTIVE,
        form,
    )
    .await?;
    let new_hash = hash(state, input.new_password).await?;
    let phone_key = format!("login:{}", user.phone);
    store_password(
        state,
        caller,
        user,
        new_hash,
        None,
        AuditAction::PasswordReset,
    )
    .await?;
    rate_limit::clear(&state.db, &phone_key).await?;
    Ok(())
}

/// Statuses a user row may have.
pub fn is_status(s: &str) -> bool {
    matches!(s, PENDING | ACTIVE | DISABLED)
}
