//! Filing screens: the report form (new, or a draft to finish), the confirmation with the
//! code, and "my reports". Every form is an `ActionForm`: a plain form post without
//! JavaScript, a server-function call with it.

use crate::account::form::FormError;
use crate::api::filing::{
    find_places, form_key, get_draft, my_reports, nearby_reports, report_form_choices, DeleteDraft,
    SaveReport, WithdrawReport,
};
use crate::api::AppError;
use crate::components::form::{form_error, last_error, FormAlert};
use crate::components::map::PinPicker;
use crate::domain::filing::{FilingForm, CONTENT_MAX, TITLE_MAX};
use crate::domain::lifecycle::Status;
use crate::dto::filing::{Draft, FilingChoices, MyReportRow};
use crate::i18n::{format_date, status_label, use_lang, Lang};
use crate::pages::account::RequireLogin;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

fn query(name: &'static str) -> Option<String> {
    use_query_map()
        .with_untracked(|q| q.get(name))
        .filter(|v| !v.is_empty())
}

/// The message of `field` in the last answer, if it was refused.
fn problem_of(
    errors: Signal<Option<FormError>>,
    field: &'static str,
    lang: Lang,
) -> impl Fn() -> Option<String> {
    move || {
        errors
            .get()
            .and_then(|e| e.problem(field))
            .map(|p| p.message(lang))
    }
}

/// A form field's error line, announced to screen readers.
#[component]
fn FieldError(errors: Signal<Option<FormError>>, field: &'static str) -> impl IntoView {
    let lang = use_lang();
    let id = format!("f-{field}-error");
    view! {
        <p class="field-error" id=id role="alert" data-testid=format!("error-{field}")>
            {problem_of(errors, field, lang)}
        </p>
    }
}

/// `/reports/new` (and `?draft=ID` to finish a draft). The page's resources are made
/// here, once, outside the login check's boundary: made inside it, each re-render of the
/// boundary would ask again.
#[component]
pub fn NewReportPage() -> impl IntoView {
    let lang = use_lang();
    let f = lang.filing();
    let draft_id = query("draft").and_then(|d| d.parse::<i64>().ok());
    // One resource for everything the form needs.
    let setup = Resource::new(
        move || draft_id,
        |id| async move {
            let choices = report_form_choices().await?;
            let draft = match id {
                Some(id) => Some(get_draft(id).await?),
                None => None,
            };
            let key = form_key().await.unwrap_or_default();
            Ok::<_, AppError>((choices, draft, key))
        },
    );
    let action = ServerAction::<SaveReport>::new();
    let errors = form_error(action.value());
    let account = crate::pages::account::page_account();
    view! {
        <Title text=f.new_title/>
        <section class="auth-page filing-page">
            // One boundary for the account and the form alike.
            <Suspense fallback=move || view! { <p class="loading" role="status">{lang.strings().list_loading}</p> }>
                {move || Suspend::new(async move {
                    let me = crate::pages::account::logged_in(account.await, "/reports/new", lang);
                    let setup = setup.await;
                    let on_behalf = match me {
                        Err(v) => return v,
                        Ok(m) => m.role == crate::domain::lifecycle::Role::Operator,
                    };
                    let body = match setup {
                        Ok((choices, draft, key)) => view! {
                            <FormBody action errors choices draft key on_behalf/>
                        }.into_any(),
                        Err(e) => {
                            crate::pages::set_status(e.status_code());
                            view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any()
                        }
                    };
                    view! {
                        <h1>{if on_behalf { f.on_behalf_title } else if draft_id.is_some() { f.edit_title } else { f.new_title }}</h1>
                        <p class="lead">{if on_behalf { f.on_behalf_intro } else { f.new_intro }}</p>
                        <FormAlert error=last_error(action.value())/>
                        {body}
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn FormBody(
    action: ServerAction<SaveReport>,
    errors: Signal<Option<FormError>>,
    choices: FilingChoices,
    draft: Option<Draft>,
    key: String,
    /// The operator files for a caller: who called, and how.
    #[prop(optional)]
    on_behalf: bool,
) -> impl IntoView {
    let lang = use_lang();
    let f = lang.filing();
    // What to fill in: the refused form's values, else the draft's, else nothing.
    let kept = errors.get_untracked();
    let refused_form = kept.is_some();
    let base: FilingForm = draft.as_ref().map(|d| d.form.clone()).unwrap_or_default();
    let value = move |field: &str, from_draft: &str| -> String {
        kept.as_ref()
            .and_then(|e| e.value(field).map(str::to_string))
            .unwrap_or_else(|| from_draft.to_string())
    };
    let title = value("title", &base.title);
    let content = value("content", &base.content);
    let address = value("address", &base.address);
    let category = value("category", &base.category);
    let district = value("district", &base.district);
    let commune = value("commune", &base.commune);
    let draft_value = draft.as_ref().map(|d| d.id.to_string()).unwrap_or_default();
    let pin_lat = RwSignal::new(value("lat", &base.lat));
    let pin_lng = RwSignal::new(value("lng", &base.lng));
    let chosen_category = RwSignal::new(category.clone());
    // "Is it one of these?": asked in the browser once a pin is set (there is no pin to
    // ask about on the server's first render).
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    // Address help: what the typed address may mean, asked in the browser as it is typed.
    let place_list = RwSignal::new(Vec::<crate::dto::filing::PlaceHit>::new());
    let place_note = RwSignal::new(None::<String>);
    // Answers may come back out of order: only the latest question's is shown.
    let asked = StoredValue::new(0u32);
    let ask_places = move |q: String| {
        asked.update_value(|n| *n += 1);
        let mine = asked.get_value();
        if q.trim().chars().count() < 2 {
            place_list.set(Vec::new());
            return;
        }
        leptos::task::spawn_local(async move {
            let hits = find_places(q).await.unwrap_or_default();
            if asked.get_value() == mine {
                place_list.set(hits);
            }
        });
    };
    let choose_place = move |h: crate::dto::filing::PlaceHit| {
        pin_lat.set(h.lat.to_string());
        pin_lng.set(h.lng.to_string());
        set_field("f-district", &h.district);
        set_field("f-commune", &h.commune);
        set_field("f-address", &h.name);
        asked.update_value(|n| *n += 1);
        place_list.set(Vec::new());
        let name = if h.detail.is_empty() {
            h.name.clone()
        } else {
            format!("{}, {}", h.name, h.detail)
        };
        place_note.set(
            h.approximate
                .then(|| f.place_set_hint.replace("{name}", &name)),
        );
    };
    let nearby = LocalResource::new(move || {
        let (lat, lng, category) = (pin_lat.get(), pin_lng.get(), chosen_category.get());
        async move {
            if lat.is_empty() || lng.is_empty() {
                Ok(Vec::new())
            } else {
                nearby_reports(lat, lng, Some(category)).await
            }
        }
    });
    let name_of = move |c: &crate::dto::CategoryRef| match lang {
        Lang::Vi => c.name_vi.clone(),
        Lang::En => c.name_en.clone(),
    };
    let districts = choices.districts.clone();
    let initial_media = draft.as_ref().map(|d| d.media.clone()).unwrap_or_default();
    // Kept in the browser as it is typed, until saved, sent or discarded.
    let memory = crate::components::form_memory::key_of(draft.as_ref().map(|d| d.id));
    let restored = RwSignal::new(false);
    crate::components::form_memory::remember("report-form", memory.clone(), refused_form, restored);
    {
        let memory = memory.clone();
        Effect::new(move |_| {
            if matches!(action.value().get(), Some(Ok(_))) {
                crate::components::form_memory::forget(&memory);
            }
        });
    }
    let media_error = Signal::derive(problem_of(errors, "media", lang));
    view! {
        <ActionForm action attr:id="report-form" attr:class="auth-form report-form" attr:novalidate="" attr:data-testid="report-form">
            {move || restored.get().then(|| view! { <p class="notice" role="status" data-testid="restored">{f.form_restored}</p> })}
            <input type="hidden" name="draft" value=draft_value/>
            <input type="hidden" name="key" value=key/>
            {on_behalf.then(|| {
                let caller_name = value("caller_name", "");
                let caller_phone = value("caller_phone", "");
                view! {
                    <fieldset class="caller" data-testid="caller">
                        <legend>{f.caller_legend}</legend>
                        <div class="form-field">
                            <label for="f-channel">{f.caller_channel}</label>
                            <select id="f-channel" name="on_behalf[channel]">
                                {[crate::domain::lifecycle::Channel::Hotline, crate::domain::lifecycle::Channel::Fanpage, crate::domain::lifecycle::Channel::WalkIn, crate::domain::lifecycle::Channel::Email].into_iter().map(|c| view! {
                                    <option value=c.as_str()>{crate::i18n::channel_label(lang, c)}</option>
                                }).collect_view()}
                            </select>
                            <FieldError errors field="channel"/>
                        </div>
                        <div class="form-field">
                            <label for="f-caller-name">{f.caller_name}</label>
                            <input id="f-caller-name" name="on_behalf[name]" type="text" maxlength="100" value=caller_name autocomplete="off"/>
                            <FieldError errors field="caller_name"/>
                        </div>
                        <div class="form-field">
                            <label for="f-caller-phone">{f.caller_phone}</label>
                            <input id="f-caller-phone" name="on_behalf[phone]" type="tel" inputmode="tel" maxlength="20" value=caller_phone autocomplete="off"/>
                            <span class="field-hint">{f.caller_private}</span>
                            <FieldError errors field="caller_phone"/>
                        </div>
                    </fieldset>
                }
            })}
            <div class="form-field">
                <label for="f-title">{f.field_title}</label>
                <input id="f-title" name="form[title]" type="text" maxlength=TITLE_MAX.to_string() value=title aria-describedby="f-title-hint f-title-error"/>
                <span class="field-hint" id="f-title-hint">{f.field_title_hint}</span>
                <FieldError errors field="title"/>
            </div>
            <div class="form-field">
                <label for="f-content">{f.field_content}</label>
                <textarea id="f-content" name="form[content]" rows="6" maxlength=CONTENT_MAX.to_string() aria-describedby="f-content-hint f-content-error">{content}</textarea>
                <span class="field-hint" id="f-content-hint">{f.field_content_hint}</span>
                <FieldError errors field="content"/>
            </div>
            <div class="form-field">
                <label for="f-category">{f.field_category}</label>
                <select id="f-category" name="form[category]" on:change=move |ev| chosen_category.set(event_target_value(&ev))>
                    <option value="">{f.category_none}</option>
                    {choices.categories.iter().map(|c| {
                        let selected = c.code == category;
                        view! { <option value=c.code.clone() selected=selected>{name_of(c)}</option> }
                    }).collect_view()}
                </select>
                <FieldError errors field="category"/>
            </div>
            <fieldset class="place">
                <legend>{f.place_legend}</legend>
                <PinPicker lat=pin_lat lng=pin_lng/>
                {move || {
                    // Read in the browser only: a local resource read while the server
                    // renders is never ready there, and the page's boundary sometimes waited
                    // for it for good (the form never streamed).
                    if !mounted.get() {
                        return None;
                    }
                    nearby.get().and_then(|r| r.ok()).filter(|list| !list.is_empty()).map(|list| view! {
                        <section class="nearby" data-testid="nearby" aria-live="polite">
                            <h2>{f.nearby_title}</h2>
                            <p class="field-hint">{f.nearby_hint}</p>
                            <ul>
                                {list.into_iter().map(|n| view! {
                                    <li>
                                        <a href=format!("/reports/{}", n.code) target="_blank">{n.title.clone()}</a>
                                        " · "{n.code.clone()}" · "{status_label(lang, n.status)}" · "
                                        {f.nearby_distance.replace("{n}", &n.distance_m.to_string())}
                                    </li>
                                }).collect_view()}
                            </ul>
                        </section>
                    })
                }}
                <div class="form-field">
                    <label for="f-district">{f.field_district}</label>
                    <select id="f-district" name="form[district]" aria-describedby="f-district-error">
                        <option value="">{f.district_none}</option>
                        {districts.iter().map(|d| {
                            let selected = d.code == district;
                            view! { <option value=d.code.clone() selected=selected>{d.name.clone()}</option> }
                        }).collect_view()}
                    </select>
                    <FieldError errors field="district"/>
                </div>
                <div class="form-field">
                    <label for="f-commune">{f.field_commune}</label>
                    <select id="f-commune" name="form[commune]">
                        <option value="">{f.commune_none}</option>
                        {districts.iter().map(|d| {
                            let communes: Vec<_> = choices.communes.iter().filter(|c| c.district == d.code).cloned().collect();
                            let commune = commune.clone();
                            view! {
                                <optgroup label=d.name.clone()>
                                    {communes.into_iter().map(|c| {
                                        let selected = c.code == commune;
                                        view! { <option value=c.code.clone() selected=selected>{c.name.clone()}</option> }
                                    }).collect_view()}
                                </optgroup>
                            }
                        }).collect_view()}
                    </select>
                    <FieldError errors field="commune"/>
                </div>
                <div class="form-field">
                    <label for="f-address">{f.field_address}</label>
                    <input id="f-address" name="form[address]" type="text" value=address aria-describedby="f-address-hint" autocomplete="off"
                        data-testid="address" on:input=move |ev| ask_places(event_target_value(&ev))/>
                    <span class="field-hint" id="f-address-hint">{f.field_address_hint}</span>
                    {move || {
                        let list = place_list.get();
                        (!list.is_empty()).then(|| view! {
                            <div class="place-hits" data-testid="place-hits">
                                <p class="field-hint">{f.place_hits_label}</p>
                                <ul>
                                    {list.into_iter().map(|h| {
                                        let label = h.name.clone();
                                        let detail = h.detail.clone();
                                        view! {
                                            <li><button type="button" class="button small" on:click=move |_| choose_place(h.clone())>
                                                {label}{(!detail.is_empty()).then(|| format!(" · {detail}"))}
                                            </button></li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </div>
                        })
                    }}
                    {move || place_note.get().map(|n| view! { <p class="field-hint" role="status" data-testid="place-set">{n}</p> })}
                    <FieldError errors field="address"/>
                </div>
                <input type="hidden" name="form[lat]" value=pin_lat.get_untracked() prop:value=move || pin_lat.get()/>
                <input type="hidden" name="form[lng]" value=pin_lng.get_untracked() prop:value=move || pin_lng.get()/>
                <FieldError errors field="place"/>
                <p class="field-hint" data-testid="place-note">
                    {move || if pin_lat.get().is_empty() { f.place_note } else { f.place_pin_note }}
                </p>
            </fieldset>
            <crate::components::upload::Attachments initial=initial_media error=media_error/>
            <label class="check"><input type="checkbox" name="form[urgent]" value="true" checked=base.urgent/>" "{f.field_urgent}</label>
            {(!on_behalf).then(|| view! {
                <label class="check"><input type="checkbox" name="form[hide_name]" value="true" checked=base.hide_name/>" "{f.field_hide_name}</label>
            })}
            <div class="button-row">
                <button type="submit" name="intent" value="send" class="button primary" data-testid="send-report" prop:disabled=move || action.pending().get()>
                    {move || if action.pending().get() { f.sending } else { f.send }}
                </button>
                {(!on_behalf).then(|| view! {
                    <button type="submit" name="intent" value="draft" class="button" data-testid="save-draft">{f.save_draft}</button>
                })}
            </div>
            <details class="confirm-box" data-testid="cancel-report">
                <summary class="button">{f.cancel}</summary>
                <p>{f.cancel_question}</p>
                <div class="button-row">
                    <a class="button danger" href="/me/reports" on:click={
                        let memory = memory.clone();
                        move |_| crate::components::form_memory::forget(&memory)
                    }>{f.cancel_confirm}</a>
                </div>
            </details>
        </ActionForm>
    }
}

/// `/reports/sent?code=…`: what was sent and what happens next.
#[component]
pub fn SentPage() -> impl IntoView {
    let f = use_lang().filing();
    let code = query("code")
        .and_then(|c| c.parse::<crate::domain::code::ReportCode>().ok())
        .map(|c| c.to_string());
    view! {
        <Title text=f.sent_title/>
        <section class="auth-page">
            <h1>{f.sent_title}</h1>
            {code.map(|code| view! {
                <p class="sent-code">{f.sent_code}": " <strong data-testid="sent-code">{code}</strong></p>
            })}
            <p>{f.sent_next}</p>
            <div class="button-row">
                <A href="/me/reports" attr:class="button primary">{f.sent_mine}</A>
                <A href="/reports/new" attr:class="button">{f.sent_another}</A>
            </div>
        </section>
    }
}

/// `/me/reports`: own reports and drafts, newest first, with filters and pages.
#[component]
pub fn MyReportsPage() -> impl IntoView {
    let f = use_lang().filing();
    let q = use_query_map();
    // The author's own reports' changes arrive on the live stream whatever the page watches.
    let live = crate::components::live::use_live();
    let rows = Resource::new(
        move || {
            live.report.track();
            q.with(|q| {
                (
                    q.get("status"),
                    q.get("from"),
                    q.get("to"),
                    q.get("page").and_then(|p| p.parse::<u64>().ok()),
                )
            })
        },
        |(status, from, to, page)| my_reports(status, from, to, page),
    );
    view! {
        <Title text=f.mine_title/>
        <section class="admin-page my-reports">
            <RequireLogin next="/me/reports" content=move |_| view! { <MyReportsList rows/> }/>
        </section>
    }
}

#[component]
fn MyReportsList(
    rows: Resource<Result<crate::dto::filing::MyReportsPage, crate::api::AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let f = lang.filing();
    let q = use_query_map();
    let status_now = move || q.with(|q| q.get("status").unwrap_or_default());
    let notice = move || {
        q.with(|q| {
            if q.get("saved").is_some() {
                Some(f.mine_saved)
            } else if q.get("deleted").is_some() {
                Some(f.mine_deleted)
            } else if q.get("withdrawn").is_some() {
                Some(f.mine_withdrawn)
            } else {
                None
            }
        })
    };
    let statuses = [
        Status::Draft,
        Status::Submitted,
        Status::Verified,
        Status::Dispatched,
        Status::Processing,
        Status::Resolved,
        Status::Published,
        Status::Closed,
        Status::Rejected,
        Status::Duplicate,
        Status::Withdrawn,
    ];
    view! {
        <h1>{f.mine_title}</h1>
        {move || notice().map(|t| view! { <p class="notice" role="status" data-testid="notice">{t}</p> })}
        <form method="get" action="/me/reports" class="filter-form admin-filter">
            <div class="field">
                <label for="m-status">{f.filter_status}</label>
                <select id="m-status" name="status">
                    <option value="">{f.filter_all}</option>
                    {statuses.into_iter().map(|s| view! {
                        <option value=s.as_str() selected=move || status_now() == s.as_str()>{status_label(lang, s)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="m-from">{f.filter_from}</label>
                <input id="m-from" type="date" name="from" value=move || q.with(|q| q.get("from").unwrap_or_default())/>
            </div>
            <div class="field">
                <label for="m-to">{f.filter_to}</label>
                <input id="m-to" type="date" name="to" value=move || q.with(|q| q.get("to").unwrap_or_default())/>
            </div>
            <div class="field actions"><button type="submit" class="button">{f.filter_apply}</button></div>
        </form>
        <p><A href="/reports/new" attr:class="button primary">{f.nav_file}</A></p>
        <Transition fallback=move || view! { <p class="loading" role="status">{lang.strings().list_loading}</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(page) if page.rows.is_empty() => view! { <p class="empty" data-testid="my-reports-empty">{f.mine_empty}</p> }.into_any(),
                    Ok(page) => {
                        let p = page.page;
                        let more = page.has_more;
                        let link = move |n: u64| q.with_untracked(|q| {
                            let mut parts: Vec<String> = ["status", "from", "to"].iter()
                                .filter_map(|k| q.get(k).map(|v| format!("{k}={}", urlencoding::encode(&v))))
                                .collect();
                            parts.push(format!("page={n}"));
                            format!("/me/reports?{}", parts.join("&"))
                        });
                        view! {
                            <ul class="my-list" data-testid="my-reports">
                                {page.rows.into_iter().map(|r| view! { <MyRow row=r/> }).collect_view()}
                            </ul>
                            <nav class="pager">
                                {(p > 1).then(|| view! { <A href=link(p - 1)>{f.previous_page}</A> })}
                                {more.then(|| view! { <A href=link(p + 1)>{f.next_page}</A> })}
                            </nav>
                        }.into_any()
                    }
                    Err(e) => {
                        crate::pages::set_status(e.status_code());
                        view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn MyRow(row: MyReportRow) -> impl IntoView {
    let lang = use_lang();
    let f = lang.filing();
    let delete = ServerAction::<DeleteDraft>::new();
    let withdraw = ServerAction::<WithdrawReport>::new();
    let is_draft = row.status == Status::Draft;
    // Every sent report has a page its author can open, public or not yet.
    let heading = match &row.code {
        Some(code) => {
            view! { <A href=format!("/reports/{code}")>{row.title.clone()}</A> }.into_any()
        }
        None => view! { <span>{row.title.clone()}</span> }.into_any(),
    };
    let meta = [row.code.clone(), row.category.clone(), row.district.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <li class="my-row" data-testid="my-report" data-status=row.status.as_str()>
            {row.first_photo.map(|id| view! {
                <img class="thumb" src=format!("/media/{id}/thumb") alt="" width="56" height="56" loading="lazy"/>
            })}
            <p class="my-title">{heading}</p>
            <p class="my-meta">
                <span class="badge">{if is_draft { f.draft_label } else { status_label(lang, row.status) }}</span>
                " "{meta}" · "{format_date(row.at)}
                {(row.comment_count > 0).then(|| format!(" · {} {}", row.comment_count, f.comments))}
            </p>
            {is_draft.then(|| view! {
                <div class="button-row">
                    <A href=format!("/reports/new?draft={}", row.id) attr:class="button small">{f.draft_edit}</A>
                    <details class="confirm-box">
                        <summary class="button small danger-outline">{f.draft_delete}</summary>
                        <p>{f.draft_delete_question}</p>
                        <ActionForm action=delete>
                            <input type="hidden" name="id" value=row.id.to_string()/>
                            <button type="submit" class="button small danger">{f.draft_delete}</button>
                        </ActionForm>
                    </details>
                </div>
            })}
            {(row.status == Status::Submitted).then(|| {
                let code = row.code.clone().unwrap_or_default();
                view! {
                    <details class="confirm-box">
                        <summary class="button small danger-outline">{f.withdraw}</summary>
                        <p>{f.withdraw_question}</p>
                        <ActionForm action=withdraw>
                            <input type="hidden" name="code" value=code/>
                            <button type="submit" class="button small danger">{f.withdraw}</button>
                        </ActionForm>
                    </details>
                }
            })}
        </li>
    }
}

/// The phone's tab bar (always visible on small screens, hidden from 720 px up where the
/// header has room): the public map, filing, my reports, the account.
#[component]
pub fn TabBar() -> impl IntoView {
    let f = use_lang().filing();
    view! {
        <nav class="tab-bar" aria-label=f.tabs_label data-testid="tab-bar">
            <A href="/">{f.nav_map}</A>
            <A href="/reports/new" attr:class="tab-file">{f.nav_file}</A>
            <A href="/me/reports">{f.nav_mine}</A>
            <A href="/account">{f.nav_me}</A>
        </nav>
    }
}

/// Sets a form field's value in the page (address help fills district, commune, address).
fn set_field(id: &str, value: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(e) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    {
        let _ = js_sys::Reflect::set(&e, &"value".into(), &value.into());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, value);
}
