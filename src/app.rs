//! The page shell (server-rendered once) and the application's routes.

use crate::dto::MapSettings;
use crate::i18n::Lang;
use crate::pages::account::{
    AccountMenu, AccountPage, ActivatePage, ForgotPage, LoginPage, LogoutPage, PasswordPage,
    RegisterPage, ResetPage,
};
use crate::pages::admin::{AdminAuditPage, AdminUsersPage};
use crate::pages::{home::HomePage, not_found::NotFound, report::ReportPage};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::{path, SsrMode};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_cookie_is_read_among_others() {
        assert_eq!(lang_from_cookies("a=1; paht_lang=en; b=2"), Some(Lang::En));
        assert_eq!(lang_from_cookies("paht_lang=vi"), Some(Lang::Vi));
        assert_eq!(lang_from_cookies("paht_lang=xx"), None);
        assert_eq!(lang_from_cookies("other_paht_lang=en"), None);
        assert_eq!(lang_from_cookies(""), None);
    }
}

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
                <link rel="stylesheet" href="/pkg/paht.css"/>
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

/// The language of the page, provided once by `App`.
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// The cookie that remembers the reader's language (a preference, nothing secret).
pub const LANG_COOKIE: &str = "paht_lang";

/// The language in a `Cookie:` header, if one is chosen.
pub fn lang_from_cookies(header: &str) -> Option<Lang> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LANG_COOKIE)
        .and_then(|(_, value)| Lang::parse(value))
}

/// The reader's language: on the server from the cookie; in the browser from what the
/// server wrote into `<html lang>`, so that hydration renders the very same text.
pub fn detect_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>()
            .and_then(|p| {
                p.headers
                    .get(axum::http::header::COOKIE)
                    .and_then(|v| v.to_str().ok())
                    .and_then(lang_from_cookies)
            })
            .unwrap_or_default()
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|l| Lang::parse(&l))
            .unwrap_or_default()
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        Lang::default()
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
            <a class="skip-link" href="#main">{t.skip_to_content}</a>
            <header class="site-header">
                <A href="/" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"PA"</span>
                    <span class="brand-name">{t.app_name}</span>
                </A>
                <nav class="site-nav" aria-label=t.nav_map>
                    <A href="/">{t.nav_map}</A>
                    <AccountMenu/>
                    <LanguageSwitch/>
                </nav>
            </header>
            <main id="main" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/reports/:code") view=ReportPage ssr=SsrMode::Async/>
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
                </Routes>
            </main>
            <footer class="site-footer">
                <p>{t.footer}</p>
            </footer>
        </Router>
    }
}
