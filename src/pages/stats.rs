//! `/thong-ke`: the public scoreboard. A plain GET form (works without JavaScript), the
//! totals, then each table with its bar chart (SVG drawn on the server, every number also
//! in the table beside it), a CSV link per table, and how each figure is counted.

use crate::api::stats::get_scoreboard;
use crate::domain::stats::{
    bars, chart_height, format_count, format_percent, BAR_PITCH, CHART_WIDTH, LABEL_AREA,
};
use crate::dto::stats::{
    GroupRow, Scoreboard, StageCounts, StatsFilter, StatsTable, DASHBOARD_BASE, PUBLIC_BASE,
};
use crate::i18n::stats::month_label;
use crate::i18n::{format_datetime, use_lang, Lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The filter in the page's URL.
fn query_filter() -> impl Fn() -> StatsFilter + Copy + Send + Sync + 'static {
    let q = use_query_map();
    move || {
        q.with(|q| StatsFilter {
            from: q.get("from"),
            to: q.get("to"),
            district: q.get("district"),
        })
    }
}

#[component]
pub fn StatsPage() -> AnyView {
    let lang = use_lang();
    let s = lang.stats();
    let filter = query_filter();
    let board = Resource::new(filter, get_scoreboard);
    view! {
        <Title text=s.title/>
        <section class="admin-page stats-page">
            <h1>{s.title}</h1>
            <p class="stats-intro">{s.intro}</p>
            <Transition fallback=move || view! { <p class="loading" role="status">{s.loading}</p> }>
                {move || Suspend::new(async move {
                    let f = filter();
                    match board.await {
                        Ok(b) => view! {
                            <StatsForm filter=f.clone() districts=b.districts.clone()/>
                            <Board board=b filter=f/>
                        }.into_any(),
                        Err(e) => {
                            crate::pages::set_status(e.status_code());
                            view! {
                                <StatsForm filter=f districts=Vec::new()/>
                                <p class="error" role="alert" data-testid="stats-error">{e.message(lang)}</p>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }.into_any()
}

#[component]
fn StatsForm(
    filter: StatsFilter,
    districts: Vec<crate::dto::DistrictRef>,
    #[prop(default = PUBLIC_BASE)] base: &'static str,
) -> AnyView {
    let s = use_lang().stats();
    let chosen = filter.district.clone().unwrap_or_default();
    view! {
        <form method="get" action=base class="filter-form admin-filter" aria-label=s.filter_label data-testid="stats-filter">
            <div class="field">
                <label for="s-from">{s.from}</label>
                <input id="s-from" type="date" name="from" min="2000-01-01" value=filter.from.clone().unwrap_or_default()/>
            </div>
            <div class="field">
                <label for="s-to">{s.to}</label>
                <input id="s-to" type="date" name="to" min="2000-01-01" value=filter.to.clone().unwrap_or_default()/>
            </div>
            <div class="field">
                <label for="s-district">{s.district}</label>
                <select id="s-district" name="district">
                    <option value="">{s.whole_province}</option>
                    {districts.into_iter().map(|d| {
                        let selected = d.code == chosen;
                        view! { <option value=d.code.clone() selected=selected>{d.name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field actions">
                <button type="submit" class="button primary">{s.apply}</button>
                " "
                <a href=base class="button">{s.reset}</a>
            </div>
        </form>
    }.into_any()
}

fn group_name(lang: Lang, r: &GroupRow) -> String {
    match lang {
        Lang::Vi => r.name_vi.clone(),
        Lang::En => r.name_en.clone(),
    }
}

#[component]
fn Board(
    board: Scoreboard,
    filter: StatsFilter,
    #[prop(default = PUBLIC_BASE)] base: &'static str,
) -> AnyView {
    let lang = use_lang();
    let s = lang.stats();
    let vi = lang == Lang::Vi;
    let n = move |v: u64| format_count(v, vi);
    let counted = chrono::DateTime::parse_from_rfc3339(&board.counted_at)
        .map(|t| format_datetime(t.with_timezone(&chrono::Utc)))
        .unwrap_or_default();
    let t = &board.totals;
    let cards = [
        (s.received, t.received, "received"),
        (s.in_progress, t.in_progress, "in-progress"),
        (s.processed, t.processed, "processed"),
        (s.declined, t.declined, "declined"),
        (s.overdue, t.overdue, "overdue"),
    ];
    let empty = t.received == 0;
    let months: Vec<(String, u64, u64)> = board
        .by_month
        .iter()
        .map(|m| (month_label(lang, m.year, m.month), m.received, m.processed))
        .collect();
    let weeks: Vec<(String, u64, u64)> = board
        .weeks
        .iter()
        .map(|w| {
            let label = chrono::NaiveDate::parse_from_str(&w.monday, "%Y-%m-%d")
                .map(|d| d.format("%d/%m/%Y").to_string())
                .unwrap_or_else(|_| w.monday.clone());
            (label, w.received, w.processed)
        })
        .collect();
    view! {
        <p class="field-hint" data-testid="stats-counted">{s.counted_at.replace("{t}", &counted)}</p>
        <section aria-labelledby="st-totals">
            <h2 id="st-totals">{s.totals_title}</h2>
            <dl class="stat-cards" data-testid="stats-totals">
                {cards.into_iter().map(|(label, v, key)| view! {
                    <div class=format!("stat-card stat-{key}") data-testid=format!("total-{key}")>
                        <dt>{label}</dt>
                        <dd>{n(v)}</dd>
                    </div>
                }).collect_view()}
            </dl>
            <CsvLink table=StatsTable::Totals filter=filter.clone() base/>
            {empty.then(|| view! { <p class="empty" data-testid="stats-empty">{s.empty}</p> })}
        </section>
        <GroupSection id="st-category" title=s.by_category first=s.col_category rows=board.by_category.clone() table=StatsTable::Categories filter=filter.clone() base/>
        <GroupSection id="st-district" title=s.by_district first=s.col_district rows=board.by_district.clone() table=StatsTable::Districts filter=filter.clone() base/>
        <section aria-labelledby="st-month">
            <h2 id="st-month">{s.by_month}</h2>
            <div class="stats-pair">
                <BarChart title=s.by_month rows=months.clone()/>
                <div class="table-wrap">
                    <table class="admin-table stats-table" data-testid="stats-months">
                        <caption class="visually-hidden">{s.by_month}</caption>
                        <thead><tr><th scope="col">{s.col_month}</th><th scope="col" class="num">{s.received}</th><th scope="col" class="num">{s.processed}</th></tr></thead>
                        <tbody>
                            {months.into_iter().map(|(label, r, p)| view! {
                                <tr><th scope="row">{label}</th><td class="num">{n(r)}</td><td class="num">{n(p)}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </div>
            <CsvLink table=StatsTable::Months filter=filter.clone() base/>
        </section>
        {(!weeks.is_empty()).then(|| view! {
            <section aria-labelledby="st-week">
                <h2 id="st-week">{s.by_week}</h2>
                <div class="stats-pair">
                    <BarChart title=s.by_week rows=weeks.clone()/>
                    <div class="table-wrap">
                        <table class="admin-table stats-table" data-testid="stats-weeks">
                            <caption class="visually-hidden">{s.by_week}</caption>
                            <thead><tr><th scope="col">{s.col_week}</th><th scope="col" class="num">{s.received}</th><th scope="col" class="num">{s.processed}</th></tr></thead>
                            <tbody>
                                {weeks.clone().into_iter().map(|(label, r, p)| view! {
                                    <tr><th scope="row">{label}</th><td class="num">{n(r)}</td><td class="num">{n(p)}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                </div>
                <CsvLink table=StatsTable::Weeks filter=filter.clone() base/>
            </section>
        })}
        <section aria-labelledby="st-agency">
            <h2 id="st-agency">{s.by_agency}</h2>
            {if board.agencies.is_empty() {
                view! { <p class="empty">{s.no_agencies}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="admin-table stats-table" data-testid="stats-don-vi">
                            <caption class="visually-hidden">{s.by_agency}</caption>
                            <thead><tr>
                                <th scope="col">{s.col_agency}</th>
                                <th scope="col" class="num">{s.received}</th>
                                <th scope="col" class="num">{s.col_resolved}</th>
                                <th scope="col" class="num">{s.col_on_time}</th>
                                <th scope="col" class="num">{s.col_median}</th>
                                <th scope="col" class="num">{s.col_p90}</th>
                                <th scope="col" class="num">{s.overdue}</th>
                                <th scope="col" class="num">{s.col_satisfaction}</th>
                                <th scope="col" class="num">{s.col_ratings}</th>
                            </tr></thead>
                            <tbody>
                                {board.agencies.iter().map(|a| {
                                    let days = |d: Option<i64>| d.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
                                    view! {
                                        <tr data-agency=a.code.clone()>
                                            <th scope="row">{a.name.clone()}</th>
                                            <td class="num">{n(a.received)}</td>
                                            <td class="num">{n(a.resolved)}</td>
                                            <td class="num">{format_percent(a.on_time_percent(), vi)}</td>
                                            <td class="num">{days(a.median_days)}</td>
                                            <td class="num">{days(a.p90_days)}</td>
                                            <td class="num">{n(a.overdue)}</td>
                                            <td class="num">{format_percent(a.satisfaction_percent(), vi)}</td>
                                            <td class="num">{n(a.ratings)}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            <CsvLink table=StatsTable::Agencies filter=filter.clone() base/>
        </section>
        {(base == PUBLIC_BASE).then(|| view! {
            <section aria-labelledby="st-export" class="stats-export">
                <h2 id="st-export">{s.export_title}</h2>
                <p>{s.export_intro}</p>
                <p class="csv-link">
                    <a href=format!("{PUBLIC_BASE}/phan-anh.csv{}", filter.query()) rel="external" download="" data-testid="csv-phan-anh">{s.export_link}</a>
                </p>
            </section>
        })}
        <section aria-labelledby="st-defs" class="stats-defs">
            <h2 id="st-defs">{s.definitions_title}</h2>
            <ul>
                {[s.def_received, s.def_in_progress, s.def_processed, s.def_declined, s.def_overdue, s.def_month, s.def_agency, s.def_on_time, s.def_days, s.def_satisfaction]
                    .into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}
            </ul>
        </section>
    }.into_any()
}

#[component]
fn CsvLink(table: StatsTable, filter: StatsFilter, base: &'static str) -> AnyView {
    let s = use_lang().stats();
    view! {
        <p class="csv-link">
            <a href=table.csv_href_at(base, &filter) rel="external" download="" data-testid=format!("csv-{}", table.slug())>{s.download_csv}</a>
        </p>
    }.into_any()
}

#[component]
fn GroupSection(
    id: &'static str,
    title: &'static str,
    first: &'static str,
    rows: Vec<GroupRow>,
    table: StatsTable,
    filter: StatsFilter,
    base: &'static str,
) -> AnyView {
    let lang = use_lang();
    let s = lang.stats();
    let vi = lang == Lang::Vi;
    let n = move |v: u64| format_count(v, vi);
    let chart: Vec<(String, u64, u64)> = rows
        .iter()
        .map(|r| (group_name(lang, r), r.counts.received, r.counts.processed))
        .collect();
    let cells = move |c: &StageCounts| {
        [
            c.received,
            c.in_progress,
            c.processed,
            c.declined,
            c.overdue,
        ]
        .into_iter()
        .map(|v| view! { <td class="num">{n(v)}</td> })
        .collect_view()
    };
    view! {
        <section aria-labelledby=id>
            <h2 id=id>{title}</h2>
            <div class="stats-pair">
                <BarChart title rows=chart/>
                <div class="table-wrap">
                    <table class="admin-table stats-table" data-testid=format!("stats-{}", table.slug())>
                        <caption class="visually-hidden">{title}</caption>
                        <thead><tr>
                            <th scope="col">{first}</th>
                            <th scope="col" class="num">{s.received}</th>
                            <th scope="col" class="num">{s.in_progress}</th>
                            <th scope="col" class="num">{s.processed}</th>
                            <th scope="col" class="num">{s.declined}</th>
                            <th scope="col" class="num">{s.overdue}</th>
                        </tr></thead>
                        <tbody>
                            {rows.iter().map(|r| view! {
                                <tr><th scope="row">{group_name(lang, r)}</th>{cells(&r.counts)}</tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </div>
            <CsvLink table filter base/>
        </section>
    }.into_any()
}

/// Horizontal bars of "received", the part "processed" darker inside each. Drawn on the
/// server as SVG; the table beside it holds the same numbers for screen readers, so the
/// chart itself is one labelled image.
#[component]
fn BarChart(title: &'static str, rows: Vec<(String, u64, u64)>) -> AnyView {
    let lang = use_lang();
    let s = lang.stats();
    let vi = lang == Lang::Vi;
    let received = bars(
        &rows
            .iter()
            .map(|(l, r, _)| (l.clone(), *r))
            .collect::<Vec<_>>(),
    );
    let max = rows.iter().map(|(_, r, _)| *r).max().unwrap_or(0);
    let height = chart_height(rows.len()) + 24.0;
    let bar_h = BAR_PITCH - 8.0;
    let area = crate::domain::stats::BAR_AREA;
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {CHART_WIDTH} {height}") role="img" aria-label=s.chart_of.replace("{title}", title) preserveAspectRatio="xMinYMin meet">
                {received.into_iter().zip(rows.iter()).map(|(b, (_, _, processed))| {
                    let pw = if max == 0 { 0.0 } else { area * (*processed as f64) / (max as f64) };
                    let y = b.y + 4.0;
                    let label: String = if b.label.chars().count() > 30 {
                        format!("{}…", b.label.chars().take(29).collect::<String>())
                    } else {
                        b.label.clone()
                    };
                    view! {
                        <g>
                            <title>{format!("{}: {} / {}", b.label, format_count(b.value, vi), format_count(*processed, vi))}</title>
                            <text x=LABEL_AREA - 8.0 y=y + bar_h * 0.72 text-anchor="end" class="chart-label">{label}</text>
                            <rect x=LABEL_AREA y=y width=b.width height=bar_h class="bar-received"/>
                            <rect x=LABEL_AREA y=y width=pw height=bar_h class="bar-processed"/>
                            <text x=LABEL_AREA + b.width + 6.0 y=y + bar_h * 0.72 class="chart-value">{format_count(b.value, vi)}</text>
                        </g>
                    }
                }).collect_view()}
                <g class="chart-legend" transform=format!("translate({LABEL_AREA} {})", height - 16.0)>
                    <rect x="0" y="0" width="12" height="12" class="bar-received"/>
                    <text x="18" y="11">{s.chart_legend_received}</text>
                    <rect x="130" y="0" width="12" height="12" class="bar-processed"/>
                    <text x="148" y="11">{s.chart_legend_processed}</text>
                </g>
            </svg>
        </figure>
    }.into_any()
}

/// `/console/dashboard`: the staff dashboard. The centre sees the province, an officer their
/// own agency; the inbox tabs with their counts, then the same tables, charts and CSV files
/// as the public scoreboard, and the weekly trend.
#[component]
pub fn DashboardPage() -> AnyView {
    let lang = use_lang();
    let s = lang.stats();
    let filter = query_filter();
    let dash = Resource::new(filter, crate::api::stats::get_dashboard);
    view! {
        <Title text=s.dashboard_title/>
        <section class="admin-page stats-page">
            <h1>{s.dashboard_title}</h1>
            <Transition fallback=move || view! { <p class="loading" role="status">{s.loading}</p> }>
                {move || Suspend::new(async move {
                    let f = filter();
                    match dash.await {
                        Ok(d) => {
                            let scope = match &d.agency {
                                Some(a) => s.dashboard_agency.replace("{agency}", a),
                                None => s.dashboard_province.to_string(),
                            };
                            let c = lang.console();
                            view! {
                                <p class="stats-intro" data-testid="dashboard-scope">{scope}</p>
                                <section aria-labelledby="st-inbox">
                                    <h2 id="st-inbox">{s.inbox_title}</h2>
                                    <ul class="stat-cards inbox-cards" data-testid="dashboard-tabs">
                                        {d.tabs.iter().map(|(tab, n)| view! {
                                            <li class="stat-card">
                                                <a href=format!("/console?tab={}", tab.as_str()) data-testid=format!("dash-tab-{}", tab.as_str())>
                                                    <span class="stat-label">{c.tab(*tab)}</span>
                                                    <strong>{format_count(*n, lang == Lang::Vi)}</strong>
                                                </a>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                </section>
                                <StatsForm filter=f.clone() districts=d.board.districts.clone() base=DASHBOARD_BASE/>
                                <Board board=d.board filter=f base=DASHBOARD_BASE/>
                            }.into_any()
                        }
                        Err(e) => {
                            crate::pages::set_status(e.status_code());
                            let login = (e.status_code() == 401).then(|| view! {
                                <p><a class="button primary" href="/login?next=%2Fconsole%2Fdashboard">{s.login_first}</a></p>
                            });
                            view! {
                                <p class="error" role="alert" data-testid="stats-error">{e.message(lang)}</p>
                                {login}
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }.into_any()
}
