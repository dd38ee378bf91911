//! What travels between server and browser. Plain data without secrets:
//! entities never leave the server, these do.

pub mod admin;
pub mod console;
pub mod engagement;
pub mod error;
pub mod filing;
pub mod filter;
pub mod media;
pub mod stats;

use crate::domain::lifecycle::{Action, Channel, Level, Status};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Rows per page of the public list. Small pages keep every page cheap to query.
pub const PAGE_SIZE: u64 = 20;
/// Pages further than this are refused: deep OFFSETs cost the database a scan,
/// and nobody reads page 500 of a list; filters and the map narrow it instead.
pub const MAX_PAGE: u64 = 250;
/// The list's total is counted up to this bound, then shown as "more than".
pub const COUNT_CAP: u64 = 10_000;
/// The longest search text accepted.
pub const MAX_SEARCH_LEN: usize = 100;

/// Filters of the public map and list, as they appear in the URL query.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PublicFilter {
    /// "min_lng,min_lat,max_lng,max_lat" of the map view.
    pub bbox: Option<String>,
    pub q: Option<String>,
    pub category: Option<String>,
    pub status: Option<String>,
    pub district: Option<String>,
    pub urgent: bool,
    pub processed: bool,
}

impl PublicFilter {
    /// The query-string form used in links (empty fields left out), page excluded.
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let mut push = |k: &'static str, v: &Option<String>| {
            if let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                out.push((k, v.to_string()));
            }
        };
        push("q", &self.q);
        push("category", &self.category);
        push("status", &self.status);
        push("district", &self.district);
        push("bbox", &self.bbox);
        if self.urgent {
            out.push(("urgent", "1".into()));
        }
        if self.processed {
            out.push(("processed", "1".into()));
        }
        out
    }

    /// "/?q=…&page=N": a link to this filter at a page.
    pub fn href(&self, page: u64) -> String {
        let mut parts: Vec<String> = self
            .to_query()
            .into_iter()
            .map(|(k, v)| format!("{k}={}", urlencoding::encode(&v)))
            .collect();
        if page > 1 {
            parts.push(format!("page={page}"));
        }
        if parts.is_empty() {
            "/".to_string()
        } else {
            format!("/?{}", parts.join("&"))
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportSummary {
    pub code: String,
    pub title: String,
    pub status: Status,
    pub level: Level,
    pub category: Option<CategoryRef>,
    pub district: Option<String>,
    pub address: String,
    pub received_at: Option<DateTime<Utc>>,
    pub overdue: bool,
    pub lat: f64,
    pub lng: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportPage {
    pub items: Vec<ReportSummary>,
    pub page: u64,
    pub page_size: u64,
    /// Matching reports, counted up to `COUNT_CAP`.
    pub total: u64,
    /// True when there are more than `total` matches.
    pub total_capped: bool,
}

impl ReportPage {
    pub fn last_page(&self) -> u64 {
        self.total.div_ceil(self.page_size).clamp(1, MAX_PAGE)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CategoryRef {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub color: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DistrictRef {
    pub code: String,
    pub name: String,
}

/// Choices of the filter form.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FilterChoices {
    pub categories: Vec<CategoryRef>,
    pub districts: Vec<DistrictRef>,
}

/// One marker of the public map: a single report or a cluster of them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapMarker {
    pub lat: f64,
    pub lng: f64,
    pub count: u64,
    /// Set when the marker is a single report.
    pub report: Option<MapReport>,
    /// Urgent reports among those in the cluster.
    pub urgent: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapReport {
    pub code: String,
    pub title: String,
    pub status: Status,
    pub level: Level,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MapData {
    pub markers: Vec<MapMarker>,
    pub clustered: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub at: DateTime<Utc>,
    pub action: Action,
    pub to_status: Status,
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportDetail {
    pub code: String,
    pub title: String,
    pub content: String,
    pub status: Status,
    pub level: Level,
    pub category: Option<CategoryRef>,
    pub lat: f64,
    pub lng: f64,
    pub address: String,
    pub district: Option<String>,
    pub commune: Option<String>,
    /// None when the reporter hid their name. Phone numbers never leave the server.
    pub reporter: Option<String>,
    pub channel: Channel,
    pub agency: Option<String>,
    pub received_at: Option<DateTime<Utc>>,
    pub due_at: Option<DateTime<Utc>>,
    pub overdue: bool,
    pub published_at: Option<DateTime<Utc>>,
    /// Only when the result is published and public.
    pub result: Option<String>,
    pub like_count: i64,
    pub comment_count: i64,
    pub follow_up_of: Option<String>,
    pub duplicate_of: Option<String>,
    pub timeline: Vec<TimelineEntry>,
    /// Everyone may see it (otherwise only its author is looking).
    pub public: bool,
    /// The viewer filed it.
    pub own: bool,
    /// Photos, video and files the reporter attached.
    pub media: Vec<crate::dto::media::Attachment>,
    /// The site's address ("https://paht.quangtri.gov.vn"), for links shared elsewhere;
    /// empty when unknown.
    pub site: String,
}

/// A district's outline, drawn on the map so it reads without tiles.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AreaOutline {
    pub code: String,
    pub name: String,
    /// A GeoJSON geometry.
    pub geometry: String,
}

/// Settings the browser needs, rendered by the server into the page head.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapSettings {
    pub tile_url: String,
    pub tile_attribution: String,
    pub center_lat: f64,
    pub center_lng: f64,
    pub zoom: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_links_keep_filters_and_page() {
        let f = PublicFilter {
            q: Some(" ổ gà ".into()),
            category: Some("giao-thong".into()),
            urgent: true,
            ..Default::default()
        };
        assert_eq!(
            f.href(1),
            "/?q=%E1%BB%95%20g%C3%A0&category=giao-thong&urgent=1"
        );
        assert_eq!(
            f.href(3),
            "/?q=%E1%BB%95%20g%C3%A0&category=giao-thong&urgent=1&page=3"
        );
        assert_eq!(PublicFilter::default().href(1), "/");
        assert_eq!(PublicFilter::default().href(2), "/?page=2");
    }

    #[test]
    fn last_page_is_bounded() {
        let p = |total| ReportPage {
            items: vec![],
            page: 1,
            page_size: 20,
            total,
            total_capped: false,
        };
        assert_eq!(p(0).last_page(), 1);
        assert_eq!(p(20).last_page(), 1);
        assert_eq!(p(21).last_page(), 2);
        assert_eq!(p(1_000_000).last_page(), MAX_PAGE);
    }
}
