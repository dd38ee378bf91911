//! Form pieces of the account pages: a labelled field that shows the server's message for
//! it (also after a plain form post without JavaScript) and, once hydrated, checks the
//! value as the user types with the same shared rules.

use crate::account::form::{FieldProblem, FormError};
use crate::api::AppError;
use crate::i18n::use_lang;
use leptos::prelude::*;

/// The field problems of a server action's last answer.
pub fn form_error<S, T>(value: S) -> Signal<Option<FormError>>
where
    S: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    Signal::derive(move || match value.get() {
        Some(Err(AppError::Form(f))) => Some(f),
        _ => None,
    })
}

/// The error of a server action's last answer, if it failed.
pub fn last_error<S, T>(value: S) -> Signal<Option<AppError>>
where
    S: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    Signal::derive(move || match value.get() {
        Some(Err(e)) => Some(e),
        _ => None,
    })
}

/// A message for a refused call that is not about one field (rate limit, denied, …), or a
/// summary when fields are marked.
#[component]
pub fn FormAlert(error: Signal<Option<AppError>>) -> impl IntoView {
    let lang = use_lang();
    move || {
        error.get().map(|e| {
            view! { <p class="form-alert" role="alert" data-testid="form-alert">{e.message(lang)}</p> }
        })
    }
}

pub type Check = fn(&str) -> Option<FieldProblem>;

#[component]
pub fn Field(
    name: &'static str,
    label: &'static str,
    errors: Signal<Option<FormError>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional, into)] value: Option<String>,
    #[prop(optional)] check: Option<Check>,
    /// A check that needs another field's value (the confirmation).
    #[prop(optional)]
    check_with: Option<Callback<String, Option<FieldProblem>>>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] readonly: bool,
    #[prop(optional)] on_value: Option<RwSignal<String>>,
    #[prop(default = true)] required: bool,
) -> impl IntoView {
    let lang = use_lang();
    let id = format!("f-{name}");
    let hint_id = format!("{id}-hint");
    let err_id = format!("{id}-error");
    // What the live check found while typing; None until the user types.
    let live: RwSignal<Option<Option<FieldProblem>>> = RwSignal::new(None);
    // A new answer from the server wins over what was checked while typing before it.
    Effect::new(move |_| {
        errors.track();
        live.set(None);
    });
    let shown = move || match live.get() {
        Some(p) => p,
        None => errors.get().and_then(|e| e.problem(name)),
    };
    let initial = value
        .or_else(|| {
            errors
                .get_untracked()
                .and_then(|e| e.value(name).map(str::to_string))
        })
        .unwrap_or_default();
    let on_input = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        if let Some(s) = on_value {
            s.set(v.clone());
        }
        let problem = match (check, check_with) {
            (Some(c), _) => c(&v),
            (None, Some(c)) => c.run(v),
            (None, None) => return,
        };
        live.set(Some(problem));
    };
    let described = {
        let hint_id = hint_id.clone();
        let err_id = err_id.clone();
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if shown().is_some() {
                ids.push(err_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field form-field" class:invalid=move || shown().is_some()>
            <label for=id.clone()>{label}</label>
            <input
                id=id.clone()
                name=name
                type=kind
                autocomplete=autocomplete
                inputmode=inputmode
                value=initial
                readonly=readonly
                required=required
                aria-invalid=move || shown().is_some().then_some("true")
                aria-describedby=described
                on:input=on_input
            />
            {hint.map(|h| view! { <small id=hint_id class="field-hint">{h}</small> })}
            <p id=err_id class="field-error" data-testid=format!("error-{name}") aria-live="polite">
                {move || shown().map(|p| p.message(lang))}
            </p>
        </div>
    }
}

/// The shared checks, as field checks.
pub mod checks {
    use crate::account::form::FieldProblem;
    use crate::account::{otp, password_policy, phone};

    pub fn phone(v: &str) -> Option<FieldProblem> {
        if v.trim().is_empty() {
            return Some(FieldProblem::Required);
        }
        phone::normalize(v).err().map(FieldProblem::Phone)
    }

    pub fn full_name(v: &str) -> Option<FieldProblem> {
        password_policy::validate_full_name(v)
            .err()
            .map(FieldProblem::Name)
    }

    pub fn new_password(v: &str) -> Option<FieldProblem> {
        if v.is_empty() {
            return Some(FieldProblem::Required);
        }
        password_policy::check(v, &password_policy::PasswordContext::default())
            .err()
            .and_then(|p| p.first().copied())
            .map(FieldProblem::Password)
    }

    pub fn required(v: &str) -> Option<FieldProblem> {
        v.is_empty().then_some(FieldProblem::Required)
    }

    pub fn code(v: &str) -> Option<FieldProblem> {
        if v.trim().is_empty() {
            return Some(FieldProblem::Required);
        }
        otp::parse_code(v)
            .err()
            .map(|_| FieldProblem::MalformedCode)
    }
}
