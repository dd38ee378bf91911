//! The page shell (server-rendered once) and the application's routes.

use crate::dto::MapSettings;
use crate::i18n::{detect_lang, use_lang, Lang};
use crate::pages::account::{
    AccountMenu, AccountPage, ActivatePage, ForgotPage, LoginPage, LogoutPage, PasswordPage,
    RegisterPage, ResetPage,
};
use crate::pages::admin::{AdminAuditPage, AdminUsersPage};
use crate::pages::console::{ConsolePage, FieldListPage, WorkspacePage};
use crate::pages::filing::{MyReportsPage, NewReportPage, SentPage, TabBar};
use crate::pages::reference::{
    AdminAgenciesPage, AdminCategoriesPage, AdminHolidaysPage, AdminRoutingPage, AdminTemplatesPage,
};
use crate::pages::{home::HomePage, not_found::NotFound, report::ReportPage};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::{path, SsrMode};

/// The whole HTML document. Only the server renders it; the browser hydrates `<body>`.
/// Leaflet loads before the hydration script so that `L` exists when the map mounts,
/// and the map settings travel in `<meta>` tags the browser reads back.
pub fn shell(options: LeptosOptions, map: MapSettings) -> impl IntoView {
    let lang = detect_lang();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="description" content=lang.strings().app_tagline/>
                <meta name="paht-tile-url" content=map.tile_url/>
                <meta name="paht-tile-attribution" content=map.tile_attribution/>
                <meta name="paht-map-center" content=format!("{},{}", map.center_lat, map.center_lng)/>
                <meta name="paht-map-zoom" content=map.zoom.to_string()/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="stylesheet" href="/leaflet/leaflet.css"/>
                // `/pkg/paht.<hash>.css` when the build hashes file names (release builds).
                <HashedStylesheet options=options.clone() id="paht-css"/>
                <script src="/leaflet/leaflet.js"></script>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Switches the language with a full page load (the server renders in the new language).
#[component]
fn LanguageSwitch() -> impl IntoView {
    let lang = use_lang();
    let other = match lang {
        Lang::Vi => Lang::En,
        Lang::En => Lang::Vi,
    };
    let location = leptos_router::hooks::use_location();
    let href = move || {
        let search = location.search.get();
        let search = search.trim_start_matches('?');
        let next = if search.is_empty() {
            location.pathname.get()
        } else {
            format!("{}?{search}", location.pathname.get())
        };
        format!("/lang/{}?next={}", other.code(), urlencoding::encode(&next))
    };
    view! {
        <a href=href rel="external" hreflang=other.code() lang=other.code() class="lang-switch" data-testid="lang-switch">
            {lang.strings().switch_language}
        </a>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(detect_lang());
    let t = use_lang().strings();
    view! {
        <Title formatter=move |page: String| if page.is_empty() { t.app_name.to_string() } else { format!("{page} · {}", t.app_name) }/>
        <Router>
            <Page/>
        </Router>
    }
}

/// Everything inside the router: the account is asked once here for the whole page.
#[component]
fn Page() -> impl IntoView {
    crate::pages::account::provide_account();
    let account = crate::pages::account::use_account();
    crate::components::live::provide_live(Signal::derive(move || {
        account.get().and_then(|a| a.ok()).flatten().map(|m| m.id)
    }));
    let t = use_lang().strings();
    let f = use_lang().filing();
    view! {
            <a class="skip-link" href="#main">{t.skip_to_content}</a>
            <header class="site-header">
                <A href="/" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"PA"</span>
                    <span class="brand-name">{t.app_name}</span>
                </A>
                <nav class="site-nav" aria-label=t.nav_map>
                    <A href="/">{t.nav_map}</A>
                    <A href="/thong-ke" attr:class="nav-stats">{use_lang().stats().nav}</A>
                    <A href="/reports/new" attr:class="nav-file">{f.nav_file}</A>
                    <A href="/me/reports" attr:class="nav-mine">{f.nav_mine}</A>
                    <crate::pages::engagement::NotificationBell/>
                    <AccountMenu/>
                    <LanguageSwitch/>
                </nav>
            </header>
            <main id="main" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/thong-ke") view=crate::pages::stats::StatsPage ssr=SsrMode::Async/>
                    <Route path=path!("/reports/new") view=NewReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/reports/sent") view=SentPage ssr=SsrMode::Async/>
                    <Route path=path!("/reports/:code") view=ReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/reports") view=MyReportsPage ssr=SsrMode::Async/>
                    <Route path=path!("/register") view=RegisterPage ssr=SsrMode::Async/>
                    <Route path=path!("/activate") view=ActivatePage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/forgot") view=ForgotPage ssr=SsrMode::Async/>
                    <Route path=path!("/reset") view=ResetPage ssr=SsrMode::Async/>
                    <Route path=path!("/logout") view=LogoutPage ssr=SsrMode::Async/>
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/password") view=PasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/users") view=AdminUsersPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/audit") view=AdminAuditPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/categories") view=AdminCategoriesPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/agencies") view=AdminAgenciesPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/holidays") view=AdminHolidaysPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/routing") view=AdminRoutingPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/templates") view=AdminTemplatesPage ssr=SsrMode::Async/>
                    <Route path=path!("/console") view=ConsolePage ssr=SsrMode::Async/>
                    <Route path=path!("/console/r/:code") view=WorkspacePage ssr=SsrMode::Async/>
                    <Route path=path!("/console/dashboard") view=crate::pages::stats::DashboardPage ssr=SsrMode::Async/>
                    <Route path=path!("/console/field") view=FieldListPage ssr=SsrMode::Async/>
                    <Route path=path!("/console/comments") view=crate::pages::engagement::ModerationPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/notifications") view=crate::pages::engagement::NotificationsPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <footer class="site-footer">
                <p>{t.footer}</p>
                <p><A href="/thong-ke" attr:data-testid="footer-stats">{use_lang().stats().title}</A></p>
            </footer>
            <TabBar/>
    }
}
