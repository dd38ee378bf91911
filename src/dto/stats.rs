//! The public scoreboard (`/thong-ke`): its filter, as in the URL, and its figures.

use crate::domain::stats::Period;
use crate::dto::error::Problem;
use crate::dto::DistrictRef;
use serde::{Deserialize, Serialize};

/// The scoreboard's filter, as the form and the URL query write it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StatsFilter {
    /// First day received, YYYY-MM-DD (Việt Nam calendar), empty for "since the start".
    pub from: Option<String>,
    /// Last day received, YYYY-MM-DD, empty for "up to today".
    pub to: Option<String>,
    /// A district's code, empty for the whole province.
    pub district: Option<String>,
}

/// Longest district code looked at.
pub const DISTRICT_CODE_MAX: usize = 40;

impl StatsFilter {
    /// The filter as a URL query (`?from=…&to=…&district=…`, empty when nothing is set),
    /// for the CSV links and the form.
    pub fn query(&self) -> String {
        let parts: Vec<String> = [
            ("from", &self.from),
            ("to", &self.to),
            ("district", &self.district),
        ]
        .into_iter()
        .filter_map(|(k, v)| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|v| format!("{k}={}", urlencoding::encode(v)))
        })
        .collect();
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }
}

/// Checks the filter before any query: each field's length first, then the dates against
/// `today` (the Vietnamese date now) and the district code's form (whether it exists is the
/// server's question).
pub fn validate(f: &StatsFilter, today: chrono::NaiveDate) -> Result<ValidStats, Problem> {
    use crate::domain::stats::{Period, PeriodProblem};
    let period = Period::parse(f.from.as_deref(), f.to.as_deref(), today).map_err(|p| match p {
        PeriodProblem::BadDate => Problem::BadDate,
        PeriodProblem::Reversed => Problem::DateReversed,
        PeriodProblem::OutOfRange => Problem::DateOutOfRange,
    })?;
    let district = match f.district.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(d)
            if d.len() <= DISTRICT_CODE_MAX
                && d.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
        {
            Some(d.to_string())
        }
        Some(_) => return Err(Problem::BadDistrict),
    };
    Ok(ValidStats { period, district })
}

/// The filter checked: a period and maybe a district code (known to the server).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ValidStats {
    pub period: Period,
    pub district: Option<String>,
}

/// Counts of reports by stage; `received` is their sum.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageCounts {
    pub received: u64,
    pub in_progress: u64,
    pub processed: u64,
    pub declined: u64,
    /// Of those in progress, past their deadline now.
    pub overdue: u64,
}

impl StageCounts {
    pub fn add(&mut self, o: &StageCounts) {
        self.received += o.received;
        self.in_progress += o.in_progress;
        self.processed += o.processed;
        self.declined += o.declined;
        self.overdue += o.overdue;
    }
}

/// One row of the "by category" or "by district" table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupRow {
    /// The category's or district's code; empty for reports without one.
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub counts: StageCounts,
}

/// One month of the monthly table: received in it, processed (published) in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthRow {
    pub year: i32,
    pub month: u32,
    pub received: u64,
    pub processed: u64,
}

/// One week of the staff dashboards' trend: received in it, processed (published) in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekRow {
    /// Its Monday, YYYY-MM-DD.
    pub monday: String,
    pub received: u64,
    pub processed: u64,
}

/// One agency's figures over the reports received in the period and dispatched to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgencyRow {
    pub code: String,
    pub name: String,
    /// Dispatched to the agency (held by it now).
    pub received: u64,
    /// With a result recorded (resolved, published or closed).
    pub resolved: u64,
    /// Resolved with a deadline, and of those resolved by it.
    pub resolved_with_deadline: u64,
    pub on_time: u64,
    /// Working days from dispatch to result: median and 90th percentile.
    pub median_days: Option<i64>,
    pub p90_days: Option<i64>,
    pub overdue: u64,
    /// Ratings of its published results, and of those "satisfied" or "very satisfied".
    pub ratings: u64,
    pub satisfied: u64,
}

impl AgencyRow {
    pub fn on_time_percent(&self) -> Option<f64> {
        crate::domain::stats::percent(self.on_time, self.resolved_with_deadline)
    }

    pub fn satisfaction_percent(&self) -> Option<f64> {
        crate::domain::stats::percent(self.satisfied, self.ratings)
    }
}

/// Everything the scoreboard shows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Scoreboard {
    pub totals: StageCounts,
    pub by_category: Vec<GroupRow>,
    pub by_district: Vec<GroupRow>,
    pub by_month: Vec<MonthRow>,
    pub agencies: Vec<AgencyRow>,
    /// The last 12 weeks (staff dashboards only; empty on the public scoreboard).
    pub weeks: Vec<WeekRow>,
    /// The district choices of the filter form.
    pub districts: Vec<DistrictRef>,
    /// When the figures were counted (RFC 3339).
    pub counted_at: String,
}

/// A staff dashboard (`/console/dashboard`): the scoreboard of what the viewer may see (the
/// province for the centre, the own agency for an officer) with the weekly trend, and the
/// viewer's inbox tabs with their counts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub board: Scoreboard,
    pub tabs: Vec<(crate::domain::console::Tab, u64)>,
    /// The officer's agency; `None` for the centre's province view.
    pub agency: Option<String>,
}

/// The tables of the scoreboard, each downloadable as CSV at `/thong-ke/{name}.csv` (the
/// weekly one only from the staff dashboards, `/console/dashboard/{name}.csv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatsTable {
    Totals,
    Categories,
    Districts,
    Months,
    Agencies,
    Weeks,
}

/// Where the public scoreboard's CSV files are.
pub const PUBLIC_BASE: &str = "/thong-ke";
/// Where the staff dashboards' CSV files are.
pub const DASHBOARD_BASE: &str = "/console/dashboard";

impl StatsTable {
    pub const ALL: [StatsTable; 6] = [
        StatsTable::Totals,
        StatsTable::Categories,
        StatsTable::Districts,
        StatsTable::Months,
        StatsTable::Agencies,
        StatsTable::Weeks,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            StatsTable::Totals => "tong-hop",
            StatsTable::Categories => "linh-vuc",
            StatsTable::Districts => "dia-ban",
            StatsTable::Months => "theo-thang",
            StatsTable::Agencies => "don-vi",
            StatsTable::Weeks => "theo-tuan",
        }
    }

    pub fn from_slug(s: &str) -> Option<StatsTable> {
        StatsTable::ALL.into_iter().find(|t| t.slug() == s)
    }

    /// Where its CSV is downloaded from the public scoreboard, with the page's filter.
    pub fn csv_href(self, filter: &StatsFilter) -> String {
        self.csv_href_at(PUBLIC_BASE, filter)
    }

    /// Where its CSV is downloaded below `base`, with the page's filter.
    pub fn csv_href_at(self, base: &str, filter: &StatsFilter) -> String {
        format!("{base}/{}.csv{}", self.slug(), filter.query())
    }

    /// The table named by a file name ("don-vi.csv"), if `staff` may have it.
    pub fn from_file(file: &str, staff: bool) -> Option<StatsTable> {
        file.strip_suffix(".csv")
            .and_then(StatsTable::from_slug)
            .filter(|t| staff || *t != StatsTable::Weeks)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_writes_only_what_is_set_into_the_query() {
        assert_eq!(StatsFilter::default().query(), "");
        let f = StatsFilter {
            from: Some("2026-01-01".into()),
            to: Some(" ".into()),
            district: Some("dong-ha".into()),
        };
        assert_eq!(f.query(), "?from=2026-01-01&district=dong-ha");
        assert_eq!(
            StatsTable::Agencies.csv_href(&f),
            "/thong-ke/don-vi.csv?from=2026-01-01&district=dong-ha"
        );
        for t in StatsTable::ALL {
            assert_eq!(StatsTable::from_slug(t.slug()), Some(t));
        }
        assert_eq!(StatsTable::from_slug("../etc"), None);
        assert_eq!(
            StatsTable::from_file("don-vi.csv", false),
            Some(StatsTable::Agencies)
        );
        assert_eq!(StatsTable::from_file("don-vi.txt", false), None);
        assert_eq!(StatsTable::from_file("theo-tuan.csv", false), None);
        assert_eq!(
            StatsTable::from_file("theo-tuan.csv", true),
            Some(StatsTable::Weeks)
        );
        assert_eq!(
            StatsTable::Weeks.csv_href_at(DASHBOARD_BASE, &StatsFilter::default()),
            "/console/dashboard/theo-tuan.csv"
        );
    }

    #[test]
    fn a_filter_is_checked_field_by_field() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let f = |from: &str, to: &str, d: &str| StatsFilter {
            from: Some(from.into()),
            to: Some(to.into()),
            district: Some(d.into()),
        };
        let ok = validate(&f("2026-01-01", "2026-06-30", "dong-ha"), today).unwrap();
        assert_eq!(ok.district.as_deref(), Some("dong-ha"));
        assert!(ok.period.from.is_some() && ok.period.to.is_some());
        assert_eq!(
            validate(&StatsFilter::default(), today),
            Ok(ValidStats::default())
        );
        assert_eq!(validate(&f("x", "", ""), today), Err(Problem::BadDate));
        assert_eq!(
            validate(&f("2026-06-30", "2026-01-01", ""), today),
            Err(Problem::DateReversed)
        );
        assert_eq!(
            validate(&f("", "2027-01-01", ""), today),
            Err(Problem::DateOutOfRange)
        );
        assert_eq!(
            validate(&f("", "", "a/b"), today),
            Err(Problem::BadDistrict)
        );
        assert_eq!(
            validate(&f("", "", &"a".repeat(1_000_000)), today),
            Err(Problem::BadDistrict)
        );
    }
}
