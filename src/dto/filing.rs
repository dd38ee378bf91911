//! What the filing screens receive: the choices of the form, a draft, the author's list.

use super::{CategoryRef, DistrictRef};
use crate::domain::filing::FilingForm;
use crate::domain::lifecycle::{Level, Status};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Rows per page of "my reports".
pub const MY_REPORTS_PAGE_SIZE: u64 = 20;
pub const MY_REPORTS_MAX_PAGE: u64 = 500;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommuneRef {
    pub code: String,
    pub name: String,
    /// The district's code.
    pub district: String,
}

/// The form's select boxes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FilingChoices {
    pub categories: Vec<CategoryRef>,
    pub districts: Vec<DistrictRef>,
    pub communes: Vec<CommuneRef>,
}

/// An own draft, to edit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub id: i64,
    pub form: FilingForm,
    pub updated_at: DateTime<Utc>,
    /// The draft's photos, video and files.
    pub media: Vec<crate::dto::media::Attachment>,
}

/// One row of "my reports": drafts have no code yet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyReportRow {
    pub id: i64,
    pub code: Option<String>,
    pub title: String,
    pub status: Status,
    pub level: Level,
    pub category: Option<String>,
    pub district: Option<String>,
    /// When sent, or last edited for a draft.
    pub at: DateTime<Utc>,
    pub comment_count: i32,
    /// The first photo's id, for its thumbnail.
    pub first_photo: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyReportsPage {
    pub rows: Vec<MyReportRow>,
    pub page: u64,
    pub has_more: bool,
}

/// An open public report near the place being reported ("is it one of these?").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NearbyReport {
    pub code: String,
    pub title: String,
    pub status: Status,
    pub distance_m: u32,
}

/// How far and how recent "nearby" is.
pub const NEARBY_METRES: f64 = 200.0;
pub const NEARBY_DAYS: i64 = 60;
pub const NEARBY_MAX: usize = 5;

/// A place the typed address may mean (address help): an area of ours, or a street or
/// place of the gazetteer within a district. Choosing it sets the pin and the area.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlaceHit {
    pub name: String,
    /// The district (and commune) it lies in, as shown under the name.
    pub detail: String,
    pub lat: f64,
    pub lng: f64,
    pub district: String,
    pub commune: String,
    /// Only the area is known (a street of the district): the pin sits at its centre and
    /// should be moved to the exact spot.
    pub approximate: bool,
}

/// Address help answers at most this many places.
pub const PLACES_MAX: usize = 8;
/// A typed address longer than this is not looked up.
pub const PLACE_QUERY_MAX: usize = 100;

/// A caller's details as the operator types them when filing on their behalf: the channel
/// (hotline | fanpage | walk_in | email), name and phone, both kept private.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CallerDetails {
    pub channel: String,
    pub name: String,
    pub phone: String,
}
