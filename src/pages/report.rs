//! A report's public page, at a stable URL with its code: /reports/PA-2026-000123.

use crate::api::public_reports::get_report;
use crate::api::AppError;
use crate::components::map::PointMap;
use crate::components::{LevelBadge, OverdueBadge, StatusBadge};
use crate::dto::ReportDetail;
use crate::i18n::use_lang;
use crate::i18n::{action_label, channel_label, format_datetime, level_label, status_label, Lang};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ReportPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.strings();
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let live = crate::components::live::use_live();
    Effect::new(move |_| live.watch(vec![code()]));
    let report = Resource::new(move || (code(), live.report.get()), |(c, _)| get_report(c));
    view! {
        <Transition fallback=move || view! { <p class="loading" role="status">{t.list_loading}</p> }>
            {move || report.get().map(|r| match r {
                Ok(detail) => view! { <ReportView detail/> }.into_any(),
                Err(AppError::NotFound) => {
                    crate::pages::set_status(404);
                    view! {
                        <Title text=t.report_not_found_title/>
                        <section class="page-message">
                            <h1>{t.report_not_found_title}</h1>
                            <p>{t.report_not_found_body}</p>
                            <p><A href="/">{t.back_to_map}</A></p>
                        </section>
                    }.into_any()
                }
                Err(e) => {
                    crate::pages::set_status(e.status_code());
                    view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any()
                }
            })}
        </Transition>
    }
}

#[component]
fn ReportView(detail: ReportDetail) -> impl IntoView {
    let lang = use_lang();
    let t = lang.strings();
    let f = lang.filing();
    let withdraw = ServerAction::<crate::api::filing::WithdrawReport>::new();
    let d = detail;
    let category = d
        .category
        .as_ref()
        .map(|c| match lang {
            Lang::Vi => c.name_vi.clone(),
            Lang::En => c.name_en.clone(),
        })
        .unwrap_or_else(|| t.uncategorised.to_string());
    let area = [d.commune.clone(), d.district.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    let share = format!("{}/reports/{}", d.site, d.code);
    // What a shared link shows elsewhere (Zalo, Facebook): the title, the start of the
    // content and, for a public report, its first photo.
    let summary: String = d.content.chars().take(200).collect();
    let image = d
        .public
        .then(|| {
            d.media
                .iter()
                .find(|m| m.kind == crate::domain::media::MediaKind::Photo)
        })
        .flatten()
        .map(|m| format!("{}{}", d.site, m.url()));
    view! {
        <Title text=d.title.clone()/>
        <Meta property="og:type" content="article"/>
        <Meta property="og:title" content=d.title.clone()/>
        <Meta property="og:description" content=summary.clone()/>
        <Meta property="og:url" content=share.clone()/>
        <Meta name="twitter:card" content=if image.is_some() { "summary_large_image" } else { "summary" }/>
        <Meta name="twitter:title" content=d.title.clone()/>
        <Meta name="twitter:description" content=summary/>
        {image.map(|i| view! { <Meta property="og:image" content=i.clone()/><Meta name="twitter:image" content=i/> })}
        <article class="report-page" data-testid="report-page">
            <p class="crumbs"><A href="/">{t.back_to_map}</A></p>
            <header class="report-head">
                <h1>{d.title.clone()}</h1>
                <div class="report-meta">
                    <span class="code" data-testid="report-code">{d.code.clone()}</span>
                    <StatusBadge status=d.status/>
                    <LevelBadge level=d.level/>
                    <OverdueBadge overdue=d.overdue/>
                </div>
            </header>
            {(d.own && !d.public).then(|| view! {
                <p class="notice" role="status" data-testid="own-private">{f.own_not_public}</p>
            })}
            {(d.own && d.status == crate::domain::lifecycle::Status::Submitted).then(|| {
                let code = d.code.clone();
                view! {
                    <details class="confirm-box" data-testid="withdraw">
                        <summary class="button small danger-outline">{f.withdraw}</summary>
                        <p>{f.withdraw_question}</p>
                        <ActionForm action=withdraw>
                            <input type="hidden" name="code" value=code/>
                            <button type="submit" class="button small danger">{f.withdraw}</button>
                        </ActionForm>
                    </details>
                }
            })}
            <div class="report-body">
                <div class="report-main">
                    <section>
                        <h2>{t.report_content}</h2>
                        <p class="content">{d.content.clone()}</p>
                    </section>
                    <crate::components::gallery::ReportMedia media=d.media.clone()/>
                    <section class="result" data-testid="report-result">
                        <h2>{t.report_result}</h2>
                        {match d.result.clone() {
                            Some(text) => view! { <p class="content">{text}</p> }.into_any(),
                            None => view! { <p class="muted">{t.report_result_none}</p> }.into_any(),
                        }}
                    </section>
                    <crate::pages::engagement::EngagementSection code=d.code.clone()/>
                    <section>
                        <h2>{t.report_timeline}</h2>
                        <ol class="timeline" data-testid="timeline">
                            {d.timeline.iter().map(|e| view! {
                                <li>
                                    <time datetime=e.at.to_rfc3339()>{format_datetime(e.at)}</time>
                                    <span class="what">{action_label(lang, e.action)}</span>
                                    <span class="to">{status_label(lang, e.to_status)}</span>
                                    {e.note.clone().map(|n| view! { <p class="note">{n}</p> })}
                                </li>
                            }).collect_view()}
                        </ol>
                    </section>
                </div>
                <aside class="report-side">
                    <PointMap lat=d.lat lng=d.lng label=d.title.clone()/>
                    <dl class="facts">
                        <dt>{t.report_status}</dt><dd>{status_label(lang, d.status)}</dd>
                        <dt>{t.report_category}</dt><dd>{category}</dd>
                        <dt>{t.report_level}</dt><dd>{level_label(lang, d.level)}</dd>
                        <dt>{t.report_address}</dt><dd>{d.address.clone()}</dd>
                        <dt>{t.report_area}</dt><dd>{area}</dd>
                        <dt>{t.report_place}</dt><dd>{format!("{:.5}, {:.5}", d.lat, d.lng)}</dd>
                        <dt>{t.report_received}</dt><dd>{d.received_at.map(format_datetime).unwrap_or_default()}</dd>
                        <dt>{t.report_agency}</dt><dd>{d.agency.clone().unwrap_or_else(|| t.not_assigned.to_string())}</dd>
                        <dt>{t.report_deadline}</dt><dd>{d.due_at.map(format_datetime).unwrap_or_else(|| "—".to_string())}</dd>
                        <dt>{t.report_reporter}</dt><dd>{d.reporter.clone().unwrap_or_else(|| t.report_reporter_hidden.to_string())}</dd>
                        <dt>{t.report_channel}</dt><dd>{channel_label(lang, d.channel)}</dd>
                        {d.follow_up_of.clone().map(|c| view! { <dt>{t.report_follow_up_of}</dt><dd><A href=format!("/reports/{c}")>{c.clone()}</A></dd> })}
                        {d.duplicate_of.clone().map(|c| view! { <dt>{t.report_duplicate_of}</dt><dd><A href=format!("/reports/{c}")>{c.clone()}</A></dd> })}
                    </dl>
                    <p class="counters">{format!("{} {} · {} {}", d.like_count, t.report_likes, d.comment_count, t.report_comments)}</p>
                    <p class="share">
                        <crate::components::share::ShareButton url=share.clone() title=d.title.clone()/>
                        " "{t.report_share}": "<a href=share.clone() data-testid="share-link">{share.clone()}</a>
                    </p>
                </aside>
            </div>
        </article>
    }
}
