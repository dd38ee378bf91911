//! Administration: users (search, role and agency, disable/enable, activate) and the audit
//! log. The server refuses everyone but admins; these pages show its answer.

use crate::account::audit::AuditAction;
use crate::api::account::{role_label, status_label};
use crate::api::admin::{
    list_audit, list_users, ActivateUser, AuditFilter, AuditPage, SetUserRole, SetUserStatus,
    UserFilter, UserPage, UserRow,
};
use crate::components::form::{form_error, last_error, FormAlert};
use crate::domain::lifecycle::Role;
use crate::i18n::use_lang;
use crate::i18n::{format_count, format_datetime};
use crate::pages::reference::AdminNav;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;

const ROLES: [Role; 4] = [Role::Citizen, Role::Operator, Role::Officer, Role::Admin];
const STATUSES: [&str; 3] = ["pending", "active", "disabled"];

fn opt(v: Option<String>) -> Option<String> {
    v.filter(|s| !s.is_empty())
}

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let lang = use_lang();
    let a = lang.account();
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| UserFilter {
            q: opt(q.get("q")),
            role: opt(q.get("role")),
            status: opt(q.get("status")),
            page: q.get("page").and_then(|p| p.parse().ok()),
        })
    });
    // Bumped by each row after a change succeeds, so the list shows the new state even
    // when the redirect lands on the very same URL (disable, then enable the same user).
    let changed = RwSignal::new(0u64);
    provide_context(UsersChanged(changed));
    let users = Resource::new(
        move || (filter.get(), changed.get()),
        |(f, _)| list_users(f.q, f.role, f.status, f.page),
    );
    let saved = move || query.with(|q| q.get("saved").is_some());
    view! {
        <Title text=a.admin_users_title/>
        <section class="admin-page">
            <AdminNav current="/admin/users"/>
            <h1>{a.admin_users_title}</h1>
            {move || saved().then(|| view! { <p class="notice" role="status" data-testid="notice">{a.admin_saved}</p> })}
            <Form method="GET" action="/admin/users" attr:class="filter-form admin-filter">
                <div class="field">
                    <label for="uq">{a.admin_search}</label>
                    <input id="uq" type="search" name="q" value=move || filter.get().q.unwrap_or_default()/>
                </div>
                <div class="field">
                    <label for="urole">{a.admin_filter_role}</label>
                    <select id="urole" name="role">
                        <option value="">{a.admin_all}</option>
                        {ROLES.into_iter().map(|r| view! {
                            <option value=r.as_str() selected=move || filter.get().role.as_deref() == Some(r.as_str())>{role_label(r, lang)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="ustatus">{a.admin_filter_status}</label>
                    <select id="ustatus" name="status">
                        <option value="">{a.admin_all}</option>
                        {STATUSES.into_iter().map(|s| view! {
                            <option value=s selected=move || filter.get().status.as_deref() == Some(s)>{status_label(s, lang)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button primary">{a.admin_apply}</button>
            </Form>
            <Suspense fallback=move || view! { <p class="loading" role="status">{lang.strings().list_loading}</p> }>
                {move || users.get().map(|r| match r {
                    Ok(page) => view! { <UsersTable page filter=filter.get()/> }.into_any(),
                    Err(e) => {
                        crate::pages::set_status(e.status_code());
                        view! { <p class="error" role="alert" data-testid="admin-error">{e.message(lang)}</p> }.into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}

#[derive(Clone, Copy)]
struct UsersChanged(RwSignal<u64>);

#[component]
fn UsersTable(page: UserPage, filter: UserFilter) -> impl IntoView {
    let lang = use_lang();
    let a = lang.account();
    let t = lang.strings();
    if page.rows.is_empty() {
        return view! { <p class="empty" data-testid="users-empty">{a.admin_users_empty}</p> }
            .into_any();
    }
    let link = {
        let filter = filter.clone();
        move |p: u64| {
            let mut parts = vec![format!("page={p}")];
            for (k, v) in [
                ("q", &filter.q),
                ("role", &filter.role),
                ("status", &filter.status),
            ] {
                if let Some(v) = v {
                    parts.push(format!("{k}={}", urlencoding::encode(v)));
                }
            }
            format!("/admin/users?{}", parts.join("&"))
        }
    };
    let (current, pages) = (page.page, page.pages);
    let agencies = page.agencies.clone();
    let me = page.me;
    view! {
        <p class="count">{a.admin_users_count.replace("{n}", &format_count(lang, page.total))}</p>
        <div class="table-wrap">
            <table class="admin-table" data-testid="users-table">
                <thead>
                    <tr>
                        <th scope="col">{a.admin_col_name}</th>
                        <th scope="col">{a.admin_col_phone}</th>
                        <th scope="col">{a.admin_col_role}</th>
                        <th scope="col">{a.admin_col_status}</th>
                        <th scope="col">{a.admin_col_last_login}</th>
                        <th scope="col">{a.admin_col_actions}</th>
                    </tr>
                </thead>
                <tbody>
                    {page.rows.into_iter().map(|u| view! { <UserLine user=u agencies=agencies.clone() me/> }).collect_view()}
                </tbody>
            </table>
        </div>
        <nav class="pager">
            {(current > 1).then(|| view! { <A href=link(current - 1) attr:class="button">{t.page_prev}</A> })}
            <span class="page-no">{format!("{current} / {pages}")}</span>
            {(current < pages).then(|| view! { <A href=link(current + 1) attr:class="button">{t.page_next}</A> })}
        </nav>
    }
    .into_any()
}

#[component]
fn UserLine(user: UserRow, agencies: Vec<(i64, String)>, me: i64) -> impl IntoView {
    let lang = use_lang();
    let a = lang.account();
    let role_action = ServerAction::<SetUserRole>::new();
    let status_action = ServerAction::<SetUserStatus>::new();
    let activate_action = ServerAction::<ActivateUser>::new();
    let role_errors = form_error(role_action.value());
    if let Some(UsersChanged(changed)) = use_context::<UsersChanged>() {
        Effect::new(move |_| {
            let done = matches!(role_action.value().get(), Some(Ok(_)))
                || matches!(status_action.value().get(), Some(Ok(_)))
                || matches!(activate_action.value().get(), Some(Ok(_)));
            if done {
                changed.update(|n| *n += 1);
            }
        });
    }
    let agency_problem = move || {
        role_errors
            .get()
            .and_then(|e| e.problem("agency_id").or(e.problem("role")))
            .map(|p| p.message(lang))
    };
    let myself = user.id == me;
    let id = user.id;
    let status = user.status.clone();
    let confirm_text = a.admin_disable_confirm.replace("{name}", &user.full_name);
    let location = leptos_router::hooks::use_location();
    let back = move || location.search.get().trim_start_matches('?').to_string();
    view! {
        <tr data-testid=format!("user-{}", user.id)>
            <td>{user.full_name.clone()}{myself.then(|| view! { " " <small>{a.admin_yourself}</small> })}</td>
            <td class="nowrap">{user.phone.clone()}</td>
            <td>
                {if myself {
                    view! { <span>{role_label(user.role, lang)}</span> }.into_any()
                } else {
                    view! {
                        <ActionForm action=role_action attr:class="role-form">
                            <input type="hidden" name="user_id" value=id.to_string()/>
                            <input type="hidden" name="back" value=back/>
                            <label class="sr-only" for=format!("role-{id}")>{a.account_role}</label>
                            <select id=format!("role-{id}") name="role">
                                {ROLES.into_iter().map(|r| view! {
                                    <option value=r.as_str() selected=r == user.role>{role_label(r, lang)}</option>
                                }).collect_view()}
                            </select>
                            <label class="sr-only" for=format!("agency-{id}")>{a.account_agency}</label>
                            <select id=format!("agency-{id}") name="agency_id">
                                <option value="">{a.admin_no_agency}</option>
                                {agencies.iter().map(|(aid, name)| view! {
                                    <option value=aid.to_string() selected=user.agency_id == Some(*aid)>{name.clone()}</option>
                                }).collect_view()}
                            </select>
                            <button type="submit" class="button small">{a.admin_save_role}</button>
                            <p class="field-error" role="alert">{agency_problem}</p>
                        </ActionForm>
                    }.into_any()
                }}
            </td>
            <td>
                <span class=format!("badge user-{}", user.status)>{status_label(&user.status, lang)}</span>
            </td>
            <td class="nowrap">{user.last_login_at.map(format_datetime).unwrap_or_else(|| a.admin_never.to_string())}</td>
            <td class="actions">
                <FormAlert error=last_error(status_action.value())/>
                <FormAlert error=last_error(activate_action.value())/>
                {(status == "pending").then(|| view! {
                    <ActionForm action=activate_action>
                        <input type="hidden" name="user_id" value=id.to_string()/>
                            <input type="hidden" name="back" value=back/>
                        <button type="submit" class="button small">{a.admin_activate}</button>
                    </ActionForm>
                })}
                {(!myself && status != "disabled").then(|| view! {
                    <details class="confirm-box">
                        <summary class="button small danger-outline">{a.admin_disable}</summary>
                        <p>{confirm_text.clone()}</p>
                        <ActionForm action=status_action>
                            <input type="hidden" name="user_id" value=id.to_string()/>
                            <input type="hidden" name="back" value=back/>
                            <input type="hidden" name="disabled" value="true"/>
                            <button type="submit" class="button small danger">{a.confirm}</button>
                        </ActionForm>
                    </details>
                })}
                {(status == "disabled").then(|| view! {
                    <ActionForm action=status_action>
                        <input type="hidden" name="user_id" value=id.to_string()/>
                            <input type="hidden" name="back" value=back/>
                        <input type="hidden" name="disabled" value="false"/>
                        <button type="submit" class="button small">{a.admin_enable}</button>
                    </ActionForm>
                })}
            </td>
        </tr>
    }
}

#[component]
pub fn AdminAuditPage() -> impl IntoView {
    let lang = use_lang();
    let a = lang.account();
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| AuditFilter {
            action: opt(q.get("action")),
            actor: opt(q.get("actor")),
            from: opt(q.get("from")),
            to: opt(q.get("to")),
            page: q.get("page").and_then(|p| p.parse().ok()),
        })
    });
    let rows = Resource::new(
        move || filter.get(),
        |f| list_audit(f.action, f.actor, f.from, f.to, f.page),
    );
    view! {
        <Title text=a.audit_title/>
        <section class="admin-page">
            <AdminNav current="/admin/audit"/>
            <h1>{a.audit_title}</h1>
            <Form method="GET" action="/admin/audit" attr:class="filter-form admin-filter">
                <div class="field">
                    <label for="aaction">{a.audit_col_action}</label>
                    <select id="aaction" name="action">
                        <option value="">{a.admin_all}</option>
                        {AuditAction::ALL.into_iter().map(|x| view! {
                            <option value=x.as_str() selected=move || filter.get().action.as_deref() == Some(x.as_str())>{x.label(lang)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="aactor">{a.audit_actor_filter}</label>
                    <input id="aactor" name="actor" inputmode="numeric" value=move || filter.get().actor.unwrap_or_default()/>
                </div>
                <div class="field">
                    <label for="afrom">{a.audit_from}</label>
                    <input id="afrom" type="date" name="from" value=move || filter.get().from.unwrap_or_default()/>
                </div>
                <div class="field">
                    <label for="ato">{a.audit_to}</label>
                    <input id="ato" type="date" name="to" value=move || filter.get().to.unwrap_or_default()/>
                </div>
                <button type="submit" class="button primary">{a.admin_apply}</button>
            </Form>
            <Suspense fallback=move || view! { <p class="loading" role="status">{lang.strings().list_loading}</p> }>
                {move || rows.get().map(|r| match r {
                    Ok(page) => view! { <AuditTable page filter=filter.get()/> }.into_any(),
                    Err(e) => {
                        crate::pages::set_status(e.status_code());
                        view! { <p class="error" role="alert" data-testid="admin-error">{e.message(lang)}</p> }.into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn AuditTable(page: AuditPage, filter: AuditFilter) -> impl IntoView {
    let lang = use_lang();
    let a = lang.account();
    let t = lang.strings();
    if page.rows.is_empty() {
        return view! { <p class="empty" data-testid="audit-empty">{a.audit_empty}</p> }.into_any();
    }
    let link = move |p: u64| {
        let mut parts = vec![format!("page={p}")];
        for (k, v) in [
            ("action", &filter.action),
            ("actor", &filter.actor),
            ("from", &filter.from),
            ("to", &filter.to),
        ] {
            if let Some(v) = v {
                parts.push(format!("{k}={}", urlencoding::encode(v)));
            }
        }
        format!("/admin/audit?{}", parts.join("&"))
    };
    let current = page.page;
    view! {
        <div class="table-wrap">
            <table class="admin-table" data-testid="audit-table">
                <thead>
                    <tr>
                        <th scope="col">{a.audit_col_time}</th>
                        <th scope="col">{a.audit_col_actor}</th>
                        <th scope="col">{a.audit_col_action}</th>
                        <th scope="col">{a.audit_col_object}</th>
                        <th scope="col">{a.audit_col_ip}</th>
                        <th scope="col">{a.audit_col_detail}</th>
                    </tr>
                </thead>
                <tbody>
                    {page.rows.into_iter().map(|r| {
                        let actor = match (r.actor_id, r.actor_name) {
                            (Some(id), Some(name)) => format!("{name} (#{id})"),
                            (Some(id), None) => format!("#{id}"),
                            _ => a.audit_system.to_string(),
                        };
                        let action = AuditAction::parse(&r.action).map(|x| x.label(lang).to_string()).unwrap_or(r.action.clone());
                        view! {
                            <tr data-action=r.action.clone()>
                                <td class="nowrap">{r.at.format("%Y-%m-%d %H:%M:%S").to_string()}</td>
                                <td>{actor}</td>
                                <td>{action}</td>
                                <td>{r.object.unwrap_or_default()}</td>
                                <td class="nowrap">{r.ip.unwrap_or_default()}</td>
                                <td>{r.detail.unwrap_or_default()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <nav class="pager">
            {(current > 1).then(|| view! { <A href=link(current - 1) attr:class="button">{t.page_prev}</A> })}
            <span class="page-no">{current.to_string()}</span>
            {page.has_more.then(|| view! { <A href=link(current + 1) attr:class="button">{t.page_next}</A> })}
        </nav>
    }
    .into_any()
}
