#![cfg(feature = "ssr")]
//! The account flows on SQLite and PostgreSQL: every flow and its failures, as the server
//! functions call them (cookies, redirects and statuses are covered in `accounts_http.rs`).

use chrono::{TimeDelta, Utc};
use paht::account::audit::AuditAction;
use paht::account::form::FieldProblem;
use paht::account::otp::ResendRefusal;
use paht::account::permission::{Denied, Subject};
use paht::api::admin::{AuditFilter, UserFilter};
use paht::api::AppError;
use paht::server::auth::flows::{self, Caller, PasswordChange, PasswordReset, Registration};
use paht::server::auth::store::CodePurpose;
use paht::server::auth::{admin, session, SessionUser, SignedIn};
use paht::server::entities::{audit_log, one_time_code, session as session_row, user};
use paht::server::seed::{seed_demo, SeedOptions, DEMO_PASSWORD};
use paht::server::{testing, AppState};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter,
};

const PASSWORD: &str = "Song-Hieu#2026";
const NEW_PASSWORD: &str = "Cua-Viet!2027x";

fn caller() -> Caller {
    Caller::new(Some("203.0.113.7".into()))
}

fn problem(e: &AppError, field: &str) -> Option<FieldProblem> {
    match e {
        AppError::Form(f) => f.problem(field),
        _ => None,
    }
}

async fn seeded(db: &DatabaseConnection) {
    let opts = SeedOptions {
        reports: 0,
        rng_seed: 1,
        now: Utc::now(),
    };
    seed_demo(db, &opts).await.expect("seed");
}

fn registration(phone: &str) -> Registration {
    Registration {
        phone: phone.into(),
        full_name: "Lê Thị Hoa".into(),
        password: PASSWORD.into(),
        password_confirm: PASSWORD.into(),
    }
}

async fn user_by_phone(db: &DatabaseConnection, phone: &str) -> user::Model {
    user::Entity::find()
        .filter(user::Column::Phone.eq(phone))
        .one(db)
        .await
        .unwrap()
        .expect("user")
}

/// The tries spent on the (only) code row.
async fn tries(db: &DatabaseConnection) -> i32 {
    one_time_code::Entity::find()
        .one(db)
        .await
        .unwrap()
        .expect("a code row")
        .tries
}

async fn audit_count(db: &DatabaseConnection, action: AuditAction) -> u64 {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(action.as_str()))
        .count(db)
        .await
        .unwrap()
}

/// Registers and activates `phone`; answers the logged-in session.
async fn active_citizen(
    state: &AppState,
    sms: &paht::server::auth::sms::DevSms,
    phone: &str,
) -> SignedIn {
    flows::register(state, &caller(), registration(phone))
        .await
        .expect("register");
    let normal = paht::account::phone::normalize(phone).unwrap();
    state.sms.idle().await;
    let code = sms.last_code(normal.as_str()).expect("code sent");
    flows::activate(state, &caller(), phone, &code)
        .await
        .expect("activate");
    sign_in(state, phone, PASSWORD).await
}

async fn sign_in(state: &AppState, phone: &str, password: &str) -> SignedIn {
    let done = flows::login(state, &caller(), phone, password)
        .await
        .expect("login");
    session::load(&state.db, &done.token, &state.config.sessions, Utc::now())
        .await
        .unwrap()
        .expect("session valid")
}

#[tokio::test]
async fn register_activate_and_log_in() {
    testing::both(|db| async move {
        let (state, sms) = testing::app_state(db.clone());
        let phone = flows::register(&state, &caller(), registration("0912 345 678"))
            .await
            .unwrap();
        assert_eq!(phone.as_str(), "+84912345678");
        let u = user_by_phone(&db, "+84912345678").await;
        assert_eq!((u.status.as_str(), u.role.as_str()), ("pending", "citizen"));
        assert!(u
            .password_hash
            .starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        state.sms.idle().await;
        let code = sms.last_code("+84912345678").expect("an SMS with the code");
        let stored = one_time_code::Entity::find()
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert!(!stored.code_hash.contains(&code), "only an HMAC is stored");

        // Not activated yet: the right password says so, nothing else does.
        let e = flows::login(&state, &caller(), "0912345678", PASSWORD)
            .await
            .err()
            .unwrap();
        assert_eq!(problem(&e, "phone"), Some(FieldProblem::NotActivated));

        let wrong = if code == "000000" { "111111" } else { "000000" };
        let e = flows::activate(&state, &caller(), "+84 912 345 678", wrong)
            .await
            .err()
            .unwrap();
        assert_eq!(problem(&e, "code"), Some(FieldProblem::CodeRefused));
        let e = flows::activate(&state, &caller(), "0912345678", "12ab")
            .await
            .err()
            .unwrap();
        assert_eq!(problem(&e, "code"), Some(FieldProblem::MalformedCode));

        flows::activate(&state, &caller(), "84-912-345-678", &code)
            .await
            .unwrap();
        assert_eq!(user_by_phone(&db, "+84912345678").await.status, "active");
        // The code works once (and then the account is no longer pending either).
        let e = flows::activate(&state, &caller(), "0912345678", &code)
            .await
            .err()
            .unwrap();
        assert_eq!(problem(&e, "code"), Some(FieldProblem::CodeRefused));

        let signed = sign_in(&state, "0912 345 678", PASSWORD).await;
        assert_eq!(signed.user.full_name, "Lê Thị Hoa");
        assert!(user_by_phone(&db, "+84912345678")
            .await
            .last_login_at
            .is_some());
        for action in [
            AuditAction::Register,
            AuditAction::CodeSent,
            AuditAction::Activate,
            AuditAction::LoginSucceeded,
            AuditAction::LoginFailed,
        ] {
            assert!(audit_count(&db, action).await >= 1, "{action:?} audited");
        }
        let row = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("login"))
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.ip.as_deref(), Some("203.0.113.7"));
        assert_eq!(row.actor_id, Some(signed.user.id));
    })
    .await;
}

#[tokio::test]
async fn bad_registrations_are_refused_and_store_nothing() {
    testing::both(|db| async move {
        let (state, sms) = testing::app_state(db.clone());
        // An activated number is taken (a pending one may be registered again: see
        // tests/hardening.rs).
        active_citizen(&state, &sms, "0912345678").await;
        let users = user::Entity::find().count(&db).await.unwrap();

        let e = flows::register(&state, &caller(), registration("+84912345678"))
            .await
            .err()
            .unwrap();
        assert_eq!(problem(&e, "phone"), Some(FieldProblem::PhoneTaken));
        match &e {
            AppError::Form(f) => assert_eq!(
                f.value("full_name"),
                Some("Lê Thị Hoa"),
                "typed values come back"
            ),
            other => panic!("{other:?}"),
        }

        let mut weak = registration("0987654321");
        weak.password = "password".into();
        weak.password_confirm = "password".into();
        let e = flows::register(&state, &caller(), weak)
            .await
            .err()
            .unwrap();
        assert!(matches!(
            problem(&e, "password"),
            Some(FieldProblem::Password(_))
        ));

        let mut differs = registration("0987654321");
        differs.password_confirm = "Song-Hieu#2025".into();
        let e = flows::register(&state, &caller(), differs)
            .await
            .err()
            .unwrap();
        assert_eq!(
            problem(&e, "password_confirm"),
            Some(FieldProblem::ConfirmationDiffers)
        );

        let e = flows::register(&state, &caller(), registration("024 3825 1234"))
            .await
            .err()
            .unwrap();
        assert!(matches!(problem(&e, "phone"), Some(FieldProblem::Phone(_))));

        let mut nameless = registration("0987654321");
        nameless.full_name = "  ".into();
        let e = flows::register(&state, &caller(), nameless)
            .await
            .err()
            .unwrap();
        assert!(matches!(
            problem(&e, "full_name"),
            Some(FieldProblem::Name(_))
        ));

        assert_eq!(
            user::Entity::find().count(&db).await.unwrap(),
            users,
            "nothing stored"
        );
        state.sms.idle().await;
        assert!(
            sms.sent_to("+84987654321").is_empty(),
            "no SMS for refused forms"
        );
    })
    .await;
}

#[tokio::test]
async fn codes_expire_run_out_of_tries_and_resend_with_a_cooldown() {
    testing::both(|db| async move {
        let (state, sms) = testing::app_state(db.clone());
        flows::register(&state, &caller(), registration("0912345678"))
            .await
            .unwrap();
        state.sms.idle().await;
        let code = sms.last_code("+84912345678").unwrap();

        // Resending at once is refused with the wait.
        let e = flows::request_code(&state, &caller(), "0912345678", CodePurpose::Activate)
            .await
            .err()
            .unwrap();
        assert!(matches!(
            problem(&e, "phone"),
            Some(FieldProblem::Resend(ResendRefusal::Wait { .. }))
        ));

        // Expired: the code was sent 11 minutes ago.
        let row = one_time_code::Entity::find()
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        let mut old: one_time_code::ActiveModel = row.clone().into();
        old.sent_at = Set(Utc::now() - TimeDelta::minutes(11));
        old.update(&db).await.unwrap();
        let e = flows::activate(&state, &caller(), "0912345678", &code)
            .await
            .err()
            .unwrap();
        // Expired, wrong, used up or never sent: one answer (it must not tell who has an
        // account); the stored tries say what happened.
        assert_eq!(problem(&e, "code"), Some(FieldProblem::CodeRefused));
        assert_eq!(tries(&db).await, 0, "an expired code costs no try");

        // Fresh again, then five wrong tries: even the right code is refused afterwards.
        let mut fresh: one_time_code::ActiveModel = row.into();
        fresh.sent_at = Set(Utc::now());
        fresh.update(&db).await.unwrap();
        let wrong = if code == "000000" { "111111" } else { "000000" };
        for spent in 1..=5 {
            let e = flows::activate(&state, &caller(), "0912345678", wrong)
                .await
                .err()
                .unwrap();
            assert_eq!(problem(&e, "code"), Some(FieldProblem::CodeRefused));
            assert_eq!(tries(&db).await, spent);
        }
        let e = flows::activate(&state, &caller(), "0912345678", &code)
            .await
            .err()
            .unwrap();
        assert_eq!(problem(&e, "code"), Some(FieldProblem::CodeRefused));
        assert_eq!(tries(&db).await, 5, "no try past the fifth");
        assert_eq!(user_by_phone(&db, "+84912345678").await.status, "pending");

        // A number without an account gets the same answer as one with an account.
        flows::request_code(&state, &caller(), "0987654321", CodePurpose::Activate)
            .await
            .unwrap();
        state.sms.idle().await;
        assert!(sms.sent_to("+84987654321").is_empty());
        // ...and the same cooldown as a registered number.
        let e = flows::request_code(&state, &caller(), "0987654321", CodePurpose::Reset)
            .await
            .expect_err("a second request within a minute waits");
        assert!(matches!(
            problem(&e, "phone"),
            Some(FieldProblem::Resend(ResendRefusal::Wait { .. }))
        ));
    })
    .await;
}

#[tokio::test]
async fn failed_logins_say_the_same_and_are_rate_limited() {
    testing::both(|db| async move {
        let (state, sms) = testing::app_state(db.clone());
        active_citizen(&state, &sms, "0912345678").await;
        let e = flows::login(&state, &caller(), "0912345678", "Wrong#Pass2026")
            .await
            .err()
            .unwrap();
        assert_eq!(
            problem(&e, "password"),
            Some(FieldProblem::WrongCredentials)
        );
        let e2 = flows::login(&state, &caller(), "0987654321", "Wrong#Pass2026")
            .await
            .err()
            .unwrap();
        assert_eq!(
            e.message(paht::i18n::Lang::Vi),
            e2.message(paht::i18n::Lang::Vi),
            "unknown numbers read the same"
        );
        for _ in 0..4 {
            let _ = flows::login(&state, &caller(), "0912345678", "Wrong#Pass2026").await;
        }
        // Five failures: even the right password waits now, and unknown numbers too.
        let e = flows::login(&state, &caller(), "0912345678", PASSWORD)
            .await
            .err()
            .unwrap();
        assert!(
            matches!(e, AppError::RateLimited(s) if s > 0 && s <= 900),
            "{e:?}"
        );
        assert_eq!(e.status_code(), 429);
        for _ in 0..4 {
            let _ = flows::login(&state, &caller(), "0987654321", "Wrong#Pass2026").await;
        }
        assert!(matches!(
            flows::login(&state, &caller(), "0987654321", PASSWORD).await,
            Err(AppError::RateLimited(_))
        ));
        assert!(audit_count(&db, AuditAction::LoginFailed).await >= 9);

        // Per IP: a lower limit, many numbers. The counters live in the database, shared by
        // every instance; let the earlier windows end first.
        paht::server::auth::rate_limit::sweep(&db, Utc::now() + TimeDelta::hours(1))
            .await
            .unwrap();
        let (state, _) = testing::app_state_with(db.clone(), |c| {
            c.limits.login_per_ip = paht::server::auth::rate_limit::Limit::per_minutes(3, 15)
        });
        for i in 0..3 {
            let _ = flows::login(
                &state,
                &caller(),
                &format!("091234500{i}"),
                "Wrong#Pass2026",
            )
            .await;
        }
        assert!(matches!(
            flows::login(&state, &caller(), "0912345678", PASSWORD).await,
            Err(AppError::RateLimited(_))
        ));
        let other_ip = Caller::new(Some("198.51.100.1".into()));
        assert!(flows::login(&state, &other_ip, "0912345678", PASSWORD)
            .await
            .is_ok());
    })
    .await;
}

#[tokio::test]
async fn changing_the_password_checks_the_old_one_and_ends_other_sessions() {
    testing::both(|db| async move {
        let (state, sms) = testing::app_state(db.clone());
        let here = active_citizen(&state, &sms, "0912345678").await;
        let elsewhere = sign_in(&state, "0912345678", PASSWORD).await;
        let change = |old: &str, new: &str, confirm: &str| PasswordChange {
            old_password: old.into(),
            new_password: new.into(),
            new_password_confirm: confirm.into(),
        };
        let e = flows::change_password(
            &state,
            &caller(),
            &here,
            change("Wrong#Pass2026", NEW_PASSWORD, NEW_PASSWORD),
        )
        .await
        .err()
        .unwrap();
        assert_eq!(
            problem(&e, "old_password"),
            Some(FieldProblem::WrongOldPassword)
        );
        let e = flows::change_password(
            &state,
            &caller(),
            &here,
            change(PASSWORD, NEW_PASSWORD, "Cua-Viet!2027y"),
        )
        .await
        .err()
        .unwrap();
        assert_eq!(
            problem(&e, "new_password_confirm"),
            Some(FieldProblem::ConfirmationDiffers)
        );
        let e = flows::change_password(
            &state,
            &caller(),
            &here,
            change(PASSWORD, PASSWORD, PASSWORD),
        )
        .await
        .err()
        .unwrap();
        assert_eq!(problem(&e, "new_password"), Some(FieldProblem::SameAsOld));

        flows::change_password(
            &state,
            &caller(),
            &here,
            change(PASSWORD, NEW_PASSWORD, NEW_PASSWORD),
        )
        .await
        .unwrap();
        let sessions: Vec<String> = session_row::Entity::find()
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.id)
            .collect();
        assert_eq!(
            sessions,
            vec![here.key.clone()],
            "this session stays, the other one ended"
        );
        assert_ne!(here.key, elsewhere.key);
        assert!(flows::login(&state, &caller(), "0912345678", PASSWORD)
            .await
            .is_err());
        sign_in(&state, "0912345678", NEW_PASSWORD).await;
        assert_eq!(audit_count(&db, AuditAction::PasswordChanged).await, 1);
    })
    .await;
}

#[tokio::test]
async fn a_forgotten_password_is_reset_by_code_and_every_session_ends() {
    testing::both(|db| async move {
        let (state, sms) = testing::app_state(db.clone());
        active_citizen(&state, &sms, "0912345678").await;
        state.sms.idle().await;
        let before = sms.sent_to("+84912345678").len();
        flows::request_code(&state, &caller(), "0912 345 678", CodePurpose::Reset)
            .await
            .unwrap();
        state.sms.idle().await;
        assert_eq!(sms.sent_to("+84912345678").len(), before + 1);
        let code = sms.last_code("+84912345678").unwrap();
        let reset = |code: &str, p: &str| PasswordReset {
            phone: "0912345678".into(),
            code: code.into(),
            new_password: p.into(),
            new_password_confirm: p.into(),
        };
        let e = flows::reset_password(&state, &caller(), reset(&code, "short"))
            .await
            .err()
            .unwrap();
        assert!(matches!(
            problem(&e, "new_password"),
            Some(FieldProblem::Password(_))
        ));
        let wrong = if code == "000000" { "111111" } else { "000000" };
        let e = flows::reset_password(&state, &caller(), reset(wrong, NEW_PASSWORD))
            .await
            .err()
            .unwrap();
        assert_eq!(problem(&e, "code"), Some(FieldProblem::CodeRefused));
        flows::reset_password(&state, &caller(), reset(&code, NEW_PASSWORD))
            .await
            .unwrap();
        assert_eq!(
            session_row::Entity::find().count(&db).await.unwrap(),
            0,
            "every session ended"
        );
        sign_in(&state, "0912345678", NEW_PASSWORD).await;
        assert_eq!(audit_count(&db, AuditAction::PasswordReset).await, 1);
    })
    .await;
}

#[tokio::test]
async fn sessions_expire_end_on_logout_and_when_disabled() {
    testing::both(|db| async move {
        seeded(&db).await;
        let (state, sms) = testing::app_state(db.clone());
        let me = active_citizen(&state, &sms, "0912345678").await;
        // Expired: idle for longer than the policy allows.
        let done = flows::login(&state, &caller(), "0912345678", PASSWORD)
            .await
            .unwrap();
        let later = Utc::now() + TimeDelta::days(4);
        assert!(
            session::load(&db, &done.token, &state.config.sessions, later)
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            session::load(&db, &done.token, &state.config.sessions, Utc::now())
                .await
                .unwrap()
                .is_none(),
            "deleted"
        );

        // Staff sessions end after 30 idle minutes.
        let operator = sign_in(&state, "+84900000002", DEMO_PASSWORD).await;
        let row = session_row::Entity::find_by_id(operator.key.clone())
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert!(row.expires_at <= Utc::now() + TimeDelta::minutes(31));

        flows::logout(&state, &caller(), &me).await.unwrap();
        assert!(session_row::Entity::find_by_id(me.key.clone())
            .one(&db)
            .await
            .unwrap()
            .is_none());

        let a = sign_in(&state, "0912345678", PASSWORD).await;
        let _b = sign_in(&state, "0912345678", PASSWORD).await;
        assert_eq!(
            flows::logout_everywhere(&state, &caller(), &a)
                .await
                .unwrap(),
            2
        );

        // Disabled by an admin: sessions end, login says so.
        let c = sign_in(&state, "0912345678", PASSWORD).await;
        let admin_user = sign_in(&state, "+84900000001", DEMO_PASSWORD).await;
        admin::set_disabled(
            &state,
            &caller(),
            &admin_user.user.subject(),
            c.user.id,
            true,
        )
        .await
        .unwrap();
        let tokenless = session_row::Entity::find()
            .filter(session_row::Column::UserId.eq(c.user.id))
            .count(&db)
            .await
            .unwrap();
        assert_eq!(tokenless, 0);
        let e = flows::login(&state, &caller(), "0912345678", PASSWORD)
            .await
            .err()
            .unwrap();
        assert_eq!(problem(&e, "phone"), Some(FieldProblem::Disabled));
        admin::set_disabled(
            &state,
            &caller(),
            &admin_user.user.subject(),
            c.user.id,
            false,
        )
        .await
        .unwrap();
        sign_in(&state, "0912345678", PASSWORD).await;
    })
    .await;
}

#[tokio::test]
async fn weaker_hashes_are_upgraded_at_login() {
    testing::both(|db| async move {
        let (state, sms) = testing::app_state(db.clone());
        active_citizen(&state, &sms, "0912345678").await;
        use argon2::password_hash::PasswordHasher;
        let weak = argon2::Argon2::new(
            argon2::Algorithm::Argon2id,
            argon2::Version::V0x13,
            argon2::Params::new(4096, 1, 1, None).unwrap(),
        )
        .hash_password(PASSWORD.as_bytes())
        .unwrap()
        .to_string();
        let u = user_by_phone(&db, "+84912345678").await;
        let mut m: user::ActiveModel = u.into();
        m.password_hash = Set(weak.clone());
        m.update(&db).await.unwrap();
        sign_in(&state, "0912345678", PASSWORD).await;
        let now = user_by_phone(&db, "+84912345678").await.password_hash;
        assert_ne!(now, weak);
        assert!(now.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        sign_in(&state, "0912345678", PASSWORD).await;
    })
    .await;
}

#[tokio::test]
async fn admins_change_roles_activate_and_read_the_audit_log() {
    testing::both(|db| async move {
        seeded(&db).await;
        let (state, sms) = testing::app_state(db.clone());
        let admin_user = sign_in(&state, "+84900000001", DEMO_PASSWORD).await;
        let boss: Subject = admin_user.user.subject();
        flows::register(&state, &caller(), registration("0912345678"))
            .await
            .unwrap();
        let pending = user_by_phone(&db, "+84912345678").await;

        let page = admin::list_users(
            &state,
            &boss,
            &UserFilter {
                status: Some("pending".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(
            page.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
            vec![pending.id]
        );
        let page = admin::list_users(
            &state,
            &boss,
            &UserFilter {
                q: Some("0912 345 678".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(page.total, 1);
        let page = admin::list_users(
            &state,
            &boss,
            &UserFilter {
                q: Some("Thị Hoa".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert!(page.rows.iter().any(|r| r.id == pending.id));
        assert!(page.rows.iter().all(|r| r.full_name.contains("Thị Hoa")));

        admin::activate(&state, &caller(), &boss, pending.id)
            .await
            .unwrap();
        assert_eq!(user_by_phone(&db, "+84912345678").await.status, "active");
        let citizen = sign_in(&state, "0912345678", PASSWORD).await;
        state.sms.idle().await;
        assert!(sms.last_code("+84912345678").is_some());

        let agency = page.agencies.first().expect("agencies").0;
        let e = admin::set_role(&state, &caller(), &boss, pending.id, "officer", None)
            .await
            .err()
            .unwrap();
        assert_eq!(problem(&e, "agency_id"), Some(FieldProblem::AgencyRequired));
        let e = admin::set_role(&state, &caller(), &boss, pending.id, "king", None)
            .await
            .err()
            .unwrap();
        assert_eq!(problem(&e, "role"), Some(FieldProblem::UnknownRole));
        let e = admin::set_role(
            &state,
            &caller(),
            &boss,
            pending.id,
            "officer",
            Some("999999"),
        )
        .await
        .err()
        .unwrap();
        assert_eq!(problem(&e, "agency_id"), Some(FieldProblem::UnknownAgency));
        admin::set_role(
            &state,
            &caller(),
            &boss,
            pending.id,
            "officer",
            Some(&agency.to_string()),
        )
        .await
        .unwrap();
        let changed = user_by_phone(&db, "+84912345678").await;
        assert_eq!(
            (changed.role.as_str(), changed.agency_id),
            ("officer", Some(agency))
        );
        assert!(session::load(&db, "x", &state.config.sessions, Utc::now())
            .await
            .unwrap()
            .is_none());
        assert!(
            session_row::Entity::find_by_id(citizen.key)
                .one(&db)
                .await
                .unwrap()
                .is_none(),
            "role change ends sessions"
        );

        // Not on oneself, and not for anyone else.
        let e = admin::set_role(
            &state,
            &caller(),
            &boss,
            admin_user.user.id,
            "citizen",
            None,
        )
        .await
        .err()
        .unwrap();
        assert_eq!(e, AppError::Denied(Denied::NotOnSelf));
        let e = admin::set_disabled(&state, &caller(), &boss, admin_user.user.id, true)
            .await
            .err()
            .unwrap();
        assert_eq!(e, AppError::Denied(Denied::NotOnSelf));
        let officer = sign_in(&state, "0912345678", PASSWORD).await;
        let e = admin::list_users(&state, &officer.user.subject(), &UserFilter::default())
            .await
            .err()
            .unwrap();
        assert_eq!(e, AppError::Denied(Denied::WrongRole));
        let e = admin::list_audit(&state, &Subject::ANONYMOUS, &AuditFilter::default())
            .await
            .err()
            .unwrap();
        assert_eq!(e, AppError::Denied(Denied::NotLoggedIn));

        let log = admin::list_audit(
            &state,
            &boss,
            &AuditFilter {
                action: Some("role_changed".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(log.rows.len(), 1);
        assert_eq!(log.rows[0].actor_id, Some(admin_user.user.id));
        assert_eq!(
            log.rows[0].object.as_deref(),
            Some(format!("user #{}", pending.id).as_str())
        );
        let mine = admin::list_audit(
            &state,
            &boss,
            &AuditFilter {
                actor: Some(admin_user.user.id.to_string()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert!(mine
            .rows
            .iter()
            .all(|r| r.actor_id == Some(admin_user.user.id)));
        let today = Utc::now().date_naive().to_string();
        let tomorrow = (Utc::now() + TimeDelta::days(1)).date_naive().to_string();
        assert!(!admin::list_audit(
            &state,
            &boss,
            &AuditFilter {
                from: Some(today.clone()),
                to: Some(today),
                ..Default::default()
            }
        )
        .await
        .unwrap()
        .rows
        .is_empty());
        assert!(admin::list_audit(
            &state,
            &boss,
            &AuditFilter {
                from: Some(tomorrow),
                ..Default::default()
            }
        )
        .await
        .unwrap()
        .rows
        .is_empty());
        assert!(matches!(
            admin::list_audit(
                &state,
                &boss,
                &AuditFilter {
                    from: Some("yesterday".into()),
                    ..Default::default()
                }
            )
            .await,
            Err(AppError::BadRequest(_))
        ));
        let _ = SessionUser::from_model;
    })
    .await;
}
