//! The public home: filters, the map of public reports, and the list of those in view.

use crate::api::public_reports::{get_filter_choices, list_reports};
use crate::components::map::PublicMap;
use crate::components::{LevelBadge, OverdueBadge, StatusBadge};
use crate::domain::lifecycle::Status;
use crate::dto::{FilterChoices, PublicFilter, ReportPage};
use crate::i18n::use_lang;
use crate::i18n::{format_count, format_date, status_label, Lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.strings();
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| {
            let flag = |k: &str| {
                q.get(k)
                    .is_some_and(|v| v == "1" || v == "on" || v == "true")
            };
            PublicFilter {
                bbox: q.get("bbox"),
                q: q.get("q"),
                category: q.get("category"),
                status: q.get("status"),
                district: q.get("district"),
                urgent: flag("urgent"),
                processed: flag("processed"),
            }
        })
    });
    let page = Memo::new(move |_| {
        query.with(|q| {
            q.get("page")
                .and_then(|p| p.parse::<u64>().ok())
                .unwrap_or(1)
        })
    });
    let reports = Resource::new(
        move || (filter.get(), page.get()),
        |(f, p)| list_reports(f, p),
    );
    let choices = Resource::new(|| (), |_| get_filter_choices());

    view! {
        <Title text=t.nav_map/>
        <div class="home">
            <section class="filters" aria-label=t.filter_apply>
                <Suspense fallback=|| ()>
                    {move || choices.get().map(|c| view! { <FilterForm filter=filter.get() choices=c.unwrap_or_default()/> })}
                </Suspense>
            </section>
            <section class="map-pane">
                <PublicMap filter/>
            </section>
            <section class="list-pane" aria-labelledby="list-title">
                <h1 id="list-title" class="list-title">{t.list_title}</h1>
                <Transition fallback=move || view! { <p class="loading" role="status">{t.list_loading}</p> }>
                    {move || {
                        reports
                            .get()
                            .map(|r| match r {
                                Ok(page) => view! { <ReportList page filter=filter.get()/> }.into_any(),
                                Err(e) => {
                                    crate::pages::set_status(e.status_code());
                                    view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any()
                                }
                            })
                    }}
                </Transition>
            </section>
        </div>
    }
}

/// A plain GET form: without JavaScript the browser submits it, with JavaScript the
/// router does, and either way the filters land in the URL (shareable, bookmarkable).
#[component]
fn FilterForm(filter: PublicFilter, choices: FilterChoices) -> impl IntoView {
    let lang = use_lang();
    let t = lang.strings();
    let selected = |current: &Option<String>, value: &str| current.as_deref() == Some(value);
    let statuses = Status::ALL.into_iter().filter(|s| s.is_public_visible());
    view! {
        <Form method="GET" action="/" attr:class="filter-form">
            <div class="field grow">
                <label for="f-q">{t.filter_search}</label>
                <input id="f-q" type="search" name="q" maxlength="100" placeholder=t.filter_search_placeholder value=filter.q.clone().unwrap_or_default()/>
            </div>
            <div class="field">
                <label for="f-category">{t.filter_category}</label>
                <select id="f-category" name="category">
                    <option value="">{t.filter_all}</option>
                    {choices.categories.into_iter().map(|c| {
                        let name = match lang { Lang::Vi => c.name_vi.clone(), Lang::En => c.name_en.clone() };
                        view! { <option value=c.code.clone() selected=selected(&filter.category, &c.code)>{name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="f-status">{t.filter_status}</label>
                <select id="f-status" name="status">
                    <option value="">{t.filter_all}</option>
                    {statuses.map(|s| view! {
                        <option value=s.as_str() selected=selected(&filter.status, s.as_str())>{status_label(lang, s)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="f-district">{t.filter_district}</label>
                <select id="f-district" name="district">
                    <option value="">{t.filter_all}</option>
                    {choices.districts.into_iter().map(|d| view! {
                        <option value=d.code.clone() selected=selected(&filter.district, &d.code)>{d.name}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field checks">
                <label><input type="checkbox" name="urgent" value="1" checked=filter.urgent/>" "{t.filter_urgent}</label>
                <label><input type="checkbox" name="processed" value="1" checked=filter.processed/>" "{t.filter_processed}</label>
            </div>
            {filter.bbox.clone().map(|b| view! { <input type="hidden" name="bbox" value=b/> })}
            <div class="field actions">
                <button type="submit" class="button primary">{t.filter_apply}</button>
                <A href="/" attr:class="button">{t.filter_clear}</A>
            </div>
        </Form>
    }
}

#[component]
fn ReportList(page: ReportPage, filter: PublicFilter) -> impl IntoView {
    let lang = use_lang();
    let t = lang.strings();
    let count = if page.total_capped {
        format!(
            "{} {} {}",
            t.list_count_more,
            format_count(lang, page.total),
            t.list_count
        )
    } else {
        format!("{} {}", format_count(lang, page.total), t.list_count)
    };
    let in_view = filter.bbox.is_some().then(|| {
        let all = PublicFilter {
            bbox: None,
            ..filter.clone()
        };
        view! { <p class="hint">{t.list_in_view}" "<A href=all.href(1)>{t.list_show_all}</A></p> }
    });
    let last = page.last_page();
    let current = page.page;
    let prev = (current > 1).then(|| filter.href(current - 1));
    let next = (current < last).then(|| filter.href(current + 1));
    if page.items.is_empty() {
        return view! {
            <p class="count" data-testid="report-count">{count}</p>
            {in_view}
            <p class="empty" data-testid="report-list-empty">{t.list_empty}</p>
        }
        .into_any();
    }
    view! {
        <p class="count" data-testid="report-count">{count}</p>
        {in_view}
        <ol class="report-list" data-testid="report-list">
            {page.items.into_iter().map(|r| {
                let href = format!("/reports/{}", r.code);
                let category = r.category.as_ref().map(|c| match lang { Lang::Vi => c.name_vi.clone(), Lang::En => c.name_en.clone() })
                    .unwrap_or_else(|| t.uncategorised.to_string());
                let color = r.category.as_ref().map(|c| c.color.clone()).unwrap_or_else(|| "#9ca3af".into());
                view! {
                    <li class="report-item">
                        <A href=href attr:class="report-link">
                            <span class="report-title">{r.title}</span>
                        </A>
                        <div class="report-meta">
                            <span class="code">{r.code.clone()}</span>
                            <StatusBadge status=r.status/>
                            <LevelBadge level=r.level/>
                            <OverdueBadge overdue=r.overdue/>
                        </div>
                        <div class="report-sub">
                            <span class="category"><span class="dot" style=format!("background:{color}") aria-hidden="true"></span>{category}</span>
                            {r.district.map(|d| view! { <span class="district">{d}</span> })}
                            {r.received_at.map(|at| view! { <time datetime=at.to_rfc3339()>{format_date(at)}</time> })}
                        </div>
                    </li>
                }
            }).collect_view()}
        </ol>
        <nav class="pager" aria-label=t.page_of>
            {match prev { Some(h) => view! { <A href=h attr:class="button" attr:rel="prev">{t.page_prev}</A> }.into_any(), None => view! { <span class="button disabled" aria-disabled="true">{t.page_prev}</span> }.into_any() }}
            <span class="page-no">{format!("{} {} / {}", t.page_of, current, last)}</span>
            {match next { Some(h) => view! { <A href=h attr:class="button" attr:rel="next">{t.page_next}</A> }.into_any(), None => view! { <span class="button disabled" aria-disabled="true">{t.page_next}</span> }.into_any() }}
        </nav>
    }
    .into_any()
}
