//! What the officials' console sends to the browser: inbox pages, the report workspace
//! (private parts included, for staff who may see them) and the choices of its forms.

use crate::domain::console::{DueState, Tab, TemplateKind};
use crate::domain::lifecycle::{Action, Channel, Level, Status};
use crate::dto::media::Attachment;
use crate::dto::{CategoryRef, DistrictRef};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The inbox's filters as typed in the URL: every field raw, checked on the server.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InboxFilter {
    pub tab: String,
    /// District code.
    pub district: String,
    /// Commune code.
    pub commune: String,
    /// Category code.
    pub category: String,
    pub level: String,
    pub channel: String,
    /// Agency id.
    pub agency: String,
    /// Received on or after / on or before ("YYYY-MM-DD", Việt Nam days).
    pub from: String,
    pub to: String,
    /// A report code, or words of the title.
    pub q: String,
}

impl InboxFilter {
    /// The query string of this filter on `page` (for links and pagination).
    pub fn href(&self, page: u64) -> String {
        let mut parts = Vec::new();
        for (k, v) in [
            ("tab", &self.tab),
            ("district", &self.district),
            ("commune", &self.commune),
            ("category", &self.category),
            ("level", &self.level),
            ("channel", &self.channel),
            ("agency", &self.agency),
            ("from", &self.from),
            ("to", &self.to),
            ("q", &self.q),
        ] {
            let v = v.trim();
            if !v.is_empty() {
                parts.push(format!("{k}={}", urlencoding::encode(v)));
            }
        }
        if page > 1 {
            parts.push(format!("page={page}"));
        }
        if parts.is_empty() {
            "/console".into()
        } else {
            format!("/console?{}", parts.join("&"))
        }
    }

    /// The same filter on another tab (page 1).
    pub fn on_tab(&self, tab: Tab) -> InboxFilter {
        InboxFilter {
            tab: tab.as_str().into(),
            ..self.clone()
        }
    }
}

/// One report in an inbox list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InboxRow {
    pub code: String,
    /// The version the row was read at (an action names it).
    pub version: i32,
    pub title: String,
    pub status: Status,
    pub level: Level,
    pub channel: Channel,
    pub category: Option<String>,
    pub district: Option<String>,
    pub address: String,
    pub received_at: Option<DateTime<Utc>>,
    pub due: DueState,
    pub agency: Option<String>,
    pub assignee: Option<String>,
    pub lat: f64,
    pub lng: f64,
    pub extension_pending: bool,
}

/// One tab's page of the inbox, with every tab's count.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InboxPage {
    pub tab: Tab,
    pub rows: Vec<InboxRow>,
    pub page: u64,
    pub has_more: bool,
    /// Every tab of the viewer's role with its count (capped: more than
    /// `domain::console::TAB_COUNT_CAP` reads "999+").
    pub counts: Vec<(Tab, u64)>,
}

/// Choices for the console's filters and forms.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ConsoleChoices {
    pub categories: Vec<CategoryRef>,
    pub districts: Vec<DistrictRef>,
    pub communes: Vec<crate::dto::filing::CommuneRef>,
    pub agencies: Vec<AgencyRef>,
    pub templates: Vec<Template>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgencyRef {
    pub id: i64,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Template {
    pub kind: TemplateKind,
    pub text_vi: String,
    pub text_en: String,
}

/// One line of the workspace's timeline: public and internal events, and notes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkEvent {
    pub at: DateTime<Utc>,
    pub actor: Option<String>,
    /// `Action::as_str`, or "note" / "assign".
    pub action: String,
    pub to_status: Option<Status>,
    pub note: Option<String>,
    pub public: bool,
}

/// An open report near this one (duplicate check).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Neighbour {
    pub code: String,
    pub title: String,
    pub status: Status,
    pub distance_m: u32,
}

/// Everything about one report an official may see, and what they may do with it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Workspace {
    pub code: String,
    pub version: i32,
    pub title: String,
    pub content: String,
    pub public_title: Option<String>,
    pub public_content: Option<String>,
    pub status: Status,
    pub level: Level,
    pub citizen_urgent: bool,
    pub category: Option<CategoryRef>,
    pub channel: Channel,
    pub lat: f64,
    pub lng: f64,
    pub address: String,
    pub place_approximate: bool,
    pub district: Option<String>,
    pub commune: Option<String>,
    pub reporter_name: Option<String>,
    pub reporter_phone: Option<String>,
    pub hide_name: bool,
    pub is_public: bool,
    pub received_at: Option<DateTime<Utc>>,
    pub agency: Option<AgencyRef>,
    /// The routing rules' suggestion for dispatch.
    pub suggested_agency: Option<AgencyRef>,
    pub assignee: Option<String>,
    pub due_at: Option<DateTime<Utc>>,
    pub due: DueState,
    /// The deadline a dispatch now would set (category × level, working days).
    pub dispatch_due: Option<DateTime<Utc>>,
    pub extension_until: Option<DateTime<Utc>>,
    pub extension_reason: Option<String>,
    pub result: Option<String>,
    pub media: Vec<Attachment>,
    pub result_media: Vec<Attachment>,
    pub timeline: Vec<WorkEvent>,
    pub nearby: Vec<Neighbour>,
    pub duplicate_of: Option<String>,
    /// Lifecycle actions the viewer may take now.
    pub actions: Vec<Action>,
    /// The viewer may take it (officer, unassigned).
    pub may_take: bool,
    /// The viewer leads the agency: may assign; these are its officers.
    pub officers: Vec<AgencyRef>,
}

/// What a bulk action did: the codes changed, and those left as they were with why.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BulkOutcome {
    pub done: Vec<String>,
    pub skipped: Vec<(String, String)>,
}

/// An officer's field list as of `at` (the server's clock: the printout's date).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldList {
    pub at: DateTime<Utc>,
    pub stops: Vec<FieldStop>,
}

/// One stop of an officer's field list (FixMyStreet's "shortlist").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldStop {
    pub code: String,
    pub title: String,
    pub status: Status,
    pub address: String,
    pub area: String,
    pub lat: f64,
    pub lng: f64,
    pub due: DueState,
    pub reporter_phone: Option<String>,
    /// Thumbnails of the report's photos (at most three).
    pub photos: Vec<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inbox_links_keep_the_filter_and_change_only_the_tab_or_page() {
        let f = InboxFilter {
            tab: "new".into(),
            district: "QT-DONGHA".into(),
            q: " ổ gà ".into(),
            ..Default::default()
        };
        assert_eq!(
            f.href(1),
            "/console?tab=new&district=QT-DONGHA&q=%E1%BB%95%20g%C3%A0"
        );
        assert_eq!(
            f.href(3),
            "/console?tab=new&district=QT-DONGHA&q=%E1%BB%95%20g%C3%A0&page=3"
        );
        assert_eq!(
            f.on_tab(Tab::Overdue).href(1),
            "/console?tab=overdue&district=QT-DONGHA&q=%E1%BB%95%20g%C3%A0"
        );
        assert_eq!(InboxFilter::default().href(1), "/console");
        assert_eq!(InboxFilter::default().href(2), "/console?page=2");
    }
}
