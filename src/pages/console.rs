//! The officials' console: `/console` (the inbox: tabs with counts, filters, the list, bulk
//! actions) and `/console/r/:code` (the report workspace beside the list). Every action is
//! a plain form: it works without JavaScript, and with it the page updates in place.

use crate::api::console::{
    console_field, console_form_choices, console_inbox, console_report, ConsoleAct, ConsoleAssign,
    ConsoleBulk, ConsoleFieldMove, ConsoleNote,
};
use crate::api::AppError;
use crate::components::form::{form_error, last_error, FormAlert};
use crate::components::{LevelBadge, StatusBadge};
use crate::domain::console::{needs_confirmation, DueState, Tab, TemplateKind};
use crate::domain::lifecycle::{Action, Channel, Level};
use crate::dto::console::{ConsoleChoices, InboxFilter, InboxPage, InboxRow, Template, Workspace};
use crate::i18n::{action_label, channel_label, format_datetime, status_label, use_lang, Lang};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::{use_params_map, use_query_map};

fn filter_from_query() -> Memo<(InboxFilter, u64)> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| {
            let get = |k: &str| q.get(k).unwrap_or_default();
            (
                InboxFilter {
                    tab: get("tab"),
                    district: get("district"),
                    commune: get("commune"),
                    category: get("category"),
                    level: get("level"),
                    channel: get("channel"),
                    agency: get("agency"),
                    from: get("from"),
                    to: get("to"),
                    q: get("q"),
                },
                q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
            )
        })
    })
}

fn due_text(lang: Lang, d: DueState) -> String {
    match lang {
        Lang::Vi => d.vi(),
        Lang::En => d.en(),
    }
}

fn refused(lang: Lang, e: &AppError) -> AnyView {
    crate::pages::set_status(e.status_code());
    let c = lang.console();
    let text = match e {
        AppError::Denied(_) => c.not_staff.to_string(),
        other => other.message(lang),
    };
    view! { <p class="error" role="alert" data-testid="console-error">{text}</p> }.into_any()
}

/// `/console`: the inbox.
#[component]
pub fn ConsolePage() -> impl IntoView {
    let lang = use_lang();
    let c = lang.console();
    let filter = filter_from_query();
    let bulk = ServerAction::<ConsoleBulk>::new();
    // The live stream's inbox counter: a new or changed report refetches the list in place.
    let live = crate::components::live::use_live();
    let inbox = Resource::new(
        move || (filter.get(), bulk.version().get(), live.inbox.get()),
        |((f, page), _, _)| console_inbox(f, Some(page)),
    );
    let choices = Resource::new(|| (), |_| console_form_choices());
    view! {
        <Title text=c.title/>
        <section class="console" data-testid="console">
            <h1 class="visually-hidden">{c.title}</h1>
            <Transition fallback=move || view! { <p class="loading" role="status">{c.loading}</p> }>
                {move || Suspend::new(async move {
                    let (page, choices) = (inbox.await, choices.await);
                    match (page, choices) {
                        (Ok(page), Ok(choices)) => view! {
                            <Inbox page choices filter=filter.get().0 bulk/>
                        }.into_any(),
                        (Err(e), _) | (_, Err(e)) => refused(lang, &e),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Tabs(page: InboxPage, filter: InboxFilter) -> impl IntoView {
    let lang = use_lang();
    let c = lang.console();
    view! {
        <nav class="console-tabs" aria-label=c.tabs_label data-testid="console-tabs">
            {page.counts.iter().map(|&(tab, n)| {
                let current = tab == page.tab;
                let alert = tab == Tab::Overdue && n > 0;
                view! {
                    <a href=filter.on_tab(tab).href(1)
                        class="console-tab" class:current=current
                        class:alert=alert
                        aria-current=current.then_some("page")
                        data-testid=format!("tab-{}", tab.as_str())>
                        {c.tab(tab)}" "<span class="count">{crate::domain::console::count_label(n)}</span>
                    </a>
                }
            }).collect_view()}
        </nav>
    }
}

#[component]
fn Filters(filter: InboxFilter, choices: ConsoleChoices, operator: bool) -> impl IntoView {
    let lang = use_lang();
    let c = lang.console();
    let f = filter.clone();
    let sel = move |v: &str, want: &str| v == want;
    let open = [
        &f.district,
        &f.commune,
        &f.category,
        &f.level,
        &f.channel,
        &f.agency,
        &f.from,
        &f.to,
        &f.q,
    ]
    .iter()
    .any(|v| !v.is_empty());
    view! {
        <details class="console-filters" open=open>
            <summary>{c.filters}</summary>
            <Form method="GET" action="/console" attr:class="filter-form" attr:data-testid="console-filter">
                <input type="hidden" name="tab" value=f.tab.clone()/>
                <div class="field">
                    <label for="cq">{c.f_q}</label>
                    <input id="cq" type="search" name="q" maxlength="100" value=f.q.clone()/>
                </div>
                <div class="field">
                    <label for="cdistrict">{c.f_district}</label>
                    <select id="cdistrict" name="district">
                        <option value="">{c.all}</option>
                        {choices.districts.iter().map(|d| view! {
                            <option value=d.code.clone() selected=sel(&f.district, &d.code)>{d.name.clone()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="ccommune">{c.f_commune}</label>
                    <select id="ccommune" name="commune">
                        <option value="">{c.all}</option>
                        {choices.communes.iter()
                            .filter(|m| f.district.is_empty() || m.district == f.district)
                            .map(|m| view! {
                                <option value=m.code.clone() selected=sel(&f.commune, &m.code)>{m.name.clone()}</option>
                            }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="ccategory">{c.f_category}</label>
                    <select id="ccategory" name="category">
                        <option value="">{c.all}</option>
                        {choices.categories.iter().map(|k| view! {
                            <option value=k.code.clone() selected=sel(&f.category, &k.code)>{match lang { Lang::Vi => k.name_vi.clone(), Lang::En => k.name_en.clone() }}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="clevel">{c.f_level}</label>
                    <select id="clevel" name="level">
                        <option value="">{c.all}</option>
                        <option value="urgent" selected=sel(&f.level, "urgent")>{c.level_urgent}</option>
                        <option value="normal" selected=sel(&f.level, "normal")>{c.level_normal}</option>
                    </select>
                </div>
                <div class="field">
                    <label for="cchannel">{c.f_channel}</label>
                    <select id="cchannel" name="channel">
                        <option value="">{c.all}</option>
                        {Channel::ALL.into_iter().map(|ch| view! {
                            <option value=ch.as_str() selected=sel(&f.channel, ch.as_str())>{channel_label(lang, ch)}</option>
                        }).collect_view()}
                    </select>
                </div>
                {operator.then(|| view! {
                    <div class="field">
                        <label for="cagency">{c.f_agency}</label>
                        <select id="cagency" name="agency">
                            <option value="">{c.all}</option>
                            {choices.agencies.iter().map(|a| view! {
                                <option value=a.id.to_string() selected=sel(&f.agency, &a.id.to_string())>{a.name.clone()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                })}
                <div class="field">
                    <label for="cfrom">{c.f_from}</label>
                    <input id="cfrom" type="date" name="from" value=f.from.clone()/>
                </div>
                <div class="field">
                    <label for="cto">{c.f_to}</label>
                    <input id="cto" type="date" name="to" value=f.to.clone()/>
                </div>
                <div class="filter-actions">
                    <button type="submit" class="button primary">{c.apply}</button>
                    <a class="button" href=InboxFilter { tab: f.tab.clone(), ..Default::default() }.href(1)>{c.clear}</a>
                </div>
            </Form>
        </details>
    }
}

#[component]
fn Inbox(
    page: InboxPage,
    choices: ConsoleChoices,
    filter: InboxFilter,
    bulk: ServerAction<ConsoleBulk>,
) -> impl IntoView {
    let lang = use_lang();
    let c = lang.console();
    let operator = page.counts.iter().any(|(t, _)| *t == Tab::New);
    let outcome = move || match bulk.value().get() {
        Some(Ok(o)) => Some(o),
        _ => None,
    };
    let bulk_error = last_error(bulk.value());
    let current = page.page;
    let (prev, next) = (
        (current > 1).then(|| filter.href(current - 1)),
        page.has_more.then(|| filter.href(current + 1)),
    );
    let rows = page.rows.clone();
    let pins: Vec<crate::components::map::ListPin> = rows
        .iter()
        .map(|r| crate::components::map::ListPin {
            code: r.code.clone(),
            title: r.title.clone(),
            lat: r.lat,
            lng: r.lng,
            overdue: r.due.is_overdue(),
            pressing: r.due.is_pressing(),
            urgent: r.level == Level::Urgent,
        })
        .collect();
    let list = if rows.is_empty() {
        view! { <p class="empty" data-testid="console-empty">{c.empty}</p> }.into_any()
    } else {
        view! { <InboxTable rows filter=filter.clone() selectable=operator/> }.into_any()
    };
    view! {
        <p class="console-tools">
            {if operator {
                view! {
                    <a class="button primary" href="/reports/new" data-testid="file-on-behalf">{lang.filing().on_behalf_title}</a>
                    " "<a class="button" href="/console/comments" data-testid="moderation-link">{lang.engagement().moderation_link}</a>
                }.into_any()
            } else {
                view! { <a class="button" href="/console/field" data-testid="field-link">{c.field_link}</a> }.into_any()
            }}
            " "<a class="button" href="/console/dashboard" data-testid="dashboard-link">{lang.stats().dashboard_title}</a>
        </p>
        <Tabs page=page.clone() filter=filter.clone()/>
        <Filters filter=filter.clone() choices=choices.clone() operator/>
        {move || outcome().map(|o| view! {
            <div class="notice" role="status" data-testid="bulk-outcome">
                <p>{format!("{}: {}", c.bulk_done, o.done.len())}</p>
                {(!o.skipped.is_empty()).then(|| view! {
                    <p>{c.bulk_skipped}":"</p>
                    <ul>{o.skipped.iter().map(|(code, why)| view! { <li>{format!("{code}: {why}")}</li> }).collect_view()}</ul>
                })}
            </div>
        })}
        <FormAlert error=bulk_error/>
        {if operator {
            view! {
                <ActionForm action=bulk attr:class="bulk-form" attr:id="bulk" attr:data-testid="bulk-form">
                    {list}
                    <fieldset class="bulk-actions">
                        <legend>{c.bulk_legend}</legend>
                        <div class="field">
                            <label for="bulk-action">{c.bulk_action}</label>
                            <select id="bulk-action" name="form[action]">
                                <option value="dispatch">{c.bulk_dispatch}</option>
                                <option value="category">{c.bulk_category}</option>
                                <option value="level">{c.bulk_level}</option>
                            </select>
                        </div>
                        <div class="field">
                            <label for="bulk-agency">{c.f_agency}</label>
                            <select id="bulk-agency" name="form[agency]">
                                <option value="">"—"</option>
                                {choices.agencies.iter().map(|a| view! { <option value=a.id.to_string()>{a.name.clone()}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="bulk-category">{c.f_category}</label>
                            <select id="bulk-category" name="form[category]">
                                <option value="">"—"</option>
                                {choices.categories.iter().map(|k| view! { <option value=k.code.clone()>{match lang { Lang::Vi => k.name_vi.clone(), Lang::En => k.name_en.clone() }}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="bulk-level">{c.f_level}</label>
                            <select id="bulk-level" name="form[level]">
                                <option value="">{c.level_keep}</option>
                                <option value="normal">{c.level_normal}</option>
                                <option value="urgent">{c.level_urgent}</option>
                            </select>
                        </div>
                        <button type="submit" class="button primary" data-testid="bulk-apply">{c.bulk_apply}</button>
                    </fieldset>
                </ActionForm>
            }.into_any()
        } else {
            list
        }}
        <section class="console-map">
            <h2>{c.on_map}</h2>
            <crate::components::map::ListMap pins label=c.on_map.to_string()/>
        </section>
        <nav class="pager" aria-label=c.page>
            {prev.map(|h| view! { <a href=h rel="prev" data-testid="console-prev">{c.prev}</a> })}
            <span>{format!("{} {current}", c.page)}</span>
            {next.map(|h| view! { <a href=h rel="next" data-testid="console-next">{c.next}</a> })}
        </nav>
    }
}

#[component]
fn InboxTable(rows: Vec<InboxRow>, filter: InboxFilter, selectable: bool) -> impl IntoView {
    let lang = use_lang();
    let c = lang.console();
    let back = filter.href(1);
    let query = back.trim_start_matches("/console").to_string();
    view! {
        <table class="inbox" data-testid="inbox">
            <thead>
                <tr>
                    {selectable.then(|| view! { <th scope="col"><span class="visually-hidden">{c.col_select}</span></th> })}
                    <th scope="col">{c.col_code}</th>
                    <th scope="col">{c.col_title}</th>
                    <th scope="col">{c.col_status}</th>
                    <th scope="col">{c.col_place}</th>
                    <th scope="col">{c.col_received}</th>
                    <th scope="col">{c.col_due}</th>
                    <th scope="col">{c.col_holder}</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().enumerate().map(|(i, r)| {
                    let href = format!("/console/r/{}{}", r.code, query);
                    let holder = [r.agency.clone(), r.assignee.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ");
                    let pressing = r.due.is_pressing();
                    view! {
                        <tr class:urgent=r.level == Level::Urgent class:overdue=r.due.is_overdue() class:pressing=pressing data-testid="inbox-row">
                            {selectable.then(|| view! {
                                <td><input type="checkbox" name=format!("codes[{i}]") value=r.code.clone() aria-label=format!("{} {}", c.col_select, r.code)/></td>
                            })}
                            <td><A href=href.clone() attr:class="code">{r.code.clone()}</A></td>
                            <td>
                                <A href=href>{r.title.clone()}</A>
                                " "<LevelBadge level=r.level/>
                                {r.extension_pending.then(|| view! { <span class="badge">{c.extension_pending}</span> })}
                                <small class="muted">{r.category.clone().unwrap_or_default()}</small>
                            </td>
                            <td><StatusBadge status=r.status/></td>
                            <td>{r.district.clone().unwrap_or_default()}<small class="muted">{r.address.clone()}</small></td>
                            <td>{r.received_at.map(format_datetime).unwrap_or_default()}</td>
                            <td class="due" data-testid="row-due">{due_text(lang, r.due)}</td>
                            <td>{holder}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// `/console/r/:code`: one report, everything about it, and what may be done.
#[component]
pub fn WorkspacePage() -> impl IntoView {
    let lang = use_lang();
    let c = lang.console();
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let filter = filter_from_query();
    let act = ServerAction::<ConsoleAct>::new();
    let note = ServerAction::<ConsoleNote>::new();
    let assign = ServerAction::<ConsoleAssign>::new();
    let report = Resource::new(
        move || {
            (
                code(),
                act.version().get() + note.version().get() + assign.version().get(),
            )
        },
        |(code, _)| console_report(code),
    );
    let inbox = Resource::new(
        move || (filter.get(), act.version().get()),
        |((f, _), _)| console_inbox(f, Some(1)),
    );
    let choices = Resource::new(|| (), |_| console_form_choices());
    let query = use_query_map();
    let done = move || query.with(|q| q.get("done").is_some());
    view! {
        <section class="console workspace-layout" data-testid="workspace-page">
            <aside class="workspace-list">
                <p><a href=move || filter.get().0.href(1)>{c.back_to_inbox}</a></p>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        inbox.await.ok().map(|page| {
                            let f = filter.get().0;
                            let query = f.href(1).trim_start_matches("/console").to_string();
                            let here = code();
                            view! {
                                <ul class="compact-list">
                                    {page.rows.into_iter().map(|r| {
                                        let current = r.code == here;
                                        view! {
                                            <li class:current=current class:overdue=r.due.is_overdue()>
                                                <a href=format!("/console/r/{}{}", r.code, query) aria-current=current.then_some("page")>
                                                    <span class="code">{r.code.clone()}</span>
                                                    <span>{r.title.clone()}</span>
                                                </a>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }
                        })
                    })}
                </Suspense>
            </aside>
            <div class="workspace-main">
                {move || done().then(|| view! { <p class="notice" role="status" data-testid="notice">{c.done}</p> })}
                <Suspense fallback=move || view! { <p class="loading" role="status">{c.loading}</p> }>
                    {move || Suspend::new(async move {
                        match (report.await, choices.await) {
                            (Ok(ws), Ok(choices)) => view! { <WorkspaceView ws choices act note assign/> }.into_any(),
                            (Err(AppError::NotFound), _) => {
                                crate::pages::set_status(404);
                                view! { <p class="error" role="alert" data-testid="console-error">{lang.strings().report_not_found_title}</p> }.into_any()
                            }
                            (Err(e), _) | (_, Err(e)) => refused(lang, &e),
                        }
                    })}
                </Suspense>
            </div>
        </section>
    }
}

#[component]
fn WorkspaceView(
    ws: Workspace,
    choices: ConsoleChoices,
    act: ServerAction<ConsoleAct>,
    note: ServerAction<ConsoleNote>,
    assign: ServerAction<ConsoleAssign>,
) -> impl IntoView {
    let lang = use_lang();
    let c = lang.console();
    let t = lang.strings();
    let act_error = last_error(act.value());
    let assign_error = last_error(assign.value());
    let category = ws
        .category
        .as_ref()
        .map(|k| match lang {
            Lang::Vi => k.name_vi.clone(),
            Lang::En => k.name_en.clone(),
        })
        .unwrap_or_else(|| t.uncategorised.to_string());
    let actions = ws.actions.clone();
    let ws_for_forms = ws.clone();
    let page_title = format!("{} · {}", ws.code, c.title);
    let take_code = ws.code.clone();
    let assign_code = ws.code.clone();
    let officers = ws.officers.clone();
    view! {
        <Title text=page_title/>
        <article class="workspace" data-testid="workspace">
            <header class="report-head">
                <h1>{ws.public_title.clone().unwrap_or(ws.title.clone())}</h1>
                <div class="report-meta">
                    <span class="code" data-testid="ws-code">{ws.code.clone()}</span>
                    <span data-testid="ws-status"><StatusBadge status=ws.status/></span>
                    <LevelBadge level=ws.level/>
                    {(ws.due != DueState::None).then(|| view! {
                        <span class="badge" class:overdue=ws.due.is_overdue() class:pressing=ws.due.is_pressing() data-testid="ws-due">{due_text(lang, ws.due)}</span>
                    })}
                </div>
            </header>
            <div class="workspace-body">
                <div class="workspace-content">
                    <section>
                        <h2>{c.original}</h2>
                        <p class="content-title">{ws.title.clone()}</p>
                        <p class="content" data-testid="ws-content">{ws.content.clone()}</p>
                    </section>
                    {(ws.public_title.is_some() || ws.public_content.is_some()).then(|| view! {
                        <section>
                            <h2>{c.public_version}</h2>
                            {ws.public_title.clone().map(|p| view! { <p class="content-title">{p}</p> })}
                            {ws.public_content.clone().map(|p| view! { <p class="content">{p}</p> })}
                        </section>
                    })}
                    {(!ws.media.is_empty()).then(|| view! {
                        <section>
                            <h2>{c.evidence}</h2>
                            <crate::components::gallery::ReportMedia media=ws.media.clone()/>
                        </section>
                    })}
                    {ws.result.clone().map(|r| view! {
                        <section class="result" data-testid="ws-result">
                            <h2>{c.result}</h2>
                            <p class="content">{r}</p>
                            {(!ws.result_media.is_empty()).then(|| view! {
                                <crate::components::gallery::ReportMedia media=ws.result_media.clone()/>
                            })}
                        </section>
                    })}
                    <section class="actions" data-testid="ws-actions">
                        <h2>{c.actions}</h2>
                        <FormAlert error=act_error/>
                        {actions.is_empty().then(|| view! { <p class="muted">{c.no_actions}</p> })}
                        {actions.into_iter().map(|a| view! {
                            <ActionBox action=a ws=ws_for_forms.clone() choices=choices.clone() act/>
                        }).collect_view()}
                        <FormAlert error=assign_error/>
                        {ws.may_take.then(|| view! {
                            <ActionForm action=assign attr:class="inline-form" attr:data-testid="take-form">
                                <input type="hidden" name="code" value=take_code/>
                                <input type="hidden" name="version" value=ws.version.to_string()/>
                                <button type="submit" class="button">{c.take}</button>
                            </ActionForm>
                        })}
                        {(!officers.is_empty()).then(|| view! {
                            <ActionForm action=assign attr:class="inline-form" attr:data-testid="assign-form">
                                <input type="hidden" name="code" value=assign_code/>
                                <input type="hidden" name="version" value=ws.version.to_string()/>
                                <label for="assign-officer">{c.assign_to}</label>
                                <select id="assign-officer" name="officer">
                                    {officers.iter().map(|o| view! { <option value=o.id.to_string()>{o.name.clone()}</option> }).collect_view()}
                                </select>
                                <button type="submit" class="button">{c.assign}</button>
                            </ActionForm>
                        })}
                    </section>
                    <History ws=ws.clone() note/>
                </div>
                <Facts ws=ws.clone() category/>
            </div>
        </article>
    }
}

#[component]
fn History(ws: Workspace, note: ServerAction<ConsoleNote>) -> impl IntoView {
    let lang = use_lang();
    let c = lang.console();
    let note_error = last_error(note.value());
    view! {
                    <section>
                        <h2>{c.timeline}</h2>
                        <ol class="timeline" data-testid="ws-timeline">
                            {ws.timeline.iter().map(|e| {
                                let what = Action::parse(&e.action).map(|a| action_label(lang, a).to_string()).unwrap_or_else(|| match e.action.as_str() {
                                    "note" => c.note.to_string(),
                                    "assign" => c.assign.to_string(),
                                    other => other.to_string(),
                                });
                                view! {
                                    <li class:internal=!e.public>
                                        <time datetime=e.at.to_rfc3339()>{format_datetime(e.at)}</time>
                                        <span class="what">{what}</span>
                                        {e.to_status.map(|s| view! { <span class="to">{status_label(lang, s)}</span> })}
                                        <span class="badge">{if e.public { c.public } else { c.internal }}</span>
                                        {e.actor.clone().map(|a| view! { <span class="who">{a}</span> })}
                                        {e.note.clone().map(|n| view! { <p class="note">{n}</p> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                        <FormAlert error=note_error/>
                        <ActionForm action=note attr:class="note-form" attr:data-testid="note-form">
                            <input type="hidden" name="code" value=ws.code.clone()/>
                            <div class="field">
                                <label for="note-text">{c.note}</label>
                                <textarea id="note-text" name="text" rows="2" maxlength="2000" required></textarea>
                            </div>
                            <button type="submit" class="button">{c.add_note}</button>
                        </ActionForm>
                    </section>
    }
    .into_any()
}

#[component]
fn Facts(ws: Workspace, category: String) -> impl IntoView {
    let lang = use_lang();
    let c = lang.console();
    let area = [ws.commune.clone(), ws.district.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    view! {
                <aside class="workspace-side">
                    <crate::components::map::PointMap lat=ws.lat lng=ws.lng label=ws.title.clone()/>
                    <dl class="facts" data-testid="ws-facts">
                        <dt>{c.reporter}</dt>
                        <dd>
                            {ws.reporter_name.clone().unwrap_or_else(|| "—".into())}
                            {ws.hide_name.then(|| view! { <small class="muted">" ("{c.name_hidden}")"</small> })}
                        </dd>
                        <dt>{c.phone}</dt>
                        <dd data-testid="ws-phone">{ws.reporter_phone.clone().map(|p| view! { <a href=format!("tel:{p}")>{p.clone()}</a> }.into_any()).unwrap_or_else(|| "—".into_any())}</dd>
                        <dt>{c.channel}</dt><dd>{channel_label(lang, ws.channel)}</dd>
                        <dt>{c.category}</dt><dd>{category}</dd>
                        <dt>{c.place}</dt>
                        <dd>
                            {ws.address.clone()}" "{area}
                            {ws.place_approximate.then(|| view! { <small class="muted">" ("{c.approximate}")"</small> })}
                        </dd>
                        <dt>{c.received}</dt><dd>{ws.received_at.map(format_datetime).unwrap_or_default()}</dd>
                        <dt>{c.agency}</dt><dd data-testid="ws-agency">{ws.agency.clone().map(|a| a.name).unwrap_or_else(|| "—".into())}</dd>
                        {ws.suggested_agency.clone().map(|a| view! { <dt>{c.suggested}</dt><dd>{a.name}</dd> })}
                        <dt>{c.assignee}</dt><dd data-testid="ws-assignee">{ws.assignee.clone().unwrap_or_else(|| c.nobody.to_string())}</dd>
                        <dt>{c.deadline}</dt><dd>{ws.due_at.map(format_datetime).unwrap_or_else(|| "—".into())}</dd>
                        {ws.extension_until.map(|u| view! {
                            <dt>{c.extension_asked}</dt>
                            <dd>{format_datetime(u)}{ws.extension_reason.clone().map(|r| view! { <p class="note">{r}</p> })}</dd>
                        })}
                        {ws.duplicate_of.clone().map(|d| view! { <dt>{c.duplicate_of}</dt><dd><a href=format!("/console/r/{d}")>{d.clone()}</a></dd> })}
                    </dl>
                    <section class="nearby" data-testid="ws-nearby">
                        <h2>{c.nearby}</h2>
                        {if ws.nearby.is_empty() {
                            view! { <p class="muted">{c.nearby_none}</p> }.into_any()
                        } else {
                            view! {
                                <ul>
                                    {ws.nearby.iter().map(|n| view! {
                                        <li>
                                            <a href=format!("/console/r/{}", n.code)>{n.code.clone()}</a>
                                            " "{n.title.clone()}" · "{status_label(lang, n.status)}
                                            {format!(" · {} {}", n.distance_m, c.meters)}
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </section>
                </aside>
    }
    .into_any()
}

fn templates_of(choices: &ConsoleChoices, kind: Option<TemplateKind>) -> Vec<Template> {
    match kind {
        Some(k) => choices
            .templates
            .iter()
            .filter(|t| t.kind == k)
            .cloned()
            .collect(),
        None => Vec::new(),
    }
}

/// A text area that a reply template can fill (with JavaScript; without, it is typed).
#[component]
fn TemplatedText(
    name: &'static str,
    id: String,
    label: &'static str,
    templates: Vec<Template>,
    #[prop(default = 1000)] max: usize,
) -> impl IntoView {
    let lang = use_lang();
    let c = lang.console();
    let area = NodeRef::<leptos::html::Textarea>::new();
    let texts: Vec<String> = templates
        .iter()
        .map(|t| match lang {
            Lang::Vi => t.text_vi.clone(),
            Lang::En => t.text_en.clone(),
        })
        .collect();
    let pick_texts = texts.clone();
    let pick = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        if let (Ok(i), Some(el)) = (v.parse::<usize>(), area.get()) {
            if let Some(text) = pick_texts.get(i) {
                el.set_value(text);
            }
        }
    };
    let tid = format!("{id}-template");
    view! {
        {(!texts.is_empty()).then(|| view! {
            <div class="field">
                <label for=tid.clone()>{c.template}</label>
                <select id=tid.clone() on:change=pick>
                    <option value="">{c.template_none}</option>
                    {texts.iter().enumerate().map(|(i, t)| {
                        let short: String = t.chars().take(90).collect();
                        view! { <option value=i.to_string()>{short}</option> }
                    }).collect_view()}
                </select>
            </div>
        })}
        <div class="field">
            <label for=id.clone()>{label}</label>
            <textarea id=id name=name rows="3" maxlength=max.to_string() node_ref=area required></textarea>
        </div>
    }
}

/// One action's form, folded until opened.
#[component]
fn ActionBox(
    action: Action,
    ws: Workspace,
    choices: ConsoleChoices,
    act: ServerAction<ConsoleAct>,
) -> impl IntoView {
    let lang = use_lang();
    let c = lang.console();
    let slug = action.as_str();
    let all_errors = form_error(act.value());
    // Only this action's refusal is shown (and opens it): every box shares one action.
    let errors =
        Signal::derive(move || all_errors.get().filter(|e| e.value("action") == Some(slug)));
    let refused_here = errors.get_untracked().is_some();
    let field_error = move |name: &'static str| {
        move || {
            errors
                .get()
                .and_then(|e| e.problem(name))
                .map(|p| view! { <p class="field-error" role="alert">{p.message(lang)}</p> })
        }
    };
    let templates = templates_of(&choices, TemplateKind::for_action(action));
    let danger = needs_confirmation(action);
    let body = match action {
        Action::Verify => view! {
            <div class="field">
                <label for="v-category">{c.category}</label>
                <select id="v-category" name="form[category]" required>
                    {choices.categories.iter().map(|k| {
                        let chosen = ws.category.as_ref().is_some_and(|x| x.code == k.code);
                        view! { <option value=k.code.clone() selected=chosen>{match lang { Lang::Vi => k.name_vi.clone(), Lang::En => k.name_en.clone() }}</option> }
                    }).collect_view()}
                </select>
                {field_error("category")}
            </div>
            <LevelField current=ws.level citizen_urgent=ws.citizen_urgent keep=false/>
            <div class="field check">
                <label><input type="checkbox" name="form[public]" value="true" checked=true/>" "{c.make_public}</label>
            </div>
            <div class="field">
                <label for="v-ptitle">{c.public_title}</label>
                <input id="v-ptitle" name="form[public_title]" maxlength="150"/>
                {field_error("public_title")}
            </div>
            <div class="field">
                <label for="v-pcontent">{c.public_content}</label>
                <textarea id="v-pcontent" name="form[public_content]" rows="3" maxlength="5000"></textarea>
                <small class="field-hint">{c.public_hint}</small>
                {field_error("public_content")}
            </div>
        }.into_any(),
        Action::Reject | Action::Return | Action::SendBack | Action::RefuseExtension => view! {
            <TemplatedText name="form[reason]" id=format!("{slug}-reason") label=c.reason templates/>
            {field_error("reason")}
        }.into_any(),
        Action::MarkDuplicate => {
            let list = format!("{slug}-nearby");
            view! {
                <div class="field">
                    <label for="dup-code">{c.other_code}</label>
                    <input id="dup-code" name="form[duplicate_of]" list=list.clone() maxlength="40" required/>
                    <datalist id=list>
                        {ws.nearby.iter().map(|n| view! { <option value=n.code.clone()>{n.title.clone()}</option> }).collect_view()}
                    </datalist>
                    {field_error("duplicate_of")}
                </div>
            }.into_any()
        }
        Action::Dispatch | Action::Transfer => {
            let suggested = ws.suggested_agency.as_ref().map(|a| a.id);
            view! {
                <div class="field">
                    <label for=format!("{slug}-agency")>{c.agency}</label>
                    <select id=format!("{slug}-agency") name="form[agency]" required>
                        {choices.agencies.iter().map(|a| view! {
                            <option value=a.id.to_string() selected=Some(a.id) == suggested>{a.name.clone()}{(Some(a.id) == suggested).then_some(" ★")}</option>
                        }).collect_view()}
                    </select>
                    {field_error("agency")}
                </div>
                {(action == Action::Dispatch).then(|| view! {
                    <LevelField current=ws.level citizen_urgent=ws.citizen_urgent keep=true/>
                    <p class="field-hint" data-testid="dispatch-due">{c.due_computed}": "{ws.dispatch_due.map(format_datetime).unwrap_or_default()}</p>
                    <div class="field">
                        <label for="d-due">{c.due_other}</label>
                        <input id="d-due" type="date" name="form[due]"/>
                        {field_error("due")}
                    </div>
                    <div class="field">
                        <label for="d-reason">{c.due_reason}</label>
                        <input id="d-reason" name="form[reason]" maxlength="1000"/>
                        {field_error("reason")}
                    </div>
                })}
                {(action == Action::Transfer).then(|| view! {
                    <div class="field check">
                        <label><input type="checkbox" name="form[keep_deadline]" value="true" checked=true/>" "{c.keep_deadline}</label>
                    </div>
                })}
            }.into_any()
        }
        Action::RequestExtension => view! {
            <div class="field">
                <label for="x-until">{c.until}</label>
                <input id="x-until" type="date" name="form[due]" required/>
                {field_error("due")}
            </div>
            <div class="field">
                <label for="x-reason">{c.reason}</label>
                <textarea id="x-reason" name="form[reason]" rows="2" maxlength="1000" required></textarea>
                {field_error("reason")}
            </div>
        }.into_any(),
        Action::Resolve => view! {
            <TemplatedText name="form[text]" id="resolve-text".to_string() label=c.result_text templates max=5000/>
            {field_error("text")}
            <p class="field-label">{c.result_media}</p>
            <crate::components::upload::Attachments initial=Vec::new() error=Signal::derive(move || {
                errors.get().and_then(|e| e.problem("media")).map(|p| p.message(lang))
            })/>
        }.into_any(),
        _ => ().into_any(),
    };
    view! {
        <details class="action-box" class:danger=danger open=refused_here data-testid=format!("action-{slug}")>
            <summary class="button">{action_label(lang, action)}</summary>
            <ActionForm action=act attr:class="action-form">
                <input type="hidden" name="code" value=ws.code.clone()/>
                <input type="hidden" name="version" value=ws.version.to_string()/>
                <input type="hidden" name="form[action]" value=slug/>
                {body}
                {danger.then(|| view! {
                    <div class="field check">
                        <label><input type="checkbox" required data-testid="confirm"/>" "{c.confirm}</label>
                    </div>
                })}
                <button type="submit" class="button primary" class:danger=danger data-testid=format!("submit-{slug}")>{action_label(lang, action)}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn LevelField(current: Level, citizen_urgent: bool, keep: bool) -> impl IntoView {
    let c = use_lang().console();
    let id = if keep { "d-level" } else { "v-level" };
    let urgent = current == Level::Urgent || (!keep && citizen_urgent);
    view! {
        <div class="field">
            <label for=id>{c.level}</label>
            <select id=id name="form[level]">
                {keep.then(|| view! { <option value="">{c.level_keep}</option> })}
                <option value="normal" selected=!keep && !urgent>{c.level_normal}</option>
                <option value="urgent" selected=!keep && urgent>{c.level_urgent}</option>
            </select>
        </div>
    }
}

/// `/console/field`: the officer's field list, ordered by hand, printable for the day.
#[component]
pub fn FieldListPage() -> impl IntoView {
    let lang = use_lang();
    let c = lang.console();
    let mover = ServerAction::<ConsoleFieldMove>::new();
    let list = Resource::new(move || mover.version().get(), |_| console_field());
    let query = use_query_map();
    let moved = move || query.with(|q| q.get("moved"));
    view! {
        <Title text=c.field_title/>
        <section class="console field-list" data-testid="field-list">
            <h1>{c.field_title}</h1>
            <p class="lead no-print">{c.field_intro}</p>
            <p class="no-print"><a href="/console">{c.back_to_inbox}</a>" "
                <button type="button" class="button" on:click=|_| { let _ = window().print(); }>{c.print}</button>
            </p>
            <Suspense fallback=move || view! { <p class="loading" role="status">{c.loading}</p> }>
                {move || Suspend::new(async move {
                    match list.await.map(|l| (crate::i18n::format_date(l.at), l.stops)) {
                        Ok((_, stops)) if stops.is_empty() => view! { <p class="empty" data-testid="field-empty">{c.field_empty}</p> }.into_any(),
                        Ok((day, stops)) => {
                            let pins = stops.iter().map(|s| crate::components::map::ListPin {
                                code: s.code.clone(),
                                title: s.title.clone(),
                                lat: s.lat,
                                lng: s.lng,
                                overdue: s.due.is_overdue(),
                                pressing: s.due.is_pressing(),
                                urgent: false,
                            }).collect::<Vec<_>>();
                            let last = stops.len().saturating_sub(1);
                            let moved = moved();
                            view! {
                                <p class="field-day" data-testid="field-day">{day}</p>
                                <crate::components::map::ListMap pins label=c.field_title.to_string()/>
                                <ol class="field-stops">
                                    {stops.into_iter().enumerate().map(|(i, s)| {
                                        let focus_up = moved.as_deref() == Some(s.code.as_str());
                                        let down_code = s.code.clone();
                                        view! {
                                            <li class:overdue=s.due.is_overdue() data-testid="field-stop">
                                                <div class="stop-head">
                                                    <a class="code" href=format!("/console/r/{}", s.code)>{s.code.clone()}</a>
                                                    " "<strong>{s.title.clone()}</strong>
                                                    " "<StatusBadge status=s.status/>
                                                    <span class="due">{due_text(lang, s.due)}</span>
                                                </div>
                                                <p>{s.address.clone()}" · "{s.area.clone()}
                                                    {s.reporter_phone.clone().map(|p| view! { " · "<a href=format!("tel:{p}")>{p.clone()}</a> })}
                                                </p>
                                                <div class="stop-photos">
                                                    {s.photos.iter().map(|id| view! { <img src=format!("/media/{id}/thumb") alt="" width="120" loading="lazy"/> }).collect_view()}
                                                </div>
                                                <div class="stop-move no-print">
                                                    {(i > 0).then(|| view! {
                                                        <ActionForm action=mover attr:class="inline-form">
                                                            <input type="hidden" name="code" value=s.code.clone()/>
                                                            <input type="hidden" name="dir" value="up"/>
                                                            <button type="submit" class="button small" autofocus=focus_up aria-label=format!("{} {}", c.move_up, s.code) data-testid="move-up">"↑ "{c.move_up}</button>
                                                        </ActionForm>
                                                    })}
                                                    {(i < last).then(|| view! {
                                                        <ActionForm action=mover attr:class="inline-form">
                                                            <input type="hidden" name="code" value=down_code.clone()/>
                                                            <input type="hidden" name="dir" value="down"/>
                                                            <button type="submit" class="button small" aria-label=format!("{} {}", c.move_down, down_code) data-testid="move-down">"↓ "{c.move_down}</button>
                                                        </ActionForm>
                                                    })}
                                                </div>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ol>
                            }.into_any()
                        }
                        Err(e) => refused(lang, &e),
                    }
                })}
            </Suspense>
        </section>
    }
}
