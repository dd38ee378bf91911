//! Reference administration: categories, agencies, routing rules, public holidays and reply
//! templates. Plain forms that
//! work without JavaScript (a list, a link to edit a row, one form under it); the server
//! refuses everyone but admins and these pages show its answer.

use crate::account::form::FormError;
use crate::api::reference::{
    admin_agencies, admin_categories, admin_holidays, admin_rules, test_route, AddHoliday, AddRule,
    AgencyAdminPage, AgencyAdminRow, CategoryAdminRow, HolidayPage, RemoveHoliday, RemoveRule,
    RulePage, RuleRow, SaveAgency, SaveCategory, SetAgencyActive,
};
use crate::api::reference::{admin_templates, SaveTemplate};
use crate::components::form::{form_error, last_error, Field, FormAlert};
use crate::domain::admin::{AGENCY_KINDS, ICONS};
use crate::domain::console::TemplateKind;
use crate::dto::admin::TemplateRow;
use crate::i18n::admin::{icon_label, kind_label, template_kind_label, weekday_label};
use crate::i18n::{format_count, use_lang};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

/// Links between the administration pages; the current one is marked.
#[component]
pub fn AdminNav(current: &'static str) -> impl IntoView {
    let lang = use_lang();
    let a = lang.account();
    let r = lang.admin();
    let links = [
        ("/admin/users", a.nav_admin_users),
        ("/admin/audit", a.nav_admin_audit),
        ("/admin/categories", r.nav_categories),
        ("/admin/agencies", r.nav_agencies),
        ("/admin/routing", r.nav_routing),
        ("/admin/templates", r.nav_templates),
        ("/admin/holidays", r.nav_holidays),
    ];
    view! {
        <nav class="admin-nav" aria-label=r.nav_label>
            {links.into_iter().map(|(href, label)| view! {
                <A href=href attr:aria-current=(href == current).then_some("page")>{label}</A>
            }).collect_view()}
        </nav>
    }
}

/// The value a field shows: what was typed before a refusal, else the stored one.
fn shown(errors: Signal<Option<FormError>>, name: &str, stored: String) -> String {
    errors
        .get_untracked()
        .and_then(|e| e.value(name).map(str::to_string))
        .unwrap_or(stored)
}

/// A checkbox's state: as sent before a refusal, else the stored one.
fn ticked(errors: Signal<Option<FormError>>, stored: bool) -> bool {
    match errors
        .get_untracked()
        .as_ref()
        .and_then(|e| e.value("active"))
    {
        Some(v) => v == "on",
        None => stored,
    }
}

fn problem(
    errors: Signal<Option<FormError>>,
    name: &'static str,
) -> impl Fn() -> Option<String> + Send + Sync {
    let lang = use_lang();
    move || {
        errors
            .get()
            .and_then(|e| e.problem(name))
            .map(|p| p.message(lang))
    }
}

fn load_error(e: crate::api::AppError) -> AnyView {
    let lang = use_lang();
    crate::pages::set_status(e.status_code());
    view! { <p class="error" role="alert" data-testid="admin-error">{e.message(lang)}</p> }
        .into_any()
}

/// A query parameter as a positive id.
fn id_param(name: &'static str) -> Memo<Option<i64>> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| q.get(name).and_then(|v| v.parse().ok())))
}

// ------------------------------------------------------------------ categories

#[component]
pub fn AdminCategoriesPage() -> impl IntoView {
    let lang = use_lang();
    let r = lang.admin();
    let saved = id_param("saved");
    let edit = id_param("edit");
    let action = ServerAction::<SaveCategory>::new();
    let rows = Resource::new(
        move || (saved.get(), action.version().get()),
        |_| admin_categories(),
    );
    view! {
        <Title text=r.cat_title/>
        <section class="admin-page">
            <AdminNav current="/admin/categories"/>
            <h1>{r.cat_title}</h1>
            <p class="intro">{r.cat_intro}</p>
            {move || saved.get().map(|_| view! { <p class="notice" role="status" data-testid="notice">{r.saved}</p> })}
            <Suspense fallback=move || view! { <p class="loading" role="status">{r.loading}</p> }>
                {move || rows.get().map(|res| match res {
                    Ok(list) => {
                        let editing = edit.get().and_then(|id| list.iter().find(|c| c.id == id).cloned());
                        view! {
                            <CategoryTable rows=list saved=saved.get_untracked()/>
                            <CategoryForm row=editing action/>
                        }.into_any()
                    }
                    Err(e) => load_error(e),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn CategoryTable(rows: Vec<CategoryAdminRow>, saved: Option<i64>) -> impl IntoView {
    let lang = use_lang();
    let r = lang.admin();
    view! {
        <div class="table-wrap">
            <table class="admin-table" data-testid="categories-table">
                <thead>
                    <tr>
                        <th scope="col">{r.cat_col_order}</th>
                        <th scope="col">{r.cat_col_name}</th>
                        <th scope="col">{r.cat_col_code}</th>
                        <th scope="col">{r.cat_col_days}</th>
                        <th scope="col">{r.cat_col_colour}</th>
                        <th scope="col">{r.col_status}</th>
                        <th scope="col" class="num">{r.col_reports}</th>
                        <th scope="col">{r.col_actions}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|c| {
                        let days = r.days_pair
                            .replace("{normal}", &c.default_days.to_string())
                            .replace("{urgent}", &c.urgent_days.to_string());
                        view! {
                            <tr data-testid=format!("category-{}", c.code) class:saved=saved == Some(c.id)>
                                <td class="num">{c.sort_order}</td>
                                <td>{c.name_vi.clone()}<br/><small lang="en">{c.name_en.clone()}</small></td>
                                <td><code>{c.code.clone()}</code></td>
                                <td class="nowrap">{days}</td>
                                <td class="nowrap">
                                    <svg class="swatch" viewBox="0 0 10 10" aria-hidden="true"><rect width="10" height="10" rx="2" fill=c.color.clone()></rect></svg>
                                    " " {c.color.clone()} ", " {icon_label(lang, &c.icon)}
                                </td>
                                <td><span class=if c.active { "badge user-active" } else { "badge user-disabled" }>
                                    {if c.active { r.active } else { r.inactive }}
                                </span></td>
                                <td class="num">{format_count(lang, c.reports)}</td>
                                <td><A href=format!("/admin/categories?edit={}#category-form", c.id) attr:class="button small">{r.edit}</A></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn CategoryForm(
    row: Option<CategoryAdminRow>,
    action: ServerAction<SaveCategory>,
) -> impl IntoView {
    let lang = use_lang();
    let r = lang.admin();
    let errors = form_error(action.value());
    let id = row.as_ref().map(|c| c.id);
    let title = match &row {
        Some(c) => r.cat_edit.replace("{name}", &c.name_vi),
        None => r.cat_new.to_string(),
    };
    let get = |f: fn(&CategoryAdminRow) -> String, default: &str| {
        row.as_ref().map(f).unwrap_or_else(|| default.to_string())
    };
    let color = shown(errors, "color", get(|c| c.color.clone(), "#4b5563"));
    let icon = shown(errors, "icon", get(|c| c.icon.clone(), "dots"));
    let name_vi = shown(errors, "name_vi", get(|c| c.name_vi.clone(), ""));
    let name_en = shown(errors, "name_en", get(|c| c.name_en.clone(), ""));
    let default_days = shown(
        errors,
        "default_days",
        get(|c| c.default_days.to_string(), "15"),
    );
    let urgent_days = shown(
        errors,
        "urgent_days",
        get(|c| c.urgent_days.to_string(), "5"),
    );
    let sort_order = shown(
        errors,
        "sort_order",
        get(|c| c.sort_order.to_string(), "100"),
    );
    let active = ticked(errors, row.as_ref().map(|c| c.active).unwrap_or(true));
    let fixed_code = row.map(|c| c.code);
    view! {
        <section class="admin-form" id="category-form" aria-labelledby="category-form-title">
            <h2 id="category-form-title">{title}</h2>
            <ActionForm action=action attr:data-testid="category-form">
                <FormAlert error=last_error(action.value())/>
                {id.map(|id| view! { <input type="hidden" name="id" value=id.to_string()/> })}
                {match fixed_code {
                    Some(code) => view! {
                        <p class="field"><span class="label">{r.f_code}</span> " " <code>{code}</code></p>
                    }.into_any(),
                    None => view! {
                        <Field name="code" label=r.f_code errors hint=r.f_code_hint value=shown(errors, "code", String::new())/>
                    }.into_any(),
                }}
                <Field name="name_vi" label=r.f_name_vi errors value=name_vi/>
                <Field name="name_en" label=r.f_name_en errors value=name_en/>
                <div class="field-row">
                    <Field name="default_days" label=r.f_default_days errors kind="number" inputmode="numeric" value=default_days/>
                    <Field name="urgent_days" label=r.f_urgent_days errors kind="number" inputmode="numeric" value=urgent_days/>
                    <Field name="sort_order" label=r.f_order errors kind="number" inputmode="numeric" value=sort_order/>
                </div>
                <div class="field-row">
                    <Field name="color" label=r.f_color errors value=color/>
                    <div class="field form-field">
                        <label for="f-icon">{r.f_icon}</label>
                        <select id="f-icon" name="icon">
                            {ICONS.into_iter().map(|i| view! {
                                <option value=i selected=i == icon>{icon_label(lang, i)}</option>
                            }).collect_view()}
                        </select>
                        <p class="field-error" data-testid="error-icon" aria-live="polite">{problem(errors, "icon")}</p>
                    </div>
                </div>
                <label class="check">
                    <input type="checkbox" name="active" value="on" checked=active/>
                    " " {r.f_active}
                </label>
                <div class="form-actions">
                    <button type="submit" class="button primary">{if id.is_some() { r.save } else { r.add }}</button>
                    {id.map(|_| view! { <A href="/admin/categories" attr:class="button">{r.cancel}</A> })}
                </div>
            </ActionForm>
        </section>
    }
}

// ------------------------------------------------------------------ agencies

#[component]
pub fn AdminAgenciesPage() -> impl IntoView {
    let lang = use_lang();
    let r = lang.admin();
    let saved = id_param("saved");
    let edit = id_param("edit");
    let save = ServerAction::<SaveAgency>::new();
    let toggle = ServerAction::<SetAgencyActive>::new();
    let page = Resource::new(
        move || (saved.get(), save.version().get(), toggle.version().get()),
        |_| admin_agencies(),
    );
    view! {
        <Title text=r.ag_title/>
        <section class="admin-page">
            <AdminNav current="/admin/agencies"/>
            <h1>{r.ag_title}</h1>
            <p class="intro">{r.ag_intro}</p>
            {move || saved.get().map(|_| view! { <p class="notice" role="status" data-testid="notice">{r.saved}</p> })}
            <FormAlert error=last_error(toggle.value())/>
            <Suspense fallback=move || view! { <p class="loading" role="status">{r.loading}</p> }>
                {move || page.get().map(|res| match res {
                    Ok(p) => {
                        let editing = edit.get().and_then(|id| p.rows.iter().find(|a| a.id == id).cloned());
                        view! {
                            <AgencyTable page=p.clone() saved=saved.get_untracked() toggle/>
                            <AgencyForm row=editing page=p action=save/>
                        }.into_any()
                    }
                    Err(e) => load_error(e),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn AgencyTable(
    page: AgencyAdminPage,
    saved: Option<i64>,
    toggle: ServerAction<SetAgencyActive>,
) -> impl IntoView {
    let lang = use_lang();
    let r = lang.admin();
    view! {
        <div class="table-wrap">
            <table class="admin-table" data-testid="agencies-table">
                <thead>
                    <tr>
                        <th scope="col">{r.ag_col_name}</th>
                        <th scope="col">{r.ag_col_kind}</th>
                        <th scope="col">{r.ag_col_area}</th>
                        <th scope="col">{r.ag_col_parent}</th>
                        <th scope="col">{r.ag_col_contact}</th>
                        <th scope="col">{r.col_status}</th>
                        <th scope="col" class="num">{r.ag_col_staff}</th>
                        <th scope="col" class="num">{r.col_reports}</th>
                        <th scope="col">{r.col_actions}</th>
                    </tr>
                </thead>
                <tbody>
                    {page.rows.into_iter().map(|a| {
                        let marked = saved == Some(a.id);
                        view! { <AgencyLine a saved=marked toggle/> }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn AgencyLine(
    a: AgencyAdminRow,
    saved: bool,
    toggle: ServerAction<SetAgencyActive>,
) -> impl IntoView {
    let lang = use_lang();
    let r = lang.admin();
    let confirm = r.deactivate_confirm.replace("{name}", &a.name);
    let id = a.id;
    view! {
        <tr data-testid=format!("agency-{}", a.code) class:saved=saved class:inactive=!a.active>
            <td>{a.name.clone()}<br/><small><code>{a.code.clone()}</code></small></td>
            <td>{kind_label(lang, &a.kind)}</td>
            <td>{a.area.clone().unwrap_or_else(|| "—".into())}</td>
            <td>{a.parent.clone().unwrap_or_else(|| "—".into())}</td>
            <td>
                {a.phone.clone().map(|p| view! { <span class="nowrap">{p}</span><br/> })}
                {a.email.clone().map(|e| view! { <small>{e}</small> })}
            </td>
            <td><span class=if a.active { "badge user-active" } else { "badge user-disabled" }>
                {if a.active { r.active } else { r.inactive }}
            </span></td>
            <td class="num">{format_count(lang, a.staff)}</td>
            <td class="num">{format_count(lang, a.reports)}</td>
            <td class="actions">
                <A href=format!("/admin/agencies?edit={id}#agency-form") attr:class="button small">{r.edit}</A>
                {if a.active {
                    view! {
                        <details class="confirm-box">
                            <summary class="button small danger-outline">{r.deactivate}</summary>
                            <p>{confirm}</p>
                            <ActionForm action=toggle>
                                <input type="hidden" name="id" value=id.to_string()/>
                                <input type="hidden" name="active" value="false"/>
                                <button type="submit" class="button small danger">{r.confirm}</button>
                            </ActionForm>
                        </details>
                    }.into_any()
                } else {
                    view! {
                        <ActionForm action=toggle>
                            <input type="hidden" name="id" value=id.to_string()/>
                            <input type="hidden" name="active" value="true"/>
                            <button type="submit" class="button small">{r.reactivate}</button>
                        </ActionForm>
                    }.into_any()
                }}
            </td>
        </tr>
    }
}

#[component]
fn AgencyForm(
    row: Option<AgencyAdminRow>,
    page: AgencyAdminPage,
    action: ServerAction<SaveAgency>,
) -> impl IntoView {
    let lang = use_lang();
    let r = lang.admin();
    let errors = form_error(action.value());
    let id = row.as_ref().map(|a| a.id);
    let title = match &row {
        Some(a) => r.ag_edit.replace("{name}", &a.name),
        None => r.ag_new.to_string(),
    };
    let text =
        |f: fn(&AgencyAdminRow) -> Option<String>| row.as_ref().and_then(f).unwrap_or_default();
    let kind = shown(
        errors,
        "kind",
        row.as_ref()
            .map(|a| a.kind.clone())
            .unwrap_or_else(|| "department".into()),
    );
    let area = shown(
        errors,
        "area_id",
        text(|a| a.area_id.map(|i| i.to_string())),
    );
    let parent = shown(
        errors,
        "parent_id",
        text(|a| a.parent_id.map(|i| i.to_string())),
    );
    let name = shown(errors, "name", text(|a| Some(a.name.clone())));
    let phone = shown(errors, "phone", text(|a| a.phone.clone()));
    let email = shown(errors, "email", text(|a| a.email.clone()));
    let fixed_code = row.map(|a| a.code);
    // An agency cannot be its own parent; the server also refuses its sub-units.
    let parents: Vec<(i64, String)> = page
        .rows
        .iter()
        .filter(|a| Some(a.id) != id)
        .map(|a| (a.id, a.name.clone()))
        .collect();
    view! {
        <section class="admin-form" id="agency-form" aria-labelledby="agency-form-title">
            <h2 id="agency-form-title">{title}</h2>
            <ActionForm action=action attr:data-testid="agency-form">
                <FormAlert error=last_error(action.value())/>
                {id.map(|id| view! { <input type="hidden" name="id" value=id.to_string()/> })}
                {match fixed_code {
                    Some(code) => view! {
                        <p class="field"><span class="label">{r.f_ag_code}</span> " " <code>{code}</code></p>
                    }.into_any(),
                    None => view! {
                        <Field name="code" label=r.f_ag_code errors hint=r.f_ag_code_hint value=shown(errors, "code", String::new())/>
                    }.into_any(),
                }}
                <Field name="name" label=r.f_ag_name errors value=name/>
                <div class="field-row">
                    <div class="field form-field">
                        <label for="f-kind">{r.f_kind}</label>
                        <select id="f-kind" name="kind">
                            {AGENCY_KINDS.into_iter().map(|k| view! {
                                <option value=k selected=k == kind>{kind_label(lang, k)}</option>
                            }).collect_view()}
                        </select>
                        <p class="field-error" data-testid="error-kind" aria-live="polite">{problem(errors, "kind")}</p>
                    </div>
                    <div class="field form-field">
                        <label for="f-area_id">{r.f_area}</label>
                        <select id="f-area_id" name="area_id">
                            <option value="">{r.no_area}</option>
                            {page.areas.iter().map(|(aid, name)| view! {
                                <option value=aid.to_string() selected=aid.to_string() == area>{name.clone()}</option>
                            }).collect_view()}
                        </select>
                        <p class="field-error" data-testid="error-area_id" aria-live="polite">{problem(errors, "area_id")}</p>
                    </div>
                    <div class="field form-field">
                        <label for="f-parent_id">{r.f_parent}</label>
                        <select id="f-parent_id" name="parent_id">
                            <option value="">{r.no_parent}</option>
                            {parents.into_iter().map(|(pid, name)| view! {
                                <option value=pid.to_string() selected=pid.to_string() == parent>{name}</option>
                            }).collect_view()}
                        </select>
                        <p class="field-error" data-testid="error-parent_id" aria-live="polite">{problem(errors, "parent_id")}</p>
                    </div>
                </div>
                <div class="field-row">
                    <Field name="phone" label=r.f_phone errors kind="tel" required=false value=phone/>
                    <Field name="email" label=r.f_email errors kind="email" required=false value=email/>
                </div>
                <div class="form-actions">
                    <button type="submit" class="button primary">{if id.is_some() { r.save } else { r.add }}</button>
                    {id.map(|_| view! { <A href="/admin/agencies" attr:class="button">{r.cancel}</A> })}
                </div>
            </ActionForm>
        </section>
    }
}

// ------------------------------------------------------------------ holidays

#[component]
pub fn AdminHolidaysPage() -> impl IntoView {
    let lang = use_lang();
    let r = lang.admin();
    let query = use_query_map();
    let year = Memo::new(move |_| query.with(|q| q.get("year")));
    let notice = Memo::new(move |_| {
        query.with(|q| {
            if q.get("removed").is_some() {
                Some(r.hol_removed)
            } else if q.get("saved").is_some() {
                Some(r.saved)
            } else {
                None
            }
        })
    });
    let add = ServerAction::<AddHoliday>::new();
    let remove = ServerAction::<RemoveHoliday>::new();
    let page = Resource::new(
        move || (year.get(), add.version().get(), remove.version().get()),
        |(y, _, _)| admin_holidays(y),
    );
    view! {
        <Title text=r.hol_title/>
        <section class="admin-page">
            <AdminNav current="/admin/holidays"/>
            <h1>{r.hol_title}</h1>
            <p class="intro">{r.hol_intro}</p>
            {move || notice.get().map(|n| view! { <p class="notice" role="status" data-testid="notice">{n}</p> })}
            <FormAlert error=last_error(remove.value())/>
            <Suspense fallback=move || view! { <p class="loading" role="status">{r.loading}</p> }>
                {move || page.get().map(|res| match res {
                    Ok(p) => view! { <HolidayList page=p remove/> }.into_any(),
                    Err(e) => load_error(e),
                })}
            </Suspense>
            <HolidayForm action=add/>
        </section>
    }
}

#[component]
fn HolidayList(page: HolidayPage, remove: ServerAction<RemoveHoliday>) -> impl IntoView {
    let lang = use_lang();
    let r = lang.admin();
    let year = page.year;
    view! {
        <nav class="year-tabs" aria-label=r.hol_year>
            {page.years.iter().map(|&y| view! {
                <A href=format!("/admin/holidays?year={y}") attr:aria-current=(y == year).then_some("page")>{y.to_string()}</A>
            }).collect_view()}
        </nav>
        {if page.rows.is_empty() {
            view! { <p class="empty" data-testid="holidays-empty">{r.hol_empty.replace("{year}", &year.to_string())}</p> }.into_any()
        } else {
            let count = r.hol_count
                .replace("{n}", &format_count(lang, page.rows.len() as u64))
                .replace("{year}", &year.to_string());
            view! {
                <p class="count">{count}</p>
                <div class="table-wrap">
                    <table class="admin-table" data-testid="holidays-table">
                        <thead>
                            <tr>
                                <th scope="col">{r.hol_col_day}</th>
                                <th scope="col">{r.hol_col_weekday}</th>
                                <th scope="col">{r.hol_col_name}</th>
                                <th scope="col">{r.col_actions}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {page.rows.into_iter().map(|h| {
                                let date = chrono::NaiveDate::parse_from_str(&h.day, "%Y-%m-%d").ok();
                                let shown_day = date.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_else(|| h.day.clone());
                                let confirm = r.hol_remove_confirm.replace("{day}", &shown_day);
                                let testid = format!("holiday-{}", h.day);
                                let day = h.day.clone();
                                view! {
                                    <tr data-testid=testid>
                                        <td class="nowrap">{shown_day}</td>
                                        <td>{date.map(|d| weekday_label(lang, d))}</td>
                                        <td>{h.name.clone()}{h.weekend.then(|| view! { " " <small class="muted">"(" {r.hol_weekend} ")"</small> })}</td>
                                        <td>
                                            <details class="confirm-box">
                                                <summary class="button small danger-outline">{r.hol_remove}</summary>
                                                <p>{confirm}</p>
                                                <ActionForm action=remove>
                                                    <input type="hidden" name="day" value=day/>
                                                    <button type="submit" class="button small danger">{r.confirm}</button>
                                                </ActionForm>
                                            </details>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
    .into_any()
}

#[component]
fn HolidayForm(action: ServerAction<AddHoliday>) -> impl IntoView {
    let r = use_lang().admin();
    let errors = form_error(action.value());
    view! {
        <section class="admin-form" aria-labelledby="holiday-form-title">
            <h2 id="holiday-form-title">{r.hol_add}</h2>
            <ActionForm action=action attr:data-testid="holiday-form">
                <FormAlert error=last_error(action.value())/>
                <div class="field-row">
                    <Field name="day" label=r.f_day errors kind="date" value=shown(errors, "day", String::new())/>
                    <Field name="name" label=r.f_hol_name errors value=shown(errors, "name", String::new())/>
                </div>
                <div class="form-actions">
                    <button type="submit" class="button primary">{r.add}</button>
                </div>
            </ActionForm>
        </section>
    }
}

// ------------------------------------------------------------------ routing rules

#[component]
pub fn AdminRoutingPage() -> impl IntoView {
    let lang = use_lang();
    let r = lang.admin();
    let query = use_query_map();
    let notice = Memo::new(move |_| {
        query.with(|q| {
            if q.get("removed").is_some() {
                Some(r.rt_removed)
            } else if q.get("saved").is_some() {
                Some(r.saved)
            } else {
                None
            }
        })
    });
    let add = ServerAction::<AddRule>::new();
    let remove = ServerAction::<RemoveRule>::new();
    let page = Resource::new(
        move || (notice.get(), add.version().get(), remove.version().get()),
        |_| admin_rules(),
    );
    view! {
        <Title text=r.rt_title/>
        <section class="admin-page">
            <AdminNav current="/admin/routing"/>
            <h1>{r.rt_title}</h1>
            <p class="intro">{r.rt_intro}</p>
            {move || notice.get().map(|n| view! { <p class="notice" role="status" data-testid="notice">{n}</p> })}
            <FormAlert error=last_error(remove.value())/>
            <Suspense fallback=move || view! { <p class="loading" role="status">{r.loading}</p> }>
                {move || page.get().map(|res| match res {
                    Ok(p) => view! {
                        <RuleTable rules=p.rules.clone() remove/>
                        <RuleForm page=p.clone() action=add/>
                        <RouteTester categories=p.categories/>
                    }.into_any(),
                    Err(e) => load_error(e),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn RuleTable(rules: Vec<RuleRow>, remove: ServerAction<RemoveRule>) -> impl IntoView {
    let r = use_lang().admin();
    if rules.is_empty() {
        return view! { <p class="empty" data-testid="rules-empty">{r.rt_empty}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="admin-table" data-testid="rules-table">
                <thead>
                    <tr>
                        <th scope="col" class="num">"#"</th>
                        <th scope="col">{r.rt_col_category}</th>
                        <th scope="col">{r.rt_col_area}</th>
                        <th scope="col">{r.rt_col_agency}</th>
                        <th scope="col">{r.rt_col_note}</th>
                        <th scope="col">{r.col_actions}</th>
                    </tr>
                </thead>
                <tbody>
                    {rules.into_iter().map(|rule| view! {
                        <tr data-testid=format!("rule-{}", rule.id) class:inactive=!rule.agency_active>
                            <td class="num">{rule.id}</td>
                            <td>{rule.category.clone().unwrap_or_else(|| r.any_category.to_string())}</td>
                            <td>{rule.area.clone().unwrap_or_else(|| r.whole_province.to_string())}</td>
                            <td>
                                {rule.agency.clone()}
                                {(!rule.agency_active).then(|| view! { <br/><small>"(" {r.rt_inactive} ")"</small> })}
                            </td>
                            <td>{rule.note.clone().unwrap_or_default()}</td>
                            <td>
                                <details class="confirm-box">
                                    <summary class="button small danger-outline">{r.rt_remove}</summary>
                                    <p>{r.rt_remove_confirm}</p>
                                    <ActionForm action=remove>
                                        <input type="hidden" name="id" value=rule.id.to_string()/>
                                        <button type="submit" class="button small danger">{r.confirm}</button>
                                    </ActionForm>
                                </details>
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// A labelled select of (id, name) choices with an "any"/"none" first option.
#[component]
fn Choice(
    name: &'static str,
    label: &'static str,
    first: Option<&'static str>,
    choices: Vec<(i64, String)>,
    selected: String,
    errors: Signal<Option<FormError>>,
) -> impl IntoView {
    let id = format!("f-{name}");
    view! {
        <div class="field form-field">
            <label for=id.clone()>{label}</label>
            <select id=id name=name>
                {first.map(|f| view! { <option value="">{f}</option> })}
                {choices.into_iter().map(|(cid, cname)| view! {
                    <option value=cid.to_string() selected=cid.to_string() == selected>{cname}</option>
                }).collect_view()}
            </select>
            <p class="field-error" data-testid=format!("error-{name}") aria-live="polite">{problem(errors, name)}</p>
        </div>
    }
}

#[component]
fn RuleForm(page: RulePage, action: ServerAction<AddRule>) -> impl IntoView {
    let r = use_lang().admin();
    let errors = form_error(action.value());
    let sel = move |name: &str| shown(errors, name, String::new());
    view! {
        <section class="admin-form" aria-labelledby="rule-form-title">
            <h2 id="rule-form-title">{r.rt_add}</h2>
            <ActionForm action=action attr:data-testid="rule-form">
                <FormAlert error=last_error(action.value())/>
                <div class="field-row">
                    <Choice name="category_id" label=r.rt_col_category first=Some(r.any_category) choices=page.categories.clone() selected=sel("category_id") errors/>
                    <Choice name="area_id" label=r.rt_col_area first=Some(r.whole_province) choices=page.areas selected=sel("area_id") errors/>
                    <Choice name="agency_id" label=r.rt_col_agency first=None choices=page.agencies selected=sel("agency_id") errors/>
                </div>
                <Field name="note" label=r.f_rt_note errors required=false value=sel("note")/>
                <div class="form-actions">
                    <button type="submit" class="button primary">{r.add}</button>
                </div>
            </ActionForm>
        </section>
    }
}

/// "Test a point": a plain GET form (lat, lng, category); the map sets the point once
/// hydrated. The answer comes from the same routing as filing.
#[component]
fn RouteTester(categories: Vec<(i64, String)>) -> impl IntoView {
    let lang = use_lang();
    let r = lang.admin();
    let query = use_query_map();
    let asked = Memo::new(move |_| {
        query.with(|q| {
            let lat = q.get("lat").filter(|v| !v.is_empty())?;
            let lng = q.get("lng").unwrap_or_default();
            Some((lat, lng, q.get("category")))
        })
    });
    let initial = asked.get_untracked();
    let lat = RwSignal::new(initial.as_ref().map(|a| a.0.clone()).unwrap_or_default());
    let lng = RwSignal::new(initial.as_ref().map(|a| a.1.clone()).unwrap_or_default());
    let chosen = initial.and_then(|a| a.2).unwrap_or_default();
    let answer = Resource::new(
        move || asked.get(),
        |a| async move {
            match a {
                Some((lat, lng, category)) => Some(test_route(lat, lng, category).await),
                None => None,
            }
        },
    );
    view! {
        <section class="admin-form route-test" aria-labelledby="route-test-title">
            <h2 id="route-test-title">{r.test_title}</h2>
            <p class="intro">{r.test_intro}</p>
            <crate::components::map::PinPicker lat lng hint=r.test_map_hint no_js=r.test_no_js/>
            <leptos_router::components::Form method="GET" action="/admin/routing" attr:class="field-row" attr:data-testid="route-test-form">
                <div class="field form-field">
                    <label for="t-lat">{r.f_lat}</label>
                    <input id="t-lat" name="lat" inputmode="decimal" required prop:value=move || lat.get() on:input=move |ev| lat.set(event_target_value(&ev))/>
                </div>
                <div class="field form-field">
                    <label for="t-lng">{r.f_lng}</label>
                    <input id="t-lng" name="lng" inputmode="decimal" required prop:value=move || lng.get() on:input=move |ev| lng.set(event_target_value(&ev))/>
                </div>
                <div class="field form-field">
                    <label for="t-category">{r.rt_col_category}</label>
                    <select id="t-category" name="category">
                        <option value="">{r.no_category}</option>
                        {categories.into_iter().map(|(cid, name)| view! {
                            <option value=cid.to_string() selected=cid.to_string() == chosen>{name}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="form-actions"><button type="submit" class="button primary">{r.test_button}</button></div>
            </leptos_router::components::Form>
            <Suspense fallback=|| ()>
                {move || answer.get().flatten().map(|res| match res {
                    Ok(t) => {
                        let place = match &t.commune {
                            Some(c) => format!("{c}, {}", t.district),
                            None => t.district.clone(),
                        };
                        let why = match (&t.agency, &t.rule) {
                            (Some(_), Some(rule)) => r.test_by_rule
                                .replace("{id}", &rule.id.to_string())
                                .replace("{category}", rule.category.as_deref().unwrap_or(r.any_category))
                                .replace("{area}", rule.area.as_deref().unwrap_or(r.whole_province)),
                            (Some(_), None) => r.test_by_default.to_string(),
                            (None, _) => r.test_none.to_string(),
                        };
                        view! {
                            <div class="route-answer" role="status" data-testid="route-answer">
                                <p>{r.test_place.replace("{place}", &place)}</p>
                                {t.agency.clone().map(|a| view! { <p><strong data-testid="route-agency">{r.test_agency.replace("{agency}", &a)}</strong></p> })}
                                <p data-testid="route-why">{why}</p>
                            </div>
                        }.into_any()
                    }
                    Err(e) => {
                        crate::pages::set_status(e.status_code());
                        view! { <p class="form-alert" role="alert" data-testid="route-error">{e.message(lang)}</p> }.into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}

// ------------------------------------------------------------------ reply templates

#[component]
pub fn AdminTemplatesPage() -> impl IntoView {
    let lang = use_lang();
    let r = lang.admin();
    let saved = id_param("saved");
    let edit = id_param("edit");
    let action = ServerAction::<SaveTemplate>::new();
    let rows = Resource::new(
        move || (saved.get(), action.version().get()),
        |_| admin_templates(),
    );
    view! {
        <Title text=r.tpl_title/>
        <section class="admin-page">
            <AdminNav current="/admin/templates"/>
            <h1>{r.tpl_title}</h1>
            <p class="intro">{r.tpl_intro}</p>
            {move || saved.get().map(|_| view! { <p class="notice" role="status" data-testid="notice">{r.saved}</p> })}
            <Suspense fallback=move || view! { <p class="loading" role="status">{r.loading}</p> }>
                {move || rows.get().map(|res| match res {
                    Ok(list) => {
                        let editing = edit.get().and_then(|id| list.iter().find(|t| t.id == id).cloned());
                        view! {
                            <TemplateTable rows=list saved=saved.get_untracked()/>
                            <TemplateForm row=editing action/>
                        }.into_any()
                    }
                    Err(e) => load_error(e),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn TemplateTable(rows: Vec<TemplateRow>, saved: Option<i64>) -> impl IntoView {
    let lang = use_lang();
    let r = lang.admin();
    if rows.is_empty() {
        return view! { <p class="empty" data-testid="templates-empty">{r.tpl_empty}</p> }
            .into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="admin-table" data-testid="templates-table">
                <thead>
                    <tr>
                        <th scope="col">{r.tpl_col_kind}</th>
                        <th scope="col" class="num">{r.cat_col_order}</th>
                        <th scope="col">{r.tpl_col_text}</th>
                        <th scope="col">{r.col_status}</th>
                        <th scope="col">{r.col_actions}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|t| {
                        let marked = saved == Some(t.id);
                        view! {
                            <tr data-testid=format!("template-{}", t.id) class:saved=marked class:inactive=!t.active>
                                <td class="nowrap">{template_kind_label(lang, &t.kind)}</td>
                                <td class="num">{t.position}</td>
                                <td>{t.text_vi.clone()}<br/><small lang="en">{t.text_en.clone()}</small></td>
                                <td><span class=if t.active { "badge user-active" } else { "badge user-disabled" }>
                                    {if t.active { r.active } else { r.inactive }}
                                </span></td>
                                <td><A href=format!("/admin/templates?edit={}#template-form", t.id) attr:class="button small">{r.edit}</A></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// A labelled text area that shows the server's message for it.
#[component]
fn TextArea(
    name: &'static str,
    label: &'static str,
    value: String,
    errors: Signal<Option<FormError>>,
) -> impl IntoView {
    let id = format!("f-{name}");
    view! {
        <div class="field form-field">
            <label for=id.clone()>{label}</label>
            <textarea id=id name=name rows="3" maxlength="2000" required>{value}</textarea>
            <p class="field-error" data-testid=format!("error-{name}") aria-live="polite">{problem(errors, name)}</p>
        </div>
    }
}

#[component]
fn TemplateForm(row: Option<TemplateRow>, action: ServerAction<SaveTemplate>) -> impl IntoView {
    let lang = use_lang();
    let r = lang.admin();
    let errors = form_error(action.value());
    let id = row.as_ref().map(|t| t.id);
    let title = match id {
        Some(id) => r.tpl_edit.replace("{id}", &id.to_string()),
        None => r.tpl_new.to_string(),
    };
    let kind = shown(
        errors,
        "kind",
        row.as_ref()
            .map(|t| t.kind.clone())
            .unwrap_or_else(|| "reject".into()),
    );
    let text_vi = shown(
        errors,
        "text_vi",
        row.as_ref().map(|t| t.text_vi.clone()).unwrap_or_default(),
    );
    let text_en = shown(
        errors,
        "text_en",
        row.as_ref().map(|t| t.text_en.clone()).unwrap_or_default(),
    );
    let position = shown(
        errors,
        "position",
        row.as_ref()
            .map(|t| t.position.to_string())
            .unwrap_or_else(|| "100".into()),
    );
    let active = ticked(errors, row.as_ref().map(|t| t.active).unwrap_or(true));
    view! {
        <section class="admin-form" id="template-form" aria-labelledby="template-form-title">
            <h2 id="template-form-title">{title}</h2>
            <ActionForm action=action attr:data-testid="template-form">
                <FormAlert error=last_error(action.value())/>
                {id.map(|id| view! { <input type="hidden" name="id" value=id.to_string()/> })}
                <div class="field-row">
                    <div class="field form-field">
                        <label for="f-kind">{r.f_tpl_kind}</label>
                        <select id="f-kind" name="kind">
                            {TemplateKind::ALL.into_iter().map(|k| view! {
                                <option value=k.as_str() selected=k.as_str() == kind>{template_kind_label(lang, k.as_str())}</option>
                            }).collect_view()}
                        </select>
                        <p class="field-error" data-testid="error-kind" aria-live="polite">{problem(errors, "kind")}</p>
                    </div>
                    <Field name="position" label=r.f_order errors kind="number" inputmode="numeric" value=position/>
                </div>
                <TextArea name="text_vi" label=r.f_text_vi value=text_vi errors/>
                <TextArea name="text_en" label=r.f_text_en value=text_en errors/>
                <label class="check">
                    <input type="checkbox" name="active" value="on" checked=active/>
                    " " {r.f_active}
                </label>
                <div class="form-actions">
                    <button type="submit" class="button primary">{if id.is_some() { r.save } else { r.add }}</button>
                    {id.map(|_| view! { <A href="/admin/templates" attr:class="button">{r.cancel}</A> })}
                </div>
            </ActionForm>
        </section>
    }
}
