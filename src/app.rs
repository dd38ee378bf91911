//! The page shell (server-rendered once) and the application's routes.

use crate::dto::MapSettings;
use crate::i18n::Lang;
use crate::pages::{home::HomePage, not_found::NotFound, report::ReportPage};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::{path, SsrMode};

/// The whole HTML document. Only the server renders it; the browser hydrates `<body>`.
/// Leaflet loads before the hydration script so that `L` exists when the map mounts,
/// and the map settings travel in `<meta>` tags the browser reads back.
pub fn shell(options: LeptosOptions, map: MapSettings) -> impl IntoView {
    let lang = Lang::default();
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

/// The language of the page. Vietnamese until the language switch arrives.
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(Lang::default());
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
                </nav>
            </header>
            <main id="main" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/reports/:code") view=ReportPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <footer class="site-footer">
                <p>{t.footer}</p>
            </footer>
        </Router>
    }
}
