//! The account pages: register, activate, log in, forgotten password and reset, the
//! account itself, change password, log out. Each form is an `ActionForm`: a plain form
//! post without JavaScript, a server-function call with it.

use crate::account::form::FieldProblem;
use crate::account::password_policy::{RULE_EN, RULE_VI};
use crate::api::account::{
    me, role_label, Activate, ChangePassword, Login, Logout, LogoutEverywhere, MyAccount, Register,
    ResetPassword, SendCode, UpdateName,
};
use crate::api::AppError;
use crate::components::form::{checks, form_error, last_error, Field, FormAlert};
use crate::i18n::use_lang;
use crate::i18n::{format_date, Lang};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

fn password_rule(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => RULE_VI,
        Lang::En => RULE_EN,
    }
}

/// A query parameter, as typed (for the phone field after a redirect).
fn query(name: &'static str) -> Option<String> {
    use_query_map()
        .with_untracked(|q| q.get(name))
        .filter(|v| !v.is_empty())
}

/// Whether a query parameter is present, tracked: a client-side navigation to the same
/// page with another query (after a form on it succeeded) updates the notice.
fn flag(name: &'static str) -> Signal<bool> {
    let q = use_query_map();
    Signal::derive(move || q.with(|q| q.get(name).is_some_and(|v| !v.is_empty())))
}

/// A notice at the top of a page (after a redirect): polite, not an error.
#[component]
fn Notice(text: &'static str) -> impl IntoView {
    view! { <p class="notice" role="status" data-testid="notice">{text}</p> }
}

#[component]
fn SubmitButton(label: &'static str, pending: Signal<bool>) -> impl IntoView {
    let a = use_lang().account();
    view! {
        <button type="submit" class="button primary" prop:disabled=move || pending.get()>
            {move || if pending.get() { a.submitting } else { label }}
        </button>
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let lang = use_lang();
    let a = lang.account();
    let action = ServerAction::<Register>::new();
    let errors = form_error(action.value());
    let password = RwSignal::new(String::new());
    let confirm = confirmation_check(password);
    view! {
        <Title text=a.register_title/>
        <section class="auth-page">
            <h1>{a.register_title}</h1>
            <p class="lead">{a.register_intro}</p>
            <FormAlert error=last_error(action.value())/>
            <ActionForm action attr:class="auth-form" attr:novalidate="" attr:data-testid="register-form">
                <Field name="phone" label=a.field_phone errors kind="tel" autocomplete="tel" inputmode="tel" hint=a.field_phone_hint check=checks::phone/>
                <Field name="full_name" label=a.field_full_name errors autocomplete="name" check=checks::full_name/>
                <Field name="password" label=a.field_password errors kind="password" autocomplete="new-password" hint=password_rule(lang) check=checks::new_password on_value=password/>
                <Field name="password_confirm" label=a.field_password_confirm errors kind="password" autocomplete="new-password" check_with=confirm/>
                <SubmitButton label=a.register_submit pending=action.pending().into()/>
            </ActionForm>
            <p class="aside">{a.register_have_account}" " <A href="/login">{a.nav_login}</A></p>
        </section>
    }
}

#[component]
pub fn ActivatePage() -> impl IntoView {
    let a = use_lang().account();
    let action = ServerAction::<Activate>::new();
    let resend = ServerAction::<SendCode>::new();
    let errors = form_error(action.value());
    let resend_errors = form_error(resend.value());
    let phone = query("phone").unwrap_or_default();
    let resend_phone = phone.clone();
    view! {
        <Title text=a.activate_title/>
        <section class="auth-page">
            <h1>{a.activate_title}</h1>
            {move || flag("sent").get().then(|| view! { <Notice text=a.code_sent/> })}
            <p class="lead">{a.activate_intro}</p>
            <FormAlert error=last_error(action.value())/>
            <ActionForm action attr:class="auth-form" attr:novalidate="" attr:data-testid="activate-form">
                <Field name="phone" label=a.field_phone errors kind="tel" autocomplete="tel" inputmode="tel" value=phone.clone() check=checks::phone/>
                <Field name="code" label=a.field_code errors autocomplete="one-time-code" inputmode="numeric" hint=a.field_code_hint check=checks::code/>
                <SubmitButton label=a.activate_submit pending=action.pending().into()/>
            </ActionForm>
            <ResendForm action=resend errors=resend_errors phone=resend_phone purpose="activate"/>
        </section>
    }
}

/// "Send a new code": the number travels as a hidden field (or a field, if none is known).
#[component]
fn ResendForm(
    action: ServerAction<SendCode>,
    errors: Signal<Option<crate::account::form::FormError>>,
    phone: String,
    purpose: &'static str,
) -> impl IntoView {
    let lang = use_lang();
    let a = lang.account();
    let problem = move || {
        errors
            .get()
            .and_then(|e| e.problem("phone"))
            .map(|p| p.message(lang))
    };
    view! {
        <ActionForm action attr:class="resend-form" attr:data-testid="resend-form">
            <input type="hidden" name="purpose" value=purpose/>
            {if phone.is_empty() {
                view! { <Field name="phone" label=a.field_phone errors kind="tel" autocomplete="tel" inputmode="tel" check=checks::phone/> }.into_any()
            } else {
                view! {
                    <input type="hidden" name="phone" value=phone/>
                    <p class="field-error" role="alert">{problem}</p>
                }.into_any()
            }}
            <button type="submit" class="button link-button" prop:disabled=move || action.pending().get()>{a.resend_code}</button>
        </ActionForm>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let a = use_lang().account();
    let action = ServerAction::<Login>::new();
    let errors = form_error(action.value());
    let next = query("next").and_then(|n| crate::domain::redirect::local_path(&n));
    view! {
        <Title text=a.login_title/>
        <section class="auth-page">
            <h1>{a.login_title}</h1>
            {move || flag("activated").get().then(|| view! { <Notice text=a.login_activated/> })}
            {move || flag("reset").get().then(|| view! { <Notice text=a.login_reset_done/> })}
            {move || flag("logged_out").get().then(|| view! { <Notice text=a.logged_out/> })}
            {next.is_some().then(|| view! { <Notice text=a.login_required/> })}
            <FormAlert error=last_error(action.value())/>
            <ActionForm action attr:class="auth-form" attr:novalidate="" attr:data-testid="login-form">
                <Field name="phone" label=a.field_phone errors kind="tel" autocomplete="username" inputmode="tel" value=query("phone").unwrap_or_default()/>
                <Field name="password" label=a.field_password errors kind="password" autocomplete="current-password"/>
                {next.map(|n| view! { <input type="hidden" name="next" value=n/> })}
                <SubmitButton label=a.login_submit pending=action.pending().into()/>
            </ActionForm>
            <ul class="aside-links">
                <li><A href="/forgot">{a.login_forgot}</A></li>
                <li>{a.login_no_account}" " <A href="/register">{a.nav_register}</A></li>
                <li><A href="/activate">{a.login_activate}</A></li>
            </ul>
        </section>
    }
}

#[component]
pub fn ForgotPage() -> impl IntoView {
    let a = use_lang().account();
    let action = ServerAction::<SendCode>::new();
    let errors = form_error(action.value());
    view! {
        <Title text=a.forgot_title/>
        <section class="auth-page">
            <h1>{a.forgot_title}</h1>
            <p class="lead">{a.forgot_intro}</p>
            <FormAlert error=last_error(action.value())/>
            <ActionForm action attr:class="auth-form" attr:novalidate="" attr:data-testid="forgot-form">
                <input type="hidden" name="purpose" value="reset"/>
                <Field name="phone" label=a.field_phone errors kind="tel" autocomplete="tel" inputmode="tel" hint=a.field_phone_hint check=checks::phone/>
                <SubmitButton label=a.forgot_submit pending=action.pending().into()/>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn ResetPage() -> impl IntoView {
    let lang = use_lang();
    let a = lang.account();
    let action = ServerAction::<ResetPassword>::new();
    let resend = ServerAction::<SendCode>::new();
    let errors = form_error(action.value());
    let resend_errors = form_error(resend.value());
    let phone = query("phone").unwrap_or_default();
    let resend_phone = phone.clone();
    let password = RwSignal::new(String::new());
    let confirm = confirmation_check(password);
    view! {
        <Title text=a.reset_title/>
        <section class="auth-page">
            <h1>{a.reset_title}</h1>
            {move || flag("sent").get().then(|| view! { <Notice text=a.code_sent/> })}
            <p class="lead">{a.reset_intro}</p>
            <FormAlert error=last_error(action.value())/>
            <ActionForm action attr:class="auth-form" attr:novalidate="" attr:data-testid="reset-form">
                <Field name="phone" label=a.field_phone errors kind="tel" autocomplete="username" inputmode="tel" value=phone.clone() check=checks::phone/>
                <Field name="code" label=a.field_code errors autocomplete="one-time-code" inputmode="numeric" hint=a.field_code_hint check=checks::code/>
                <Field name="new_password" label=a.field_new_password errors kind="password" autocomplete="new-password" hint=password_rule(lang) check=checks::new_password on_value=password/>
                <Field name="new_password_confirm" label=a.field_new_password_confirm errors kind="password" autocomplete="new-password" check_with=confirm/>
                <SubmitButton label=a.reset_submit pending=action.pending().into()/>
            </ActionForm>
            <ResendForm action=resend errors=resend_errors phone=resend_phone purpose="reset"/>
        </section>
    }
}

fn confirmation_check(password: RwSignal<String>) -> Callback<String, Option<FieldProblem>> {
    Callback::new(move |v: String| {
        if v.is_empty() {
            Some(FieldProblem::Required)
        } else if v != password.get_untracked() {
            Some(FieldProblem::ConfirmationDiffers)
        } else {
            None
        }
    })
}

/// The signed-in account: asked once per navigation, shared by the header menu and every
/// page that needs it (one `me()` per page, not one per component).
#[derive(Clone, Copy)]
pub struct AccountContext(pub Resource<Result<Option<MyAccount>, AppError>>);

/// Provides [`AccountContext`]; called once, inside the router (it follows navigation:
/// logging in, out or renaming ends on another page).
pub fn provide_account() {
    let location = leptos_router::hooks::use_location();
    let account = Resource::new(
        move || (location.pathname.get(), location.search.get()),
        |_| me(),
    );
    provide_context(AccountContext(account));
}

/// The account resource of [`provide_account`] (a fresh one outside it, e.g. in tests).
pub fn use_account() -> Resource<Result<Option<MyAccount>, AppError>> {
    use_context::<AccountContext>()
        .map(|c| c.0)
        .unwrap_or_else(|| Resource::new(|| (), |_| me()))
}

/// The account for one page's boundary: its own resource, not the header's, so no two
/// boundaries await one resource (leptos#4578 reports stalls of server rendering when
/// they do).
pub fn page_account() -> Resource<Result<Option<MyAccount>, AppError>> {
    Resource::new(|| (), |_| me())
}

/// The account, or what to show instead: a login invitation (401) or the error. For a
/// page that awaits its own resources in the same boundary as the account.
pub fn logged_in(
    account: Result<Option<MyAccount>, AppError>,
    next: &str,
    lang: Lang,
) -> Result<MyAccount, AnyView> {
    let a = lang.account();
    match account {
        Ok(Some(m)) => Ok(m),
        Ok(None) => {
            crate::pages::set_status(401);
            Err(view! {
                <section class="page-message" data-testid="login-required">
                    <p>{a.login_required}</p>
                    <p><a class="button primary" href=format!("/login?next={}", urlencoding::encode(next))>{a.nav_login}</a></p>
                </section>
            }
            .into_any())
        }
        Err(e) => {
            crate::pages::set_status(e.status_code());
            Err(view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any())
        }
    }
}

/// Shows `content` for a logged-in user, a login invitation (401) otherwise.
#[component]
pub fn RequireLogin<F, V>(next: &'static str, content: F) -> impl IntoView
where
    F: Fn(MyAccount) -> V + Send + Sync + Clone + 'static,
    V: IntoView + 'static,
{
    let lang = use_lang();
    let account = page_account();
    view! {
        <Suspense fallback=move || view! { <p class="loading" role="status">{lang.strings().list_loading}</p> }>
            {
                let content = content.clone();
                move || {
                    let content = content.clone();
                    // This boundary's own account resource, awaited (see `page_account`).
                    Suspend::new(async move { match logged_in(account.await, next, lang) {
                        Ok(m) => content(m).into_any(),
                        Err(v) => v,
                    }})
                }
            }
        </Suspense>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let a = use_lang().account();
    view! {
        <Title text=a.account_title/>
        <section class="auth-page account-page">
            <h1>{a.account_title}</h1>
            <RequireLogin next="/account" content=|m: MyAccount| view! { <AccountView account=m/> }/>
        </section>
    }
}

#[component]
fn AccountView(account: MyAccount) -> impl IntoView {
    let lang = use_lang();
    let a = lang.account();
    let name_action = ServerAction::<UpdateName>::new();
    let everywhere = ServerAction::<LogoutEverywhere>::new();
    let errors = form_error(name_action.value());
    let q = use_query_map();
    let saved = move || q.with(|q| q.get("saved"));
    view! {
        {move || (saved().as_deref() == Some("name")).then(|| view! { <Notice text=a.name_saved/> })}
        {move || (saved().as_deref() == Some("password")).then(|| view! { <Notice text=a.password_changed/> })}
        <dl class="facts account-facts" data-testid="account-facts">
            <dt>{a.field_phone}</dt>
            <dd><span data-testid="account-phone">{account.phone.clone()}</span> <small class="field-hint">{a.account_phone_readonly}</small></dd>
            <dt>{a.account_role}</dt>
            <dd>{role_label(account.role, lang)}</dd>
            {account.agency.clone().map(|ag| view! { <dt>{a.account_agency}</dt><dd>{ag}</dd> })}
            <dt>{a.account_since}</dt>
            <dd>{format_date(account.created_at)}</dd>
        </dl>
        <FormAlert error=last_error(name_action.value())/>
        <ActionForm action=name_action attr:class="auth-form inline-form" attr:novalidate="" attr:data-testid="name-form">
            <Field name="full_name" label=a.field_full_name errors autocomplete="name" value=account.full_name.clone() check=checks::full_name/>
            <SubmitButton label=a.name_save pending=name_action.pending().into()/>
        </ActionForm>
        <h2>{a.account_security}</h2>
        <p><A href="/account/password" attr:class="button">{a.account_change_password}</A></p>
        <details class="confirm-box">
            <summary class="button danger-outline">{a.account_logout_everywhere}</summary>
            <p>{a.logout_everywhere_confirm}</p>
            <ActionForm action=everywhere attr:data-testid="logout-everywhere-form">
                <button type="submit" class="button danger">{a.confirm}</button>
            </ActionForm>
        </details>
    }
}

#[component]
pub fn PasswordPage() -> impl IntoView {
    let lang = use_lang();
    let a = lang.account();
    view! {
        <Title text=a.password_title/>
        <section class="auth-page">
            <h1>{a.password_title}</h1>
            <RequireLogin next="/account/password" content=|_m: MyAccount| view! { <PasswordForm/> }/>
        </section>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let lang = use_lang();
    let a = lang.account();
    let action = ServerAction::<ChangePassword>::new();
    let errors = form_error(action.value());
    let password = RwSignal::new(String::new());
    let confirm = confirmation_check(password);
    view! {
        <FormAlert error=last_error(action.value())/>
        <ActionForm action attr:class="auth-form" attr:novalidate="" attr:data-testid="password-form">
            <Field name="old_password" label=a.field_old_password errors kind="password" autocomplete="current-password" check=checks::required/>
            <Field name="new_password" label=a.field_new_password errors kind="password" autocomplete="new-password" hint=password_rule(lang) check=checks::new_password on_value=password/>
            <Field name="new_password_confirm" label=a.field_new_password_confirm errors kind="password" autocomplete="new-password" check_with=confirm/>
            <SubmitButton label=a.password_submit pending=action.pending().into()/>
        </ActionForm>
        <p class="aside"><A href="/account">{a.cancel}</A></p>
    }
}

/// "Đăng xuất" asks first: a page with the question, the button and a way back.
#[component]
pub fn LogoutPage() -> impl IntoView {
    let a = use_lang().account();
    let action = ServerAction::<Logout>::new();
    view! {
        <Title text=a.logout_title/>
        <section class="auth-page">
            <h1>{a.logout_title}</h1>
            <p>{a.logout_confirm}</p>
            <FormAlert error=last_error(action.value())/>
            <ActionForm action attr:class="button-row" attr:data-testid="logout-form">
                <button type="submit" class="button primary">{a.logout_submit}</button>
                <A href="/account" attr:class="button">{a.cancel}</A>
            </ActionForm>
        </section>
    }
}

/// The header's account menu: a disclosure (works without JavaScript, keyboard included).
#[component]
pub fn AccountMenu() -> impl IntoView {
    let lang = use_lang();
    let a = lang.account();
    let account = use_account();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move { match account.await {
                Ok(Some(m)) => {
                    let admin = m.role == crate::domain::lifecycle::Role::Admin;
                    let staff = matches!(m.role, crate::domain::lifecycle::Role::Operator | crate::domain::lifecycle::Role::Officer);
                    view! {
                        <details class="account-menu" data-testid="account-menu">
                            <summary data-testid="account-name">{m.full_name.clone()}</summary>
                            <ul role="list" aria-label=a.menu_label>
                                {staff.then(|| view! {
                                    <li><A href="/console" attr:data-testid="nav-console">{lang.console().nav_console}</A></li>
                                })}
                                <li><A href="/account">{a.nav_account}</A></li>
                                <li><A href="/account/password">{a.account_change_password}</A></li>
                                {admin.then(|| view! {
                                    <li><A href="/admin/users">{a.nav_admin_users}</A></li>
                                    <li><A href="/admin/audit">{a.nav_admin_audit}</A></li>
                                })}
                                <li><A href="/logout">{a.nav_logout}</A></li>
                            </ul>
                        </details>
                    }.into_any()
                }
                Ok(None) | Err(AppError::Denied(_)) => view! {
                    <A href="/login" attr:data-testid="nav-login">{a.nav_login}</A>
                    <A href="/register" attr:class="nav-register">{a.nav_register}</A>
                }.into_any(),
                Err(_) => view! { <A href="/login">{a.nav_login}</A> }.into_any(),
            }})}
        </Suspense>
    }
}
