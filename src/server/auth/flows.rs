//! The account flows. Each takes what the server function received (already a plain
//! value, never trusted), the state and the client's address, checks, stores, audits, and
//! answers either the outcome or an [`AppError`] whose message the user sees. Nothing here
//! knows about HTTP: cookies and redirects are the server functions' job.

use super::rate_limit::Limit;
use super::session::{self, SessionUser, SignedIn};
use super::sms::code_message;
use super::store::{self, Audit, CodePurpose, ACTIVE, DISABLED, PENDING};
use crate::account::audit::AuditAction;
use crate::account::form::{code_problem, FieldProblem, FormError};
use crate::account::otp::{self, OtpCheck, OtpState};
use crate::account::password_policy::{self, PasswordContext};
use crate::account::permission::{may, Object, Permission};
use crate::account::phone::{self, Phone};
use crate::api::AppError;
use crate::domain::lifecycle::Role;
use crate::server::entities::user;
use crate::server::password;
use crate::server::AppState;
use chrono::{DateTime, TimeDelta, Utc};
use rand::Rng;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, SqlErr, TransactionTrait};
use std::sync::OnceLock;
use std::time::Duration;

/// Who is calling and from where.
#[derive(Clone, Debug)]
pub struct Caller {
    pub ip: Option<String>,
    pub now: DateTime<Utc>,
}

impl Caller {
    pub fn new(ip: Option<String>) -> Caller {
        Caller {
            ip,
            now: Utc::now(),
        }
    }

    fn key(&self, what: &str) -> String {
        format!("{what}:ip:{}", self.ip.as_deref().unwrap_or("unknown"))
    }
}

fn limited(state: &AppState, key: &str, limit: Limit) -> Result<(), AppError> {
    state.limiter.hit(key, limit).map_err(AppError::RateLimited)
}

fn audit_of<'a>(
    caller: &'a Caller,
    actor: Option<i64>,
    action: AuditAction,
    user_id: Option<i64>,
) -> Audit<'a> {
    Audit {
        actor,
        action,
        object: user_id.map(|id| ("user", id.to_string())),
        ip: caller.ip.as_deref(),
        detail: None,
    }
}

async fn hash(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || password::hash_password(&password))
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "password hashing task failed");
            AppError::Internal
        })
}

async fn verify(password: String, hash: String) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || password::verify_password(&password, &hash))
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "password verification task failed");
            AppError::Internal
        })
}

/// A hash to verify against when the phone has no account, so that answering takes as
/// long either way and the time does not tell whether the number is registered.
fn dummy_hash() -> String {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY
        .get_or_init(|| password::hash_password("not-a-password-of-anyone"))
        .clone()
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

// ------------------------------------------------------------------ registration

pub struct Registration {
    pub phone: String,
    pub full_name: String,
    pub password: String,
    pub password_confirm: String,
}

/// Creates a pending citizen account and sends the activation code. Answers the number.
pub async fn register(
    state: &AppState,
    caller: &Caller,
    input: Registration,
) -> Result<Phone, AppError> {
    let mut form = FormError::new()
        .keep("phone", &input.phone)
        .keep("full_name", &input.full_name);
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
    limited(
        state,
        &caller.key("register"),
        state.config.limits.register_per_ip,
    )?;
    if store::user_by_phone(&state.db, phone.as_str())
        .await?
        .is_some()
    {
        return Err(form.with("phone", FieldProblem::PhoneTaken).into());
    }
    let hash = hash(input.password).await?;
    let txn = state.db.begin().await?;
    let inserted = user::ActiveModel {
        phone: Set(phone.as_str().to_string()),
        full_name: Set(name),
        password_hash: Set(hash),
        role: Set(Role::Citizen.as_str().to_string()),
        agency_id: Set(None),
        status: Set(PENDING.to_string()),
        created_at: Set(caller.now),
        updated_at: Set(caller.now),
        last_login_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let created = match inserted {
        Ok(u) => u,
        // Two registrations of one number at once: the unique index decides.
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(form.with("phone", FieldProblem::PhoneTaken).into());
        }
        Err(e) => return Err(e.into()),
    };
    store::audit(
        &txn,
        audit_of(
            caller,
            Some(created.id),
            AuditAction::Register,
            Some(created.id),
        ),
        caller.now,
    )
    .await?;
    txn.commit().await?;
    if let Err(e) = send_code(state, caller, &created, CodePurpose::Activate).await {
        // The account exists; the activation page offers "send a new code".
        tracing::warn!(user = created.id, error = ?e, "activation code not sent at registration");
    }
    Ok(phone)
}

// ------------------------------------------------------------------ one-time codes

/// Per-number limits kept in memory for every number, with or without an account, so the
/// answer to "send a code to X" never depends on whether X is registered.
const SEND_PER_PHONE_MINUTE: Limit = Limit {
    max: 1,
    window: Duration::from_secs(otp::RESEND_COOLDOWN_SECONDS as u64),
};
const SEND_PER_PHONE_DAY: Limit = Limit {
    max: otp::MAX_SENDS_PER_DAY,
    window: Duration::from_secs(24 * 3600),
};

fn new_code() -> String {
    format!("{:06}", rand::rng().random_range(0..1_000_000u32))
}

fn code_input(purpose: CodePurpose, user_id: i64, code: &str) -> String {
    format!("{}:{user_id}:{code}", purpose.as_str())
}

/// Issues and sends a new code, within the per-number rules stored with the code.
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
    let code = new_code();
    let issued = OtpState::issue(
        previous.as_ref().map(|(_, s)| s),
        state.secret.mac(&code_input(purpose, user.id, &code)),
        caller.now,
    );
    let row = previous.as_ref().map(|(id, _)| *id);
    store::save_code(&state.db, user.id, purpose, row, &issued).await?;
    let Ok(phone) = phone::normalize(&user.phone) else {
        tracing::error!(user = user.id, "stored phone number does not normalise");
        return Err(AppError::Internal);
    };
    if let Err(e) = state.sms.send(&phone, &code_message(purpose, &code)).await {
        tracing::error!(user = user.id, error = %e, "SMS not sent");
        // Put the previous code back, so the failed send costs no cooldown.
        match previous {
            Some((id, prev)) => {
                store::save_code(&state.db, user.id, purpose, Some(id), &prev).await?
            }
            None => {
                use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
                crate::server::entities::one_time_code::Entity::delete_many()
                    .filter(crate::server::entities::one_time_code::Column::UserId.eq(user.id))
                    .filter(
                        crate::server::entities::one_time_code::Column::Purpose
                            .eq(purpose.as_str()),
                    )
                    .exec(&state.db)
                    .await?;
            }
        }
        return Err(AppError::Unavailable);
    }
    let mut entry = audit_of(caller, None, AuditAction::CodeSent, Some(user.id));
    entry.detail = Some(purpose.as_str().to_string());
    store::audit(&state.db, entry, caller.now).await?;
    Ok(())
}

/// "Send me a code": activation for a pending account, reset for an active one. Answers
/// the same whether or not the number has such an account.
pub async fn request_code(
    state: &AppState,
    caller: &Caller,
    raw_phone: &str,
    purpose: CodePurpose,
) -> Result<Phone, AppError> {
    let mut form = FormError::new().keep("phone", raw_phone);
    let Some(phone) = parse_phone(raw_phone, &mut form) else {
        return Err(form.into());
    };
    limited(state, &caller.key("send"), state.config.limits.send_per_ip)?;
    let key = format!("send:{}", phone.as_str());
    let wait = |s: u64| {
        FormError::one(
            "phone",
            FieldProblem::Resend(otp::ResendRefusal::Wait {
                wait_seconds: s as i64,
            }),
        )
        .keep("phone", raw_phone)
    };
    state
        .limiter
        .check(&format!("{key}:day"), SEND_PER_PHONE_DAY)
        .map_err(|s| {
            AppError::Form(
                FormError::one(
                    "phone",
                    FieldProblem::Resend(otp::ResendRefusal::DailyLimit {
                        wait_seconds: s as i64,
                    }),
                )
                .keep("phone", raw_phone),
            )
        })?;
    state
        .limiter
        .hit(&format!("{key}:minute"), SEND_PER_PHONE_MINUTE)
        .map_err(|s| AppError::Form(wait(s)))?;
    let _ = state.limiter.hit(&format!("{key}:day"), SEND_PER_PHONE_DAY);
    let wanted = match purpose {
        CodePurpose::Activate => PENDING,
        CodePurpose::Reset => ACTIVE,
    };
    if let Some(user) = store::user_by_phone(&state.db, phone.as_str()).await? {
        if user.status == wanted {
            match send_code(state, caller, &user, purpose).await {
                Ok(()) => {}
                // Per-number refusals from the stored code are answered like the memory ones.
                Err(AppError::Form(f)) => return Err(AppError::Form(f.keep("phone", raw_phone))),
                Err(e) => return Err(e),
            }
        }
    }
    Ok(phone)
}

/// Checks a submitted code for a user in `status`; on success the code is spent.
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
    limited(state, &caller.key("code"), state.config.limits.code_per_ip)?;
    let no_code = || AppError::Form(form.clone().with("code", FieldProblem::NoCode));
    let Some(user) = store::user_by_phone(&state.db, phone.as_str()).await? else {
        return Err(no_code());
    };
    if user.status != status {
        return Err(no_code());
    }
    let Some((row, stored)) = store::code_of(&state.db, user.id, purpose).await? else {
        return Err(no_code());
    };
    let code = otp::parse_code(code).unwrap_or_default();
    let matches = state
        .secret
        .verify(&code_input(purpose, user.id, &code), &stored.code_hash);
    let refused = |c: OtpCheck| AppError::Form(form.clone().with("code", FieldProblem::Code(c)));
    match otp::check(&stored, matches, caller.now) {
        OtpCheck::Ok => {
            if store::use_code(&state.db, row).await? {
                Ok(user)
            } else {
                Err(refused(OtpCheck::AlreadyUsed))
            }
        }
        wrong @ OtpCheck::Wrong { .. } => {
            if store::spend_try(&state.db, row).await? {
                Err(refused(wrong))
            } else {
                Err(refused(OtpCheck::TooManyTries))
            }
        }
        other => Err(refused(other)),
    }
}

/// Activates a pending account with its code.
pub async fn activate(
    state: &AppState,
    caller: &Caller,
    raw_phone: &str,
    code: &str,
) -> Result<(), AppError> {
    let form = FormError::new().keep("phone", raw_phone);
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
    set_status(state, user.clone(), ACTIVE, caller.now).await?;
    store::audit(
        &state.db,
        audit_of(caller, Some(user.id), AuditAction::Activate, Some(user.id)),
        caller.now,
    )
    .await?;
    Ok(())
}

async fn set_status(
    state: &AppState,
    user: user::Model,
    status: &str,
    now: DateTime<Utc>,
) -> Result<user::Model, AppError> {
    let mut active: user::ActiveModel = user.into();
    active.status = Set(status.to_string());
    active.updated_at = Set(now);
    Ok(active.update(&state.db).await?)
}

// ------------------------------------------------------------------ login and logout

/// A new session: the cookie token and how long the cookie may live.
pub struct LoggedIn {
    pub token: String,
    pub max_age: TimeDelta,
    pub user: SessionUser,
}

pub async fn login(
    state: &AppState,
    caller: &Caller,
    raw_phone: &str,
    password: &str,
) -> Result<LoggedIn, AppError> {
    let mut form = FormError::new().keep("phone", raw_phone);
    let phone = parse_phone(raw_phone, &mut form);
    if password.is_empty() {
        form.add("password", FieldProblem::Required);
    }
    let (Some(phone), true) = (phone, form.is_empty()) else {
        return Err(form.into());
    };
    let limits = state.config.limits;
    limited(state, &caller.key("login"), limits.login_per_ip)?;
    let phone_key = format!("login:{}", phone.as_str());
    state
        .limiter
        .check(&phone_key, limits.login_per_phone)
        .map_err(AppError::RateLimited)?;
    let found = store::user_by_phone(&state.db, phone.as_str()).await?;
    let stored_hash = found
        .as_ref()
        .map(|u| u.password_hash.clone())
        .unwrap_or_else(dummy_hash);
    let ok = verify(password.to_string(), stored_hash.clone()).await? && found.is_some();
    let Some(user) = found.filter(|_| ok) else {
        let _ = state.limiter.hit(&phone_key, limits.login_per_phone);
        let mut entry = audit_of(caller, None, AuditAction::LoginFailed, None);
        entry.detail = Some(format!("phone {}", phone.masked()));
        store::audit(&state.db, entry, caller.now).await?;
        return Err(form.with("password", FieldProblem::WrongCredentials).into());
    };
    let refusal = match user.status.as_str() {
        ACTIVE => None,
        PENDING => Some(FieldProblem::NotActivated),
        _ => Some(FieldProblem::Disabled),
    };
    if let Some(problem) = refusal {
        let mut entry = audit_of(
            caller,
            Some(user.id),
            AuditAction::LoginFailed,
            Some(user.id),
        );
        entry.detail = Some(user.status.clone());
        store::audit(&state.db, entry, caller.now).await?;
        return Err(form.with("phone", problem).into());
    }
    state.limiter.clear(&phone_key);
    let mut active: user::ActiveModel = user.clone().into();
    if password::needs_rehash(&stored_hash) {
        active.password_hash = Set(hash(password.to_string()).await?);
    }
    active.last_login_at = Set(Some(caller.now));
    let user = active.update(&state.db).await?;
    let session_user = SessionUser::from_model(&user);
    let (token, max_age) =
        session::create(&state.db, &session_user, &state.config.sessions, caller.now).await?;
    store::audit(
        &state.db,
        audit_of(
            caller,
            Some(user.id),
            AuditAction::LoginSucceeded,
            Some(user.id),
        ),
        caller.now,
    )
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
    store::audit(
        &state.db,
        audit_of(caller, Some(id), AuditAction::Logout, Some(id)),
        caller.now,
    )
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
    store::audit(
        &state.db,
        audit_of(caller, Some(id), AuditAction::LogoutEverywhere, Some(id)),
        caller.now,
    )
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
            FormError::one("full_name", FieldProblem::Name(e)).keep("full_name", raw_name),
        )
    })?;
    let Some(user) = store::user_by_id(&state.db, signed_in.user.id).await? else {
        return Err(AppError::NotFound);
    };
    let mut active: user::ActiveModel = user.into();
    active.full_name = Set(name.clone());
    active.updated_at = Set(caller.now);
    active.update(&state.db).await?;
    let id = signed_in.user.id;
    store::audit(
        &state.db,
        audit_of(caller, Some(id), AuditAction::NameChanged, Some(id)),
        caller.now,
    )
    .await?;
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
    // Guessing the old password from a stolen session counts against the login limit.
    let phone_key = format!("login:{}", me.phone);
    state
        .limiter
        .check(&phone_key, state.config.limits.login_per_phone)
        .map_err(AppError::RateLimited)?;
    let Some(user) = store::user_by_id(&state.db, me.id).await? else {
        return Err(AppError::NotFound);
    };
    if !verify(input.old_password, user.password_hash.clone()).await? {
        let _ = state
            .limiter
            .hit(&phone_key, state.config.limits.login_per_phone);
        return Err(FormError::one("old_password", FieldProblem::WrongOldPassword).into());
    }
    let new_hash = hash(input.new_password).await?;
    let txn = state.db.begin().await?;
    let mut active: user::ActiveModel = user.into();
    active.password_hash = Set(new_hash);
    active.updated_at = Set(caller.now);
    active.update(&txn).await?;
    session::delete_all_of(&txn, me.id, Some(&signed_in.key)).await?;
    store::audit(
        &txn,
        audit_of(
            caller,
            Some(me.id),
            AuditAction::PasswordChanged,
            Some(me.id),
        ),
        caller.now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
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
    let mut form = FormError::new().keep("phone", &input.phone);
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
    let new_hash = hash(input.new_password).await?;
    let id = user.id;
    let phone_key = format!("login:{}", user.phone);
    let txn = state.db.begin().await?;
    let mut active: user::ActiveModel = user.into();
    active.password_hash = Set(new_hash);
    active.updated_at = Set(caller.now);
    active.update(&txn).await?;
    session::delete_all_of(&txn, id, None).await?;
    store::audit(
        &txn,
        audit_of(caller, Some(id), AuditAction::PasswordReset, Some(id)),
        caller.now,
    )
    .await?;
    txn.commit().await?;
    state.limiter.clear(&phone_key);
    Ok(())
}

/// Statuses a user row may have.
pub fn is_status(s: &str) -> bool {
    matches!(s, PENDING | ACTIVE | DISABLED)
}
