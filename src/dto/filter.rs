//! The public filter after validation, and the rules that validate it: shared, so the
//! browser shows the message the server would return, and the server's queries
//! (`server::public_reports`) take a checked filter without reaching into `api`.

use crate::domain::code::ReportCode;
use crate::domain::geo::BBox;
use crate::domain::lifecycle::Status;
use crate::dto::error::{AppError, Problem};
use crate::dto::{PublicFilter, MAX_PAGE, MAX_SEARCH_LEN};

/// What a search box's text means.
#[derive(Clone, Debug, PartialEq)]
pub enum Search {
    /// A full report code: an exact lookup.
    Code(String),
    /// Words to find (folded, letters and digits only: `domain::text::search_words`), each
    /// the start of a word of the code, title, content or the reporter's shown name.
    Words(Vec<String>),
}

/// A public filter after validation: every field checked, nothing left as raw text
/// except the search words (which the query binds as a parameter).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ValidFilter {
    pub bbox: Option<BBox>,
    pub search: Option<Search>,
    pub category: Option<String>,
    pub statuses: Option<Vec<Status>>,
    pub district: Option<String>,
    pub urgent: bool,
}

/// Checks a filter from the URL. Runs on both sides, so the browser can show
/// the message the server would return.
pub fn validate_filter(f: &PublicFilter) -> Result<ValidFilter, AppError> {
    // Every field is measured before it is read: none is longer than a few hundred
    // characters when it is valid, and the body may carry a megabyte.
    const FIELD_CAP: usize = 4 * MAX_SEARCH_LEN;
    let fields = [&f.bbox, &f.q, &f.category, &f.status, &f.district];
    if let Some(long) = fields.iter().position(|v| {
        v.as_deref()
            .is_some_and(|v| crate::account::longer_than(v, FIELD_CAP))
    }) {
        return Err(AppError::Invalid(match long {
            0 => Problem::BadBbox,
            1 => Problem::SearchTooLong,
            2 => Problem::BadCategory,
            3 => Problem::BadStatus,
            _ => Problem::BadDistrict,
        }));
    }
    let clean = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let bbox = match clean(&f.bbox) {
        None => None,
        Some(s) => match BBox::parse(&s) {
            Some(b) if b.is_valid() => Some(b),
            _ => return Err(AppError::Invalid(Problem::BadBbox)),
        },
    };
    let search = match clean(&f.q) {
        None => None,
        Some(q) if crate::account::longer_than(&q, MAX_SEARCH_LEN) => {
            return Err(AppError::Invalid(Problem::SearchTooLong))
        }
        Some(q) => match q.parse::<ReportCode>() {
            Ok(code) => Some(Search::Code(code.to_string())),
            // Only marks and punctuation give no words, and find nothing.
            Err(_) => Some(Search::Words(crate::domain::text::search_words(&q))),
        },
    };
    let slug_ok = |s: &str| {
        s.len() <= 64
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    let category = clean(&f.category);
    if category.as_deref().is_some_and(|c| !slug_ok(c)) {
        return Err(AppError::Invalid(Problem::BadCategory));
    }
    let district = clean(&f.district);
    if district.as_deref().is_some_and(|d| !slug_ok(d)) {
        return Err(AppError::Invalid(Problem::BadDistrict));
    }
    let mut statuses = match clean(&f.status) {
        None => None,
        Some(s) => match Status::parse(&s) {
            Some(st) if st.is_public_visible() => Some(vec![st]),
            _ => return Err(AppError::Invalid(Problem::BadStatus)),
        },
    };
    if f.processed {
        let processed = [Status::Published, Status::Closed];
        statuses = Some(match statuses {
            None => processed.to_vec(),
            Some(list) => list.into_iter().filter(|s| processed.contains(s)).collect(),
        });
    }
    Ok(ValidFilter {
        bbox,
        search,
        category,
        statuses,
        district,
        urgent: f.urgent,
    })
}

pub fn validate_page(page: u64) -> Result<u64, AppError> {
    match page {
        0 => Ok(1),
        p if p <= MAX_PAGE => Ok(p),
        _ => Err(AppError::Invalid(Problem::PageTooFar)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_filter_is_valid() {
        assert_eq!(
            validate_filter(&PublicFilter::default()),
            Ok(ValidFilter::default())
        );
    }

    #[test]
    fn a_code_search_becomes_an_exact_lookup() {
        let f = PublicFilter {
            q: Some(" pa-2026-000123 ".into()),
            ..Default::default()
        };
        assert_eq!(
            validate_filter(&f).unwrap().search,
            Some(Search::Code("PA-2026-000123".into()))
        );
        let f = PublicFilter {
            q: Some("ổ gà".into()),
            ..Default::default()
        };
        assert_eq!(
            validate_filter(&f).unwrap().search,
            Some(Search::Words(vec!["o".into(), "ga".into()]))
        );
    }

    #[test]
    fn hostile_values_are_refused() {
        let bad = [
            PublicFilter {
                bbox: Some("1,2,3".into()),
                ..Default::default()
            },
            PublicFilter {
                bbox: Some("107.5,16.0,107.0,17.0".into()),
                ..Default::default()
            },
            PublicFilter {
                category: Some("x' OR 1=1 --".into()),
                ..Default::default()
            },
            PublicFilter {
                district: Some("../../etc".into()),
                ..Default::default()
            },
            PublicFilter {
                status: Some("draft".into()),
                ..Default::default()
            },
            PublicFilter {
                status: Some("nonsense".into()),
                ..Default::default()
            },
            PublicFilter {
                q: Some("a".repeat(MAX_SEARCH_LEN + 1)),
                ..Default::default()
            },
        ];
        for f in bad {
            assert!(
                matches!(validate_filter(&f), Err(AppError::Invalid(_))),
                "{f:?}"
            );
        }
    }

    #[test]
    fn processed_narrows_to_published_and_closed() {
        let f = PublicFilter {
            processed: true,
            ..Default::default()
        };
        assert_eq!(
            validate_filter(&f).unwrap().statuses,
            Some(vec![Status::Published, Status::Closed])
        );
        let f = PublicFilter {
            processed: true,
            status: Some("processing".into()),
            ..Default::default()
        };
        assert_eq!(validate_filter(&f).unwrap().statuses, Some(vec![]));
    }

    #[test]
    fn pages_are_bounded() {
        assert_eq!(validate_page(0), Ok(1));
        assert_eq!(validate_page(MAX_PAGE), Ok(MAX_PAGE));
        assert!(validate_page(MAX_PAGE + 1).is_err());
    }
}
