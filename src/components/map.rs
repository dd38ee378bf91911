//! Leaflet maps. The server renders an empty, labelled container; in the browser an
//! effect creates the Leaflet map in it (effects never run on the server), so the
//! page is complete without JavaScript and the map is added by hydration.

use crate::dto::PublicFilter;
use crate::i18n::use_lang;
use leptos::prelude::*;

/// What the public map is doing, announced to screen readers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapState {
    Loading,
    Ready,
    Failed,
}

/// The public map: markers (or clusters) of the public reports matching `filter` in view.
/// Moving the map writes the view into the URL (`bbox`), which the list follows.
#[component]
pub fn PublicMap(filter: Memo<PublicFilter>) -> impl IntoView {
    let t = use_lang().strings();
    let node = NodeRef::<leptos::html::Div>::new();
    let state = RwSignal::new(MapState::Loading);
    // The view (bbox) whose markers are on the map now; tests and assistive tools can
    // tell a finished redraw from a stale one.
    let drawn_view = RwSignal::new(String::new());
    #[cfg(feature = "hydrate")]
    browser::mount_public_map(node, filter, state, drawn_view);
    #[cfg(not(feature = "hydrate"))]
    let _ = filter;
    view! {
        <div class="map-wrap">
            <div node_ref=node class="map" id="public-map" role="region" aria-label=t.map_label data-testid="map"></div>
            <p class="map-note" data-testid="map-note">{t.map_no_js}</p>
            <p class="map-status" aria-live="polite" data-state=move || format!("{:?}", state.get()).to_lowercase() data-view=move || drawn_view.get()>
                {move || match state.get() {
                    MapState::Loading => t.map_loading,
                    MapState::Ready => "",
                    MapState::Failed => t.map_error,
                }}
            </p>
        </div>
    }
}

/// One pin of a console list: where, what, and how pressing its deadline is.
#[derive(Clone, Debug, PartialEq)]
pub struct ListPin {
    pub code: String,
    pub title: String,
    pub lat: f64,
    pub lng: f64,
    pub overdue: bool,
    pub pressing: bool,
    pub urgent: bool,
}

/// The console's list on a map: the page's reports, overdue pins red, due-soon amber; a pin
/// opens the report's workspace. Without JavaScript the list beside it is the same data.
#[component]
pub fn ListMap(pins: Vec<ListPin>, label: String) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    browser::mount_list_map(node, pins.clone());
    let count = pins.len();
    view! {
        <div node_ref=node class="map list-map" role="img" aria-label=label data-testid="list-map" data-pins=count.to_string()></div>
    }
}

/// A small map with one point: the place of a report.
#[component]
pub fn PointMap(lat: f64, lng: f64, label: String) -> impl IntoView {
    let t = use_lang().strings();
    let node = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    browser::mount_point_map(node, lat, lng);
    view! {
        <div node_ref=node class="map small" role="img" aria-label=format!("{}: {label}", t.report_place) data-testid="point-map" data-lat=lat.to_string() data-lng=lng.to_string()></div>
    }
}

/// The filing form's place: a small map where a tap or click puts the pin, the pin can be
/// dragged, and "use my current position" asks the browser. `lat`/`lng` hold the pin as
/// text for the form's hidden fields (empty: no pin). Without JavaScript the map stays a
/// note, and the district and commune lists place the report instead.
#[component]
pub fn PinPicker(
    lat: RwSignal<String>,
    lng: RwSignal<String>,
    /// What to do with the map (the filing's words by default).
    #[prop(optional)]
    hint: Option<&'static str>,
    /// What to do without JavaScript (the filing's words by default).
    #[prop(optional)]
    no_js: Option<&'static str>,
) -> impl IntoView {
    let f = use_lang().filing();
    let hint = hint.unwrap_or(f.pin_hint);
    let no_js = no_js.unwrap_or(f.pin_no_js);
    let node = NodeRef::<leptos::html::Div>::new();
    let message: RwSignal<Option<&'static str>> = RwSignal::new(None);
    #[cfg(feature = "hydrate")]
    browser::mount_pin_picker(node, lat, lng);
    let locate = move |_| {
        #[cfg(feature = "hydrate")]
        browser::current_position(lat, lng, message);
    };
    let chosen = move || {
        let (a, b) = (lat.get(), lng.get());
        (!a.is_empty() && !b.is_empty()).then(|| {
            let fmt = |v: &str| {
                v.parse::<f64>()
                    .map(|x| format!("{x:.5}"))
                    .unwrap_or_default()
            };
            format!("{}: {}, {}", f.pin_chosen, fmt(&a), fmt(&b))
        })
    };
    view! {
        <div class="pin-picker">
            <div node_ref=node class="map small pin-map" data-testid="pin-map" data-lat=move || lat.get() data-lng=move || lng.get()></div>
            <p class="map-note">{no_js}</p>
            <div class="button-row pin-actions">
                <button type="button" class="button small" data-testid="use-my-position" on:click=locate>{f.pin_here}</button>
                <button type="button" class="button small" data-testid="clear-pin" on:click=move |_| { lat.set(String::new()); lng.set(String::new()); message.set(None); } prop:hidden=move || lat.get().is_empty()>{f.pin_clear}</button>
            </div>
            <p class="field-hint pin-hint" data-testid="pin-chosen" aria-live="polite">{move || chosen().unwrap_or_else(|| hint.to_string())}</p>
            <p class="field-error" role="alert" data-testid="pin-message">{move || message.get()}</p>
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::MapState;
    use crate::api::public_reports::{get_district_outlines, map_markers};
    use crate::components::status_color;
    use crate::domain::geo::BBox;
    use crate::domain::lifecycle::Level;
    use crate::dto::{MapData, PublicFilter};
    use leaflet::{
        CircleMarker, DivIconOptions, LatLng, LatLngBounds, LayerGroup, Map, MapOptions, Marker,
        MarkerOptions, TileLayer, TileLayerOptions,
    };
    use leptos::prelude::*;
    use leptos_router::hooks::use_navigate;
    use leptos_router::NavigateOptions;
    use std::cell::Cell;
    use std::rc::Rc;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    #[wasm_bindgen]
    extern "C" {
        /// `L.divIcon`. leaflet-rs 0.5 binds `DivIcon::new` to `L.Icon`, which throws
        /// "iconUrl not set"; the factory builds the real `L.DivIcon`.
        #[wasm_bindgen(js_namespace = L, js_name = divIcon)]
        fn div_icon(options: &DivIconOptions) -> leaflet::Icon;

        /// `L.geoJSON`; leaflet-rs 0.5 keeps its binding private.
        #[wasm_bindgen(js_namespace = L, js_name = geoJSON)]
        fn geo_json(data: &JsValue, options: &JsValue) -> leaflet::GeoJson;
    }

    struct Settings {
        tile_url: String,
        attribution: String,
        center: (f64, f64),
        zoom: f64,
    }

    fn meta(name: &str) -> Option<String> {
        let doc = web_sys::window()?.document()?;
        doc.query_selector(&format!("meta[name=\"{name}\"]"))
            .ok()??
            .get_attribute("content")
    }

    /// Settings the server wrote into the page head (see `app::shell`).
    fn settings() -> Settings {
        let center = meta("paht-map-center")
            .and_then(|c| {
                let (a, b) = c.split_once(',')?;
                Some((a.parse().ok()?, b.parse().ok()?))
            })
            .unwrap_or((16.75, 106.95));
        Settings {
            tile_url: meta("paht-tile-url").unwrap_or_default(),
            attribution: meta("paht-tile-attribution").unwrap_or_default(),
            center,
            zoom: meta("paht-map-zoom")
                .and_then(|z| z.parse().ok())
                .unwrap_or(9.0),
        }
    }

    fn new_map(el: &web_sys::HtmlElement) -> Option<Map> {
        let opts = MapOptions::new();
        opts.set_max_zoom(19.0);
        let map = Map::new_with_element(el, &opts).ok()?;
        let s = settings();
        if !s.tile_url.is_empty() {
            let tile_opts = TileLayerOptions::new();
            tile_opts.set_attribution(s.attribution);
            TileLayer::new_options(&s.tile_url, &tile_opts).add_to(&map);
        }
        Some(map)
    }

    fn bbox_of(map: &Map) -> BBox {
        let b = map.get_bounds();
        let (sw, ne) = (b.get_south_west(), b.get_north_east());
        BBox {
            min_lat: sw.lat(),
            min_lng: sw.lng(),
            max_lat: ne.lat(),
            max_lng: ne.lng(),
        }
        .clamp_to_world()
    }

    fn escape_html(s: &str) -> String {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;")
    }

    fn options(pairs: &[(&str, JsValue)]) -> js_sys::Object {
        let o = js_sys::Object::new();
        for (k, v) in pairs {
            let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), v);
        }
        o
    }

    fn draw(map: &Map, layer: &LayerGroup, data: &MapData, cluster_hint: &str, open_label: &str) {
        layer.clear_layers();
        for m in &data.markers {
            let at = LatLng::new(m.lat, m.lng);
            if let Some(r) = &m.report {
                let urgent = r.level == Level::Urgent;
                let opts = options(&[
                    ("radius", JsValue::from_f64(if urgent { 9.0 } else { 7.0 })),
                    (
                        "color",
                        JsValue::from_str(if urgent { "#b91c1c" } else { "#ffffff" }),
                    ),
                    ("weight", JsValue::from_f64(if urgent { 3.0 } else { 1.5 })),
                    ("fillColor", JsValue::from_str(status_color(r.status))),
                    ("fillOpacity", JsValue::from_f64(0.9)),
                    (
                        "className",
                        JsValue::from_str(&format!(
                            "paht-marker status-{}{}",
                            r.status.as_str(),
                            if urgent { " urgent" } else { "" }
                        )),
                    ),
                ]);
                let marker = CircleMarker::new_with_options(&at, &opts);
                let html = format!(
                    "<strong>{}</strong><br><span>{}</span><br><a href=\"/reports/{}\">{}</a>",
                    escape_html(&r.title),
                    escape_html(&r.code),
                    escape_html(&r.code),
                    escape_html(open_label)
                );
                marker.bind_popup_with_options(
                    &JsValue::from_str(&html),
                    &JsValue::from(js_sys::Object::new()),
                );
                marker.add_to_layer_group(layer);
            } else {
                let size = if m.count >= 1000 {
                    52.0
                } else if m.count >= 100 {
                    44.0
                } else {
                    36.0
                };
                let icon_opts = DivIconOptions::new();
                icon_opts.set_html(format!("<span>{}</span>", m.count));
                icon_opts.set_class_name(format!(
                    "paht-cluster{}",
                    if m.urgent > 0 { " has-urgent" } else { "" }
                ));
                icon_opts.set_icon_size(leaflet::Point::new(size, size));
                let marker_opts = MarkerOptions::new();
                marker_opts.set_icon(div_icon(&icon_opts));
                marker_opts.set_title(format!("{} — {}", m.count, cluster_hint));
                marker_opts.set_keyboard(true);
                let marker = Marker::new_with_options(&at, &marker_opts);
                let map_for_click = map.clone();
                let target = at.clone();
                let on_click = Closure::<dyn FnMut(JsValue)>::new(move |_| {
                    let zoom = map_for_click.get_zoom() + 2.0;
                    map_for_click.set_view(&target, zoom);
                });
                marker.on("click", on_click.as_ref().unchecked_ref());
                // The marker lives as long as the layer; the handler must too.
                on_click.forget();
                marker.add_to_layer_group(layer);
            }
        }
    }

    /// District outlines under the markers (in the tile pane, not clickable), so the map
    /// reads as Quảng Trị even when no tile loads.
    fn draw_outlines(map: &Map) {
        let map = map.clone();
        leptos::task::spawn_local(async move {
            let Ok(outlines) = get_district_outlines().await else {
                return;
            };
            let style = options(&[
                ("pane", JsValue::from_str("tilePane")),
                ("interactive", JsValue::FALSE),
                ("color", JsValue::from_str("#7f1d1d")),
                ("weight", JsValue::from_f64(1.2)),
                ("opacity", JsValue::from_f64(0.6)),
                ("fillColor", JsValue::from_str("#fca5a5")),
                ("fillOpacity", JsValue::from_f64(0.06)),
                ("className", JsValue::from_str("paht-outline")),
            ]);
            for o in outlines {
                if let Ok(geometry) = js_sys::JSON::parse(&o.geometry) {
                    geo_json(&geometry, &style).add_to(&map);
                }
            }
        });
    }

    pub fn mount_public_map(
        node: NodeRef<leptos::html::Div>,
        filter: Memo<PublicFilter>,
        state: RwSignal<MapState>,
        drawn_view: RwSignal<String>,
    ) {
        let navigate = use_navigate();
        let t = crate::i18n::use_lang().strings();
        let map_handle: StoredValue<Option<(Map, LayerGroup)>, LocalStorage> =
            StoredValue::new_local(None);
        let ready = RwSignal::new(false);
        // Answers may come back out of order; only the newest request may draw.
        let generation = Rc::new(Cell::new(0u64));

        Effect::new(move |_| {
            let Some(el) = node.get() else { return };
            if map_handle.with_value(|m| m.is_some()) {
                return;
            }
            let Some(map) = new_map(&el) else {
                state.set(MapState::Failed);
                return;
            };
            let s = settings();
            match filter.get_untracked().bbox.as_deref().and_then(BBox::parse) {
                Some(b) if b.is_valid() => {
                    map.fit_bounds(&LatLngBounds::new(
                        &LatLng::new(b.min_lat, b.min_lng),
                        &LatLng::new(b.max_lat, b.max_lng),
                    ));
                }
                _ => {
                    map.set_view(&LatLng::new(s.center.0, s.center.1), s.zoom);
                }
            }
            draw_outlines(&map);
            let layer = LayerGroup::new();
            layer.add_to(&map);
            let map_for_move = map.clone();
            let navigate = navigate.clone();
            let on_move = Closure::<dyn FnMut(JsValue)>::new(move |_| {
                let view = bbox_of(&map_for_move).to_param();
                let next = PublicFilter {
                    bbox: Some(view),
                    ..filter.get_untracked()
                };
                navigate(
                    &next.href(1),
                    NavigateOptions {
                        replace: true,
                        scroll: false,
                        ..Default::default()
                    },
                );
            });
            map.on("moveend", on_move.as_ref().unchecked_ref());
            on_move.forget();
            map_handle.set_value(Some((map, layer)));
            ready.set(true);
        });

        Effect::new(move |_| {
            let f = filter.get();
            if !ready.get() {
                return;
            }
            let Some((map, layer)) = map_handle.with_value(|m| m.clone()) else {
                return;
            };
            let query = PublicFilter {
                bbox: Some(bbox_of(&map).to_param()),
                ..f
            };
            let this = generation.get() + 1;
            generation.set(this);
            let generation = generation.clone();
            state.set(MapState::Loading);
            let view = query.bbox.clone().unwrap_or_default();
            // About one cluster cell per 64 pixels of map width.
            let columns = (map.get_size().x() / 64.0).round().clamp(2.0, 32.0) as u32;
            leptos::task::spawn_local(async move {
                let result = map_markers(query, Some(columns)).await;
                if generation.get() != this {
                    return;
                }
                match result {
                    Ok(data) => {
                        draw(&map, &layer, &data, t.cluster_zoom, t.open_report);
                        drawn_view.set(view);
                        state.set(MapState::Ready);
                    }
                    Err(_) => state.set(MapState::Failed),
                }
            });
        });

        on_cleanup(move || {
            if let Some(Some((map, _))) = map_handle.try_get_value() {
                map.remove();
            }
        });
    }

    /// The pin picker's map: a click places the pin, a drag moves it, and a pin set from
    /// outside (the browser's position, a draft) moves the marker and the view.
    pub fn mount_pin_picker(
        node: NodeRef<leptos::html::Div>,
        lat: RwSignal<String>,
        lng: RwSignal<String>,
    ) {
        use leaflet::DragEvents;
        let map_handle: StoredValue<Option<Map>, LocalStorage> = StoredValue::new_local(None);
        let pin: StoredValue<Option<Marker>, LocalStorage> = StoredValue::new_local(None);
        let set = move |ll: &LatLng| {
            lat.set(format!("{:.6}", ll.lat()));
            lng.set(format!("{:.6}", ll.lng()));
        };
        Effect::new(move |_| {
            let Some(el) = node.get() else { return };
            if map_handle.with_value(|m| m.is_some()) {
                return;
            }
            let Some(map) = new_map(&el) else { return };
            let s = settings();
            map.set_view(&LatLng::new(s.center.0, s.center.1), s.zoom);
            map.on_mouse_click(Box::new(move |e: leaflet::MouseEvent| set(&e.lat_lng())));
            map_handle.set_value(Some(map));
        });
        // The marker follows the pin, whoever set it.
        Effect::new(move |_| {
            let point = lat
                .get()
                .parse::<f64>()
                .ok()
                .zip(lng.get().parse::<f64>().ok());
            map_handle.with_value(|m| {
                let Some(map) = m else { return };
                match (point, pin.with_value(|p| p.clone())) {
                    (None, Some(marker)) => {
                        marker.remove();
                        pin.set_value(None);
                    }
                    (Some((a, b)), Some(marker)) => marker.set_lat_lng(&LatLng::new(a, b)),
                    (Some((a, b)), None) => {
                        let at = LatLng::new(a, b);
                        let opts = MarkerOptions::new();
                        opts.set_draggable(true);
                        let icon_opts = DivIconOptions::new();
                        icon_opts.set_class_name("paht-pin".to_string());
                        icon_opts.set_html("<span></span>".to_string());
                        opts.set_icon(div_icon(&icon_opts));
                        let marker = Marker::new_with_options(&at, &opts);
                        marker.add_to(map);
                        let dragged = marker.clone();
                        marker.on_drag_end(Box::new(move |_| set(&dragged.get_lat_lng())));
                        pin.set_value(Some(marker));
                        if map.get_zoom() < 14.0 {
                            map.set_view(&at, 15.0);
                        }
                    }
                    (None, None) => {}
                }
            });
        });
        on_cleanup(move || {
            if let Some(Some(map)) = map_handle.try_get_value() {
                map.remove();
            }
        });
    }

    /// Asks the browser where the citizen is; a refusal or failure is said in words.
    pub fn current_position(
        lat: RwSignal<String>,
        lng: RwSignal<String>,
        message: RwSignal<Option<&'static str>>,
    ) {
        let f = crate::i18n::use_lang().filing();
        let Some(geo) = web_sys::window().and_then(|w| w.navigator().geolocation().ok()) else {
            message.set(Some(f.pin_unavailable));
            return;
        };
        message.set(Some(f.pin_locating));
        let found = Closure::once_into_js(move |pos: web_sys::Position| {
            let c = pos.coords();
            lat.set(format!("{:.6}", c.latitude()));
            lng.set(format!("{:.6}", c.longitude()));
            message.set(None);
        });
        let failed = Closure::once_into_js(move |err: web_sys::PositionError| {
            message.set(Some(
                if err.code() == web_sys::PositionError::PERMISSION_DENIED {
                    f.pin_refused
                } else {
                    f.pin_unavailable
                },
            ));
        });
        if geo
            .get_current_position_with_error_callback(
                found.unchecked_ref(),
                Some(failed.unchecked_ref()),
            )
            .is_err()
        {
            message.set(Some(f.pin_unavailable));
        }
    }

    pub fn mount_list_map(node: NodeRef<leptos::html::Div>, pins: Vec<super::ListPin>) {
        let map_handle: StoredValue<Option<Map>, LocalStorage> = StoredValue::new_local(None);
        Effect::new(move |_| {
            let Some(el) = node.get() else { return };
            let pins = pins.clone();
            // After the frame: inside a suspended view the element may not be laid out yet,
            // and a map fitted to a box of no size ends at the widest zoom.
            request_animation_frame(move || draw_list(el, pins, map_handle));
        });
        on_cleanup(move || {
            if let Some(Some(map)) = map_handle.try_get_value() {
                map.remove();
            }
        });
    }

    fn draw_list(
        el: web_sys::HtmlDivElement,
        pins: Vec<super::ListPin>,
        map_handle: StoredValue<Option<Map>, LocalStorage>,
    ) {
        {
            if map_handle.try_with_value(|m| m.is_some()).unwrap_or(true) {
                return;
            }
            let Some(map) = new_map(&el) else { return };
            draw_outlines(&map);
            if pins.is_empty() {
                let s = settings();
                map.set_view(&LatLng::new(s.center.0, s.center.1), s.zoom);
            } else {
                let (mut a, mut b) = ((f64::MAX, f64::MAX), (f64::MIN, f64::MIN));
                for p in &pins {
                    a = (a.0.min(p.lat), a.1.min(p.lng));
                    b = (b.0.max(p.lat), b.1.max(p.lng));
                }
                // A single place still gets a street-sized view around it.
                let pad = 0.003;
                map.fit_bounds(&LatLngBounds::new(
                    &LatLng::new(a.0 - pad, a.1 - pad),
                    &LatLng::new(b.0 + pad, b.1 + pad),
                ));
            }
            for p in &pins {
                let fill = if p.overdue {
                    "#b91c1c"
                } else if p.pressing {
                    "#d97706"
                } else {
                    "#2563eb"
                };
                let opts = options(&[
                    (
                        "radius",
                        JsValue::from_f64(if p.urgent { 10.0 } else { 7.0 }),
                    ),
                    ("color", JsValue::from_str("#ffffff")),
                    ("weight", JsValue::from_f64(2.0)),
                    ("fillColor", JsValue::from_str(fill)),
                    ("fillOpacity", JsValue::from_f64(0.95)),
                    (
                        "className",
                        JsValue::from_str(if p.overdue {
                            "paht-marker overdue"
                        } else if p.pressing {
                            "paht-marker pressing"
                        } else {
                            "paht-marker"
                        }),
                    ),
                ]);
                let marker = CircleMarker::new_with_options(&LatLng::new(p.lat, p.lng), &opts);
                let html = format!(
                    "<strong>{}</strong><br><a href=\"/console/r/{}\">{}</a>",
                    escape_html(&p.title),
                    escape_html(&p.code),
                    escape_html(&p.code)
                );
                marker.bind_popup_with_options(
                    &JsValue::from_str(&html),
                    &JsValue::from(js_sys::Object::new()),
                );
                marker.add_to(&map);
            }
            map_handle.set_value(Some(map));
        }
    }

    pub fn mount_point_map(node: NodeRef<leptos::html::Div>, lat: f64, lng: f64) {
        let map_handle: StoredValue<Option<Map>, LocalStorage> = StoredValue::new_local(None);
        Effect::new(move |_| {
            let Some(el) = node.get() else { return };
            if map_handle.with_value(|m| m.is_some()) {
                return;
            }
            let Some(map) = new_map(&el) else { return };
            let at = LatLng::new(lat, lng);
            map.set_view(&at, 15.0);
            let opts = options(&[
                ("radius", JsValue::from_f64(9.0)),
                ("color", JsValue::from_str("#ffffff")),
                ("weight", JsValue::from_f64(2.0)),
                ("fillColor", JsValue::from_str("#dc2626")),
                ("fillOpacity", JsValue::from_f64(0.95)),
                ("className", JsValue::from_str("paht-marker point")),
            ]);
            CircleMarker::new_with_options(&at, &opts).add_to(&map);
            map_handle.set_value(Some(map));
        });
        on_cleanup(move || {
            if let Some(Some(map)) = map_handle.try_get_value() {
                map.remove();
            }
        });
    }
}
