#![cfg(feature = "ssr")]
//! The accounts hardening review, item by item, on SQLite and PostgreSQL: hostile sizes,
//! bounded hashing, counters shared by instances and counted before the work, SMS
//! pumping, codes under concurrency, enumeration, redirects, admin edge cases, caching,
//! and every server function's answer to input that does not decode.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::{TimeDelta, Utc};
use futures::future::join_all;
use paht::account::form::FieldProblem;
use paht::api::AppError;
use paht::domain::lifecycle::Role;
use paht::server::auth::flows::{self, Caller, PasswordChange, Registration};
use paht::server::auth::rate_limit::{self, Limit};
use paht::server::auth::sms::{DevSms, SendFuture, SmsSender};
use paht::server::auth::store::{self, CodePurpose};
use paht::server::auth::{admin, session, SessionUser};
use paht::server::entities::{one_time_code, report, user};
use paht::server::password::HashPool;
use paht::server::seed::{self, seed_demo, SeedOptions};
use paht::server::{testing, AppState};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter,
};
use std::sync::Arc;
use std::time::Duration;
use testing::{form_post, run, send};

const PASSWORD: &str = "Song-Hieu#2026";

async fn seeded(db: &DatabaseConnection) {
    let opts = SeedOptions {
        reports: 30,
        rng_seed: 8,
        now: Utc::now(),
    };
    seed_demo(db, &opts).await.expect("seed");
}

fn caller(ip: &str) -> Caller {
    Caller::new(Some(ip.into()))
}

fn registration(phone: &str, name: &str, password: &str) -> Registration {
    Registration {
        phone: phone.into(),
        full_name: name.into(),
        password: password.into(),
        password_confirm: password.into(),
    }
}

fn problem(e: &AppError, field: &str) -> Option<FieldProblem> {
    match e {
        AppError::Form(f) => f.problem(field),
        _ => None,
    }
}

async fn user_by_phone(db: &DatabaseConnection, phone: &str) -> Option<user::Model> {
    store::user_by_phone(db, phone).await.unwrap()
}

async fn tries(db: &DatabaseConnection, user_id: i64) -> i32 {
    one_time_code::Entity::find()
        .filter(one_time_code::Column::UserId.eq(user_id))
        .one(db)
        .await
        .unwrap()
        .expect("a code row")
        .tries
}

// ------------------------------------------------------------------ item 1: sizes and time

#[test]
fn a_maximal_hostile_registration_is_refused_before_any_scan() {
    run(testing::both(|db| async move {
        let (state, _) = testing::app_state(db.clone());
        // The measured attack (8.7 s of CPU before): 320,000 digits of phone, a password of
        // "Aa!" and 320,000 zeros, and a long name — just under the 1 MiB body limit.
        let form = format!(
            "phone={}&full_name={}&password=Aa%21{}&password_confirm=x",
            "1".repeat(320_000),
            "a".repeat(300_000),
            "0".repeat(320_000)
        );
        assert!(form.len() > 900_000 && form.len() < 1024 * 1024);
        let r = send(&state, form_post("/api/account/register", &form, None)).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            &r.body[..200.min(r.body.len())]
        );
        let e: AppError = serde_json::from_str(&r.body).expect("an AppError");
        assert_eq!(
            problem(&e, "phone"),
            Some(FieldProblem::Phone(
                paht::account::phone::PhoneError::TooLong
            ))
        );
        assert_eq!(
            problem(&e, "password"),
            Some(FieldProblem::Password(
                paht::account::password_policy::PasswordProblem::TooLong
            ))
        );
        assert_eq!(
            problem(&e, "full_name"),
            Some(FieldProblem::Name(
                paht::account::password_policy::NameProblem::TooLong
            ))
        );
        // What comes back to fill the form in again is cut, not the megabyte.
        assert!(r.body.len() < 4_000, "{} bytes", r.body.len());
        assert_eq!(user::Entity::find().count(&db).await.unwrap(), 0);
    }));
}

#[test]
fn saturated_hashing_answers_503_with_retry_after_and_no_request_outlives_the_timeout() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (mut state, _) = testing::app_state(db.clone());
        state.hashing = HashPool::new(1, Duration::from_millis(100));
        let busy = state.hashing.clone();
        let held = busy.occupy_all().await;
        assert_eq!(busy.available(), 0);
        let r = send(
            &state,
            form_post(
                "/api/account/login",
                "phone=0900000005&password=Paht%402026demo",
                None,
            ),
        )
        .await;
        assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
        assert_eq!(r.header("retry-after"), Some("5"));
        assert!(r.body.contains("Busy"), "{}", r.body);

        // A request that waits longer than the server's timeout is cut off with a 503.
        let (mut slow, _) = testing::app_state_with(db.clone(), |c| {
            c.request_timeout = Duration::from_millis(300)
        });
        slow.hashing = HashPool::new(1, Duration::from_secs(60));
        let _held_too = slow.hashing.occupy_all().await;
        let r = send(
            &slow,
            form_post(
                "/api/account/login",
                "phone=0900000005&password=Paht%402026demo",
                None,
            ),
        )
        .await;
        assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
        drop(held);
    }));
}

#[test]
fn no_more_than_the_configured_number_of_requests_are_served_at_once() {
    use tower::ServiceExt;
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (mut state, _) = testing::app_state_with(db.clone(), |c| {
            c.max_concurrent_requests = 1;
            c.request_timeout = Duration::from_secs(30);
        });
        state.hashing = HashPool::new(1, Duration::from_secs(60));
        let held = state.hashing.occupy_all().await;
        // One router, as the server builds it once: its limit is shared by every request.
        let app = paht::server::http::router(state.clone());
        let login = tokio::spawn(app.clone().oneshot(form_post(
            "/api/account/login",
            "phone=0900000005&password=Paht%402026demo",
            None,
        )));
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(!login.is_finished(), "the login waits for the hashing pool");
        let health = tokio::spawn(
            app.clone()
                .oneshot(Request::get("/healthz").body(Body::empty()).unwrap()),
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert!(
            !health.is_finished(),
            "a second request waits while the one place is taken"
        );
        drop(held);
        let health = tokio::time::timeout(Duration::from_secs(10), health)
            .await
            .expect("served once the place is free")
            .unwrap()
            .unwrap();
        assert_eq!(health.status(), StatusCode::OK);
        let login = login.await.unwrap().unwrap();
        assert_eq!(login.status(), StatusCode::OK);

        // With room for two, the same second request does not wait.
        let (mut roomy, _) = testing::app_state_with(db.clone(), |c| c.max_concurrent_requests = 2);
        roomy.hashing = HashPool::new(1, Duration::from_secs(60));
        let held = roomy.hashing.occupy_all().await;
        let app = paht::server::http::router(roomy.clone());
        let login = tokio::spawn(app.clone().oneshot(form_post(
            "/api/account/login",
            "phone=0900000005&password=Paht%402026demo",
            None,
        )));
        tokio::time::sleep(Duration::from_millis(300)).await;
        let health = tokio::time::timeout(
            Duration::from_secs(5),
            app.clone()
                .oneshot(Request::get("/healthz").body(Body::empty()).unwrap()),
        )
        .await
        .expect("not held back")
        .unwrap();
        assert_eq!(health.status(), StatusCode::OK);
        drop(held);
        let _ = login.await;
    }));
}

// ------------------------------------------------------------------ items 3 and 5: counters

#[test]
fn parallel_logins_to_one_number_get_exactly_five_password_checks() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let tasks = (0..20).map(|_| {
            let state = state.clone();
            tokio::spawn(async move {
                send(
                    &state,
                    form_post(
                        "/api/account/login",
                        "phone=0900000005&password=Wrong%232026pass",
                        None,
                    ),
                )
                .await
                .status
            })
        });
        let statuses: Vec<StatusCode> = join_all(tasks)
            .await
            .into_iter()
            .map(|r| r.unwrap())
            .collect();
        let wrong = statuses
            .iter()
            .filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY)
            .count();
        let limited = statuses
            .iter()
            .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
            .count();
        assert_eq!((wrong, limited), (5, 15), "{statuses:?}");
    }));
}

#[test]
fn instances_sharing_a_database_count_together() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (a, _) = testing::app_state(db.clone());
        let (b, _) = testing::app_state(db.clone());
        let here = caller("203.0.113.7");
        for state in [&a, &a, &a, &b, &b] {
            let e = flows::login(state, &here, "0900000005", "Wrong#2026pass")
                .await
                .unwrap_err();
            assert_eq!(
                problem(&e, "password"),
                Some(FieldProblem::WrongCredentials)
            );
        }
        let e = flows::login(&a, &here, "0900000005", seed::DEMO_PASSWORD)
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::RateLimited(_)), "{e:?}");

        // Changing a password from a stolen session counts the same way, before checking.
        let user = user_by_phone(&db, "+84900000002").await.unwrap();
        let signed = paht::server::auth::SignedIn {
            key: "k".into(),
            user: SessionUser::from_model(&user),
        };
        let change = || PasswordChange {
            old_password: "Wrong#2026pass".into(),
            new_password: "Cua-Viet!2027x".into(),
            new_password_confirm: "Cua-Viet!2027x".into(),
        };
        let results = join_all((0..10).map(|i| {
            let state = if i % 2 == 0 { a.clone() } else { b.clone() };
            let signed = signed.clone();
            let c = here.clone();
            async move { flows::change_password(&state, &c, &signed, change()).await }
        }))
        .await;
        let wrong = results
            .iter()
            .filter(|r| matches!(r, Err(e) if problem(e, "old_password") == Some(FieldProblem::WrongOldPassword)))
            .count();
        let limited = results
            .iter()
            .filter(|r| matches!(r, Err(AppError::RateLimited(_))))
            .count();
        assert_eq!((wrong, limited), (5, 5));
    }));
}

#[test]
fn checking_never_stores_and_ended_windows_are_swept_not_refused() {
    run(testing::both(|db| async move {
        let now = Utc::now();
        let limit = Limit::per_minutes(2, 15);
        for i in 0..200 {
            assert_eq!(
                rate_limit::check(&db, &format!("login:+8491234{i:04}"), limit, now)
                    .await
                    .unwrap(),
                Ok(())
            );
        }
        let rows = |db: DatabaseConnection| async move {
            db.query_one_raw(sea_orm::Statement::from_string(
                db.get_database_backend(),
                "SELECT COUNT(*) AS n FROM rate_counters",
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get::<i64>("", "n")
            .unwrap()
        };
        assert_eq!(rows(db.clone()).await, 0, "a check creates no row");
        for _ in 0..2 {
            assert_eq!(rate_limit::hit(&db, "k", limit, now).await.unwrap(), Ok(()));
        }
        assert_eq!(
            rate_limit::hit(&db, "k", limit, now).await.unwrap(),
            Err(900)
        );
        assert_eq!(
            rate_limit::check(&db, "k", limit, now).await.unwrap(),
            Err(900)
        );
        rate_limit::hit(&db, "other", Limit::per_minutes(2, 60), now)
            .await
            .unwrap()
            .unwrap();
        // Twenty minutes on: "k" has ended and goes, "other" is still counting and stays.
        let later = now + TimeDelta::minutes(20);
        assert_eq!(rate_limit::sweep(&db, later).await.unwrap(), 1);
        assert_eq!(rows(db.clone()).await, 1);
        assert_eq!(
            rate_limit::hit(&db, "k", limit, later).await.unwrap(),
            Ok(())
        );
    }));
}

#[test]
fn ipv6_clients_of_one_network_share_their_limits() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state_with(db.clone(), |c| {
            c.limits.login_per_ip = Limit::per_minutes(3, 15)
        });
        for host in 1..=3 {
            let c = caller(&format!("2001:db8:7:9::{host}"));
            let _ = flows::login(&state, &c, &format!("09123450{host:02}"), "Wrong#2026pass").await;
        }
        let rotated = caller("2001:db8:7:9:ffff:1:2:3");
        assert!(matches!(
            flows::login(&state, &rotated, "0900000005", seed::DEMO_PASSWORD).await,
            Err(AppError::RateLimited(_))
        ));
        let next_network = caller("2001:db8:7:a::1");
        assert!(
            flows::login(&state, &next_network, "0900000005", seed::DEMO_PASSWORD)
                .await
                .is_ok()
        );
    }));
}

// ------------------------------------------------------------------ item 4: SMS pumping

#[test]
fn the_hourly_sms_budget_holds_for_every_number_and_pending_accounts_expire() {
    run(testing::both(|db| async move {
        let (state, sms) = testing::app_state_with(db.clone(), |c| c.limits.sms_per_hour.max = 2);
        for (i, phone) in ["0912345601", "0912345602", "0912345603"]
            .iter()
            .enumerate()
        {
            flows::register(
                &state,
                &caller(&format!("198.51.100.{i}")),
                registration(phone, "Lê Thị Hoa", PASSWORD),
            )
            .await
            .expect("the account is created even when no SMS can go");
        }
        state.sms.idle().await;
        assert_eq!(sms.sent_to("+84912345601").len(), 1);
        assert_eq!(sms.sent_to("+84912345602").len(), 1);
        assert!(sms.sent_to("+84912345603").is_empty(), "over the budget");
        // Spent: every number hears the same, registered or not.
        for phone in ["0912345603", "0987654321"] {
            let e = flows::request_code(&state, &caller("192.0.2.1"), phone, CodePurpose::Activate)
                .await
                .unwrap_err();
            assert_eq!(e, AppError::SmsBudget);
            assert_eq!(e.status_code(), 503);
        }

        // A day later the pending accounts are gone, codes and all, and the number is free.
        let pending = user_by_phone(&db, "+84912345601").await.unwrap();
        let mut old: user::ActiveModel = pending.into();
        old.created_at = Set(Utc::now() - TimeDelta::hours(25));
        old.update(&db).await.unwrap();
        assert_eq!(store::sweep_pending(&db, Utc::now()).await.unwrap(), 1);
        assert!(user_by_phone(&db, "+84912345601").await.is_none());
        assert!(
            user_by_phone(&db, "+84912345602").await.is_some(),
            "younger than a day"
        );
        assert_eq!(
            one_time_code::Entity::find().count(&db).await.unwrap(),
            1,
            "only the code of 0912345602 is left"
        );
    }));
}

// ------------------------------------------------------------------ item 6: codes under load

/// Registers `phone` (pending) and answers its id and activation code.
async fn pending_with_code(state: &AppState, sms: &DevSms, phone: &str) -> (i64, String) {
    flows::register(
        state,
        &caller("203.0.113.10"),
        registration(phone, "Lê Thị Hoa", PASSWORD),
    )
    .await
    .unwrap();
    state.sms.idle().await;
    let normal = paht::account::phone::normalize(phone).unwrap();
    let code = sms.last_code(normal.as_str()).expect("a code");
    let id = user_by_phone(&state.db, normal.as_str()).await.unwrap().id;
    (id, code)
}

/// Submits every guess at once, each from a client of its own (so no per-client limit
/// interferes), and answers how many activated.
async fn burst(state: &AppState, phone: &'static str, guesses: Vec<String>) -> usize {
    let tasks = guesses.into_iter().enumerate().map(|(i, guess)| {
        let state = state.clone();
        tokio::spawn(async move {
            let c = caller(&format!("198.51.{}.{}", 100 + i / 200, i % 200));
            match flows::activate(&state, &c, phone, &guess).await {
                Ok(()) => true,
                Err(e) => {
                    assert_eq!(
                        problem(&e, "code"),
                        Some(FieldProblem::CodeRefused),
                        "{e:?}"
                    );
                    false
                }
            }
        })
    });
    join_all(tasks)
        .await
        .into_iter()
        .filter(|r| *r.as_ref().unwrap())
        .count()
}

fn other_than(code: &str) -> String {
    if code == "000000" { "111111" } else { "000000" }.to_string()
}

#[test]
fn twenty_concurrent_guesses_get_five_tries_and_one_right_code_works_once() {
    run(testing::both(|db| async move {
        let (state, sms) = testing::app_state(db.clone());

        // 20 wrong guesses at once: 5 tries are spent, none more, and the code is dead.
        let (id, code) = pending_with_code(&state, &sms, "0912345678").await;
        assert_eq!(
            burst(&state, "0912345678", vec![other_than(&code); 20]).await,
            0
        );
        assert_eq!(tries(&db, id).await, 5);
        assert_eq!(
            burst(&state, "0912345678", vec![code]).await,
            0,
            "the code is dead"
        );

        // 19 wrong guesses with the right one among them: at most 5 are compared.
        let (id, code) = pending_with_code(&state, &sms, "0912345679").await;
        let mut guesses = vec![other_than(&code); 19];
        guesses.insert(10, code);
        assert!(burst(&state, "0912345679", guesses).await <= 1);
        assert!(tries(&db, id).await <= 5);

        // 20 copies of the right code at once: exactly one activates.
        let (id, code) = pending_with_code(&state, &sms, "0912345680").await;
        assert_eq!(burst(&state, "0912345680", vec![code; 20]).await, 1);
        assert_eq!(
            store::user_by_id(&db, id).await.unwrap().unwrap().status,
            "active"
        );
    }));
}

#[test]
fn a_guess_read_against_an_old_code_cannot_spend_or_use_the_new_one() {
    run(testing::both(|db| async move {
        let (state, _) = testing::app_state(db.clone());
        flows::register(
            &state,
            &caller("203.0.113.11"),
            registration("0912345678", "Lê Thị Hoa", PASSWORD),
        )
        .await
        .unwrap();
        let id = user_by_phone(&db, "+84912345678").await.unwrap().id;
        let (row, old) = store::code_of(&db, id, CodePurpose::Activate)
            .await
            .unwrap()
            .unwrap();
        // A new code is issued between the read and the use.
        let newer = paht::account::otp::OtpState {
            code_hash: state.secret.mac("activate:new"),
            sent_at: Utc::now(),
            tries: 0,
            sends_today: 2,
            used: false,
        };
        store::save_code(&db, id, CodePurpose::Activate, Some(row), &newer)
            .await
            .unwrap();
        assert!(!store::spend_try(&db, row, &old.code_hash, Utc::now())
            .await
            .unwrap());
        assert!(!store::use_code(&db, row, &old.code_hash).await.unwrap());
        assert_eq!(tries(&db, id).await, 0);
        assert!(store::spend_try(&db, row, &newer.code_hash, Utc::now())
            .await
            .unwrap());
        assert!(store::use_code(&db, row, &newer.code_hash).await.unwrap());
        assert!(
            !store::use_code(&db, row, &newer.code_hash).await.unwrap(),
            "once"
        );
    }));
}

// ------------------------------------------------------------------ items 7 and 8: production

#[test]
fn an_https_site_needs_a_gateway_and_never_gets_demo_accounts() {
    run(async {
        let dir = std::env::temp_dir().join(format!("paht-https-{}", std::process::id()));
        let mut config =
            paht::server::config::Config::load("/nonexistent/Leptos.toml").expect("defaults");
        config.data_dir = dir.clone();
        config.public_url = Some("https://paht.example.vn".into());
        config.https = true;
        let options = leptos::prelude::LeptosOptions::builder()
            .output_name("paht")
            .site_root("target/site")
            .build();
        let db = testing::sqlite().await;
        let refused = AppState::new(db.db.clone(), config.clone(), options.clone());
        assert!(matches!(
            refused,
            Err(paht::server::state::StartError::NoSmsGateway)
        ));
        assert!(seed::may_seed_demo(&config).is_err());
        config.sms_dev_sender = true;
        assert!(AppState::new(db.db.clone(), config.clone(), options).is_ok());
        config.public_url = None;
        config.https = false;
        assert!(seed::may_seed_demo(&config).is_ok());
        db.cleanup().await;
        let _ = std::fs::remove_dir_all(dir);
    });
}

#[test]
fn the_start_warning_finds_accounts_with_the_demo_password() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let open = seed::demo_password_accounts(&db).await.unwrap();
        assert!(open.contains(&"+84900000001".to_string()), "{open:?}");
        // Every demo account gets a password of its own: no warning.
        let own = paht::server::password::hash_password("Own-Pass#2026x");
        for u in user::Entity::find().all(&db).await.unwrap() {
            let mut a: user::ActiveModel = u.into();
            a.password_hash = Set(own.clone());
            a.update(&db).await.unwrap();
        }
        assert!(seed::demo_password_accounts(&db).await.unwrap().is_empty());
    }));
}

// ------------------------------------------------------------------ items 9 and 10

#[test]
fn registering_a_pending_number_again_takes_it_over() {
    run(testing::both(|db| async move {
        let (state, sms) = testing::app_state(db.clone());
        flows::register(
            &state,
            &caller("203.0.113.66"),
            registration("0912345678", "Kẻ Chiếm Số", "Taken-Over#2026"),
        )
        .await
        .unwrap();
        // The owner registers the number too, with a name and password of their own.
        flows::register(
            &state,
            &caller("198.51.100.20"),
            registration("0912 345 678", "Lê Thị Hoa", PASSWORD),
        )
        .await
        .expect("a pending number is registered again");
        assert_eq!(user::Entity::find().count(&db).await.unwrap(), 1);
        state.sms.idle().await;
        let code = sms
            .last_code("+84912345678")
            .expect("the code went to the number");
        flows::activate(&state, &caller("198.51.100.20"), "0912345678", &code)
            .await
            .unwrap();
        let u = user_by_phone(&db, "+84912345678").await.unwrap();
        assert_eq!(u.full_name, "Lê Thị Hoa");
        assert!(
            flows::login(&state, &caller("198.51.100.20"), "0912345678", PASSWORD)
                .await
                .is_ok()
        );
        let e = flows::login(
            &state,
            &caller("203.0.113.66"),
            "0912345678",
            "Taken-Over#2026",
        )
        .await
        .unwrap_err();
        assert_eq!(
            problem(&e, "password"),
            Some(FieldProblem::WrongCredentials)
        );
        // Once active, the number is taken.
        let e = flows::register(
            &state,
            &caller("203.0.113.66"),
            registration("0912345678", "Kẻ Chiếm Số", "Taken-Over#2026"),
        )
        .await
        .unwrap_err();
        assert_eq!(problem(&e, "phone"), Some(FieldProblem::PhoneTaken));
    }));
}

/// A gateway that holds every message until told to let go.
struct HeldGateway {
    release: tokio::sync::Semaphore,
    inner: DevSms,
}

impl SmsSender for HeldGateway {
    fn send<'a>(&'a self, to: &'a paht::account::phone::Phone, message: &'a str) -> SendFuture<'a> {
        Box::pin(async move {
            let _go = self.release.acquire().await;
            self.inner.send(to, message).await
        })
    }
}

#[test]
fn answers_do_not_tell_whether_a_number_has_an_account() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let gateway = Arc::new(HeldGateway {
            release: tokio::sync::Semaphore::new(0),
            inner: DevSms::new(None),
        });
        let (base, _) = testing::app_state(db.clone());
        let state = AppState::assemble(
            db.clone(),
            (*base.config).clone(),
            base.leptos_options.clone(),
            gateway.clone(),
            base.secret.clone(),
            base.media.clone(),
        );
        // A reset code for an account: the answer comes while the gateway still holds it.
        flows::request_code(
            &state,
            &caller("203.0.113.5"),
            "0900000005",
            CodePurpose::Reset,
        )
        .await
        .expect("answered without waiting for the gateway");
        assert!(gateway.inner.sent_to("+84900000005").is_empty());
        gateway.release.add_permits(10);
        state.sms.idle().await;
        assert_eq!(gateway.inner.sent_to("+84900000005").len(), 1);

        // Wrong code for an account, any code for a number without one, no code at all:
        // the same problem, the same message.
        let known = flows::activate(&state, &caller("203.0.113.5"), "0900000005", "123456")
            .await
            .unwrap_err();
        let unknown = flows::activate(&state, &caller("203.0.113.5"), "0987654321", "123456")
            .await
            .unwrap_err();
        let reset = paht::server::auth::flows::PasswordReset {
            phone: "0900000005".into(),
            code: "000000".into(),
            new_password: "Cua-Viet!2027x".into(),
            new_password_confirm: "Cua-Viet!2027x".into(),
        };
        let wrong_reset = flows::reset_password(&state, &caller("203.0.113.5"), reset)
            .await
            .unwrap_err();
        for e in [&known, &unknown, &wrong_reset] {
            assert_eq!(problem(e, "code"), Some(FieldProblem::CodeRefused), "{e:?}");
        }
        assert_eq!(
            known.message(paht::i18n::Lang::Vi),
            unknown.message(paht::i18n::Lang::Vi)
        );
    }));
}

// ------------------------------------------------------------------ item 11: redirects

#[test]
fn next_paths_are_percent_encoded_or_refused() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let login = |next: &str| {
            format!(
                "phone=0900000005&password=Paht%402026demo&next={}",
                urlencoding::encode(next)
            )
        };
        for (next, location) in [
            ("/é", "/%C3%A9"),
            ("/😀", "/%F0%9F%98%80"),
            ("/\t/evil.example", "/account"),
            ("/a\u{7f}", "/account"),
        ] {
            let r = send(&state, form_post("/api/account/login", &login(next), None)).await;
            // A server-function call is answered 200 with the Location for the client to follow.
            assert_eq!(r.status, StatusCode::OK, "{next:?} {}", r.body);
            assert_eq!(r.header("location"), Some(location), "{next:?}");
            let r = send(
                &state,
                Request::get(format!("/lang/en?next={}", urlencoding::encode(next)))
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
            let fallback = if location == "/account" {
                "/"
            } else {
                location
            };
            assert_eq!(r.header("location"), Some(fallback), "{next:?}");
        }
    }));
}

// ------------------------------------------------------------------ item 12: admin edge cases

#[test]
fn enabling_restores_the_status_and_the_last_admin_stays() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let c = caller("203.0.113.1");
        let admin_a = user_by_phone(&db, "+84900000001").await.unwrap();
        let subject_a = SessionUser::from_model(&admin_a).subject();

        // A pending account, disabled and enabled again, is still pending.
        flows::register(
            &state,
            &c,
            registration("0912345678", "Lê Thị Hoa", PASSWORD),
        )
        .await
        .unwrap();
        let pending = user_by_phone(&db, "+84912345678").await.unwrap();
        admin::set_disabled(&state, &c, &subject_a, pending.id, true)
            .await
            .unwrap();
        admin::set_disabled(&state, &c, &subject_a, pending.id, false)
            .await
            .unwrap();
        assert_eq!(
            user_by_phone(&db, "+84912345678").await.unwrap().status,
            "pending"
        );
        let active = user_by_phone(&db, "+84900000005").await.unwrap();
        admin::set_disabled(&state, &c, &subject_a, active.id, true)
            .await
            .unwrap();
        admin::set_disabled(&state, &c, &subject_a, active.id, false)
            .await
            .unwrap();
        assert_eq!(
            user_by_phone(&db, "+84900000005").await.unwrap().status,
            "active"
        );

        // Two admins demote each other at the same moment: one of them stays admin.
        let b = user_by_phone(&db, "+84900000002").await.unwrap();
        admin::set_role(&state, &c, &subject_a, b.id, "admin", None)
            .await
            .unwrap();
        let b = user_by_phone(&db, "+84900000002").await.unwrap();
        let subject_b = SessionUser::from_model(&b).subject();
        let (ab, ba) = tokio::join!(
            admin::set_role(&state, &c, &subject_a, b.id, "citizen", None),
            admin::set_role(&state, &c, &subject_b, admin_a.id, "citizen", None),
        );
        let admins = || async {
            user::Entity::find()
                .filter(user::Column::Role.eq(Role::Admin.as_str()))
                .filter(user::Column::Status.eq("active"))
                .count(&db)
                .await
                .unwrap()
        };
        assert_eq!(admins().await, 1, "{ab:?} {ba:?}");
        let refused: Vec<_> = [&ab, &ba]
            .into_iter()
            .filter_map(|r| r.as_ref().err())
            .collect();
        assert_eq!(refused.len(), 1, "{ab:?} {ba:?}");
        assert_eq!(problem(refused[0], "role"), Some(FieldProblem::LastAdmin));

        // And the one left can be neither demoted nor disabled by the other's old rights.
        let last = user::Entity::find()
            .filter(user::Column::Role.eq(Role::Admin.as_str()))
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        let other = if last.id == admin_a.id {
            subject_b
        } else {
            subject_a
        };
        let e = admin::set_disabled(&state, &c, &other, last.id, true)
            .await
            .unwrap_err();
        assert_eq!(problem(&e, "role"), Some(FieldProblem::LastAdmin));
        assert_eq!(admins().await, 1);
    }));
}

// ------------------------------------------------------------------ items 13 and 14: HTTP

#[test]
fn private_answers_are_never_cached_and_sessions_need_a_browser_s_word() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let anonymous = send(&state, Request::get("/").body(Body::empty()).unwrap()).await;
        assert_eq!(anonymous.status, StatusCode::OK);
        assert_ne!(anonymous.header("cache-control"), Some("private, no-store"));
        let cookie = testing::session_cookie(&state, "+84900000005").await;
        let mine = send(
            &state,
            Request::get("/")
                .header(header::COOKIE, &cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(mine.header("cache-control"), Some("private, no-store"));
        let api = send(&state, form_post("/api/reports/filters", "", None)).await;
        assert_eq!(api.status, StatusCode::OK);
        assert_eq!(api.header("cache-control"), Some("private, no-store"));

        // A mutation with the session cookie but neither Origin nor Sec-Fetch-Site.
        let bare = Request::post("/api/account/logout-everywhere")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &cookie)
            .body(Body::empty())
            .unwrap();
        let r = send(&state, bare).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert!(
            cookie_for_still_works(&state, &cookie).await,
            "nothing was done"
        );

        // Logging in ends the session the browser came with.
        let r = send(
            &state,
            form_post(
                "/api/account/login",
                "phone=0900000005&password=Paht%402026demo",
                Some(&cookie),
            ),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(r
            .header("set-cookie")
            .is_some_and(|c| c.starts_with("paht_session=")));
        assert!(!cookie_for_still_works(&state, &cookie).await);
    }));
}

async fn cookie_for_still_works(state: &AppState, cookie: &str) -> bool {
    let token = cookie.trim_start_matches("paht_session=");
    session::load(&state.db, token, &state.config.sessions, Utc::now())
        .await
        .unwrap()
        .is_some()
}

#[test]
fn links_to_other_reports_show_only_what_the_public_may_see() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let public = report::Entity::find()
            .filter(report::Column::IsPublic.eq(true))
            .filter(report::Column::Status.eq("published"))
            .one(&db)
            .await
            .unwrap()
            .expect("a published report");
        let linked = report::Entity::find()
            .filter(report::Column::Id.ne(public.id))
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        let mut l: report::ActiveModel = linked.clone().into();
        l.is_public = Set(true);
        l.status = Set("submitted".into());
        l.update(&db).await.unwrap();
        let mut p: report::ActiveModel = public.clone().into();
        p.follow_up_of = Set(Some(linked.id));
        p.duplicate_of = Set(Some(linked.id));
        p.update(&db).await.unwrap();
        let detail = |db: DatabaseConnection, code: String| async move {
            paht::server::public_reports::detail(&db, &code, Utc::now())
                .await
                .unwrap()
                .unwrap()
        };
        let d = detail(db.clone(), public.code.clone()).await;
        assert_eq!(d.follow_up_of, None, "marked public but awaiting review");
        assert_eq!(d.duplicate_of, None);
        let mut l: report::ActiveModel = linked.clone().into();
        l.is_public = Set(true);
        l.status = Set("published".into());
        l.update(&db).await.unwrap();
        let d = detail(db.clone(), public.code.clone()).await;
        assert_eq!(d.follow_up_of.as_deref(), Some(linked.code.as_str()));
    }));
}

// ------------------------------------------------------------------ undecodable input

/// Every server function, with a body missing a required field (`None`: it has none), a
/// body with a field of the wrong type, and a JSON body.
const UNDECODABLE: [(&str, Option<&str>, Option<&str>); 56] = [
    (
        "/api/reports/list",
        Some("page=1000000000000"),
        Some("filter[q]=&page=abc"),
    ),
    (
        "/api/reports/map",
        Some("columns=4"),
        Some("filter[bbox]=106.5,16.4,107.4,17.2&columns=x"),
    ),
    ("/api/reports/get", Some(""), Some("code[a]=1")),
    ("/api/reports/filters", None, None),
    ("/api/areas/districts", None, None),
    ("/api/account/me", None, None),
    (
        "/api/account/register",
        Some("phone=0912345678"),
        Some("phone[a]=1&full_name=a&password=b&password_confirm=b"),
    ),
    (
        "/api/account/activate",
        Some("phone=0912345678"),
        Some("phone=0912345678&code[a]=1"),
    ),
    (
        "/api/account/send-code",
        Some("phone=0912345678"),
        Some("phone[a]=1&purpose=activate"),
    ),
    (
        "/api/account/login",
        Some("phone=0900000005"),
        Some("phone=0900000005&password[a]=1"),
    ),
    (
        "/api/account/reset",
        Some("phone=0912345678&code=123456"),
        Some("phone=1&code=1&new_password[a]=1&new_password_confirm=1"),
    ),
    ("/api/account/name", Some(""), Some("full_name[a]=1")),
    (
        "/api/account/password",
        Some("old_password=x"),
        Some("old_password[a]=x&new_password=y&new_password_confirm=y"),
    ),
    ("/api/account/logout-everywhere", None, None),
    ("/api/account/logout", None, None),
    ("/api/admin/users", None, Some("page=abc")),
    ("/api/admin/audit", None, Some("page=-1")),
    (
        "/api/admin/users/role",
        Some("role=admin"),
        Some("user_id=abc&role=admin"),
    ),
    (
        "/api/admin/users/status",
        Some("user_id=1"),
        Some("user_id=1&disabled=maybe"),
    ),
    ("/api/admin/users/activate", Some(""), Some("user_id=1.5")),
    ("/api/filing/choices", None, None),
    ("/api/filing/key", None, None),
    (
        "/api/filing/nearby",
        Some("lat=16.8"),
        Some("lat[a]=1&lng=107"),
    ),
    (
        "/api/filing/save",
        Some("intent=send"),
        Some("title[a]=1&content=x"),
    ),
    ("/api/filing/draft/get", Some(""), Some("id=abc")),
    ("/api/filing/draft/delete", Some(""), Some("id=1.5")),
    ("/api/filing/mine", None, Some("page=abc")),
    ("/api/filing/withdraw", Some(""), Some("code[a]=1")),
    ("/api/media/remove", Some(""), Some("id=abc")),
    ("/api/filing/places", Some(""), Some("q[a]=1")),
    (
        "/api/console/inbox",
        Some("page=1"),
        Some("filter[tab]=new&page=abc"),
    ),
    ("/api/console/choices", None, None),
    ("/api/console/report", Some(""), Some("code[a]=1")),
    (
        "/api/console/act",
        Some("code=PA-2026-000001&version=1"),
        Some("code=PA-2026-000001&version=1&form[public]=maybe"),
    ),
    (
        "/api/console/note",
        Some("code=PA-2026-000001"),
        Some("code[a]=1&text=x"),
    ),
    (
        "/api/console/assign",
        Some("code=PA-2026-000001"),
        Some("code[a]=1&version=1"),
    ),
    (
        "/api/console/bulk",
        Some("codes[0]=PA-2026-000001"),
        Some("form[keep_deadline]=maybe"),
    ),
    ("/api/console/field", None, None),
    (
        "/api/console/field/move",
        Some("code=PA-2026-000001"),
        Some("code[a]=1&dir=up"),
    ),
    (
        "/api/engagement/get",
        Some("page=1"),
        Some("code=PA-2026-000001&page=abc"),
    ),
    // Ids are strings the function parses: one that is not a number is refused as undecodable.
    (
        "/api/engagement/comment",
        Some("code=PA-2026-000001"),
        Some("code=PA-2026-000001&body=x&parent=abc"),
    ),
    (
        "/api/engagement/comment/edit",
        Some("code=PA-2026-000001&id=1"),
        Some("code=PA-2026-000001&id=abc&body=x"),
    ),
    (
        "/api/engagement/comment/delete",
        Some("code=PA-2026-000001"),
        Some("code=PA-2026-000001&id=1.5"),
    ),
    ("/api/engagement/like", Some(""), Some("code[a]=1")),
    (
        "/api/engagement/comment/like",
        Some("id=1"),
        Some("code=PA-2026-000001&id=abc"),
    ),
    ("/api/engagement/follow", Some(""), Some("code[a]=1")),
    (
        "/api/engagement/rate",
        Some("code=PA-2026-000001"),
        Some("code[a]=1&level=satisfied"),
    ),
    (
        "/api/engagement/not-satisfied",
        Some("code=PA-2026-000001&way=response"),
        Some("code=PA-2026-000001&reason[a]=1&way=response"),
    ),
    ("/api/notifications/list", None, Some("page=abc")),
    ("/api/notifications/unread", None, None),
    ("/api/notifications/open", Some(""), Some("id=abc")),
    ("/api/notifications/delete", Some(""), Some("id=-")),
    ("/api/notifications/delete-read", None, None),
    ("/api/moderation/list", None, Some("page=-1")),
    (
        "/api/moderation/decide",
        Some("id=1"),
        Some("id=abc&decision=approve"),
    ),
    (
        "/api/moderation/decide",
        Some("decision=approve"),
        Some("id=99999999999999999999&decision=approve"),
    ),
];

#[test]
fn input_that_does_not_decode_is_a_4xx_on_every_server_function() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let admin = testing::session_cookie(&state, "+84900000001").await;
        for (path, missing, wrong) in UNDECODABLE {
            for cookie in [None, Some(admin.as_str())] {
                for (what, form) in [("missing field", missing), ("wrong type", wrong)] {
                    let Some(form) = form else { continue };
                    let r = send(&state, form_post(path, form, cookie)).await;
                    assert_eq!(
                        r.status,
                        StatusCode::BAD_REQUEST,
                        "{path} {what}: {}",
                        r.body
                    );
                    let e: AppError = serde_json::from_str(&r.body).expect("an AppError");
                    assert!(matches!(e, AppError::BadRequest(_)), "{path}: {e:?}");
                }
                let json = Request::post(path)
                    .header(header::CONTENT_TYPE, "application/json")
                    .header("sec-fetch-site", "same-origin")
                    .header(header::COOKIE, cookie.unwrap_or("x=1"))
                    .body(Body::from(r#"{"phone":"0900000005","password":"x"}"#))
                    .unwrap();
                let r = send(&state, json).await;
                assert_eq!(
                    r.status,
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "{path}: {}",
                    r.body
                );
                assert_eq!(
                    serde_json::from_str::<AppError>(&r.body).ok(),
                    Some(AppError::UnsupportedType)
                );
            }
        }
        // A refusal changed nothing.
        assert_eq!(
            user::Entity::find()
                .filter(user::Column::Role.eq("admin"))
                .count(&db)
                .await
                .unwrap(),
            1
        );
    }));
}

// ------------------------------------------------------------------ live stream

/// `GET /api/events` with a hostile `watch` list (the longest a URI holds): the list is capped
/// before any work, so the stream opens at once, as server-sent events that nothing may cache
/// or buffer. Only the head is read: the body never ends.
#[test]
fn a_huge_watch_list_opens_the_event_stream_at_once() {
    run(testing::both(|db| async move {
        use tower::ServiceExt;
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        // Distinct, well-formed codes, as many as a URI holds: `http` refuses one over
        // 65,534 bytes (`InvalidUri(TooLong)`), so no longer list ever reaches the handler.
        const LONG: usize = 65_000;
        let mut watch = String::new();
        for n in 1.. {
            watch.push_str(&format!("PA-2026-{n:06},"));
            if watch.len() >= LONG {
                break;
            }
        }
        watch.truncate(LONG);
        let req = Request::get(format!("/api/events?watch={watch}"))
            .body(Body::empty())
            .unwrap();
        let started = std::time::Instant::now();
        let res = tokio::time::timeout(
            Duration::from_secs(10),
            paht::server::http::router(state.clone()).oneshot(req),
        )
        .await
        .expect("the stream's head within 10 s")
        .expect("the router answers");
        let took = started.elapsed();
        assert_eq!(res.status(), StatusCode::OK);
        let h = |name: header::HeaderName| {
            res.headers()
                .get(&name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string()
        };
        assert!(
            h(header::CONTENT_TYPE).starts_with("text/event-stream"),
            "{}",
            h(header::CONTENT_TYPE)
        );
        assert_eq!(h(header::CACHE_CONTROL), "no-cache, no-store");
        assert_eq!(state.live.open_streams(), 1);
        drop(res);
        assert_eq!(
            state.live.open_streams(),
            0,
            "a dropped stream is no longer counted"
        );
        assert!(took < Duration::from_secs(5), "the head took {took:?}");
    }));
}
