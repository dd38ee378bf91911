//! The rules of filing a report: what a draft may hold and what a report must have to be
//! sent. Shared by the form (it checks as the citizen types) and the server (it checks
//! again, and only it decides), so both say the same sentence.

use serde::{Deserialize, Serialize};

pub const TITLE_MAX: usize = 150;
pub const CONTENT_MIN: usize = 20;
pub const CONTENT_MAX: usize = 5_000;
pub const ADDRESS_MAX: usize = 300;
/// Idempotency keys come from the form (a random token); anything longer is not one.
pub const KEY_MAX: usize = 64;

/// A form as typed: every field raw, nothing trusted.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FilingForm {
    pub title: String,
    pub content: String,
    /// Category code (the citizen's suggestion), empty for none.
    pub category: String,
    /// District code, and commune code (may be empty) when the place is an area.
    pub district: String,
    pub commune: String,
    pub address: String,
    /// The pin on the map, as decimal degrees (empty without one: then the area's centre).
    pub lat: String,
    pub lng: String,
    pub urgent: bool,
    pub hide_name: bool,
    /// The attachments' ids ("12,15"), as the uploader fills them in.
    pub media: String,
}

/// Why one field was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FilingProblem {
    TitleRequired,
    TitleTooLong,
    ContentRequired,
    ContentTooShort,
    ContentTooLong,
    AddressTooLong,
    /// No place: pick a district (and commune) or a point.
    PlaceRequired,
    /// A category, district or commune code that is not ours.
    UnknownChoice,
    /// The commune is not in the chosen district.
    CommuneNotInDistrict,
    /// The pin is not a place on Earth (not two numbers in range).
    BadPoint,
    /// The pin lies outside every district of the province.
    PointOutside,
}

impl FilingProblem {
    pub fn vi(self) -> String {
        match self {
            FilingProblem::TitleRequired => "Vui lòng nhập tiêu đề phản ánh.".into(),
            FilingProblem::TitleTooLong => {
                format!("Tiêu đề không được dài quá {TITLE_MAX} ký tự.")
            }
            FilingProblem::ContentRequired => "Vui lòng nhập nội dung phản ánh.".into(),
            FilingProblem::ContentTooShort => format!(
                "Nội dung phản ánh cần có ít nhất {CONTENT_MIN} ký tự để cơ quan chức năng \
                 hiểu rõ sự việc."
            ),
            FilingProblem::ContentTooLong => {
                format!("Nội dung phản ánh không được dài quá {CONTENT_MAX} ký tự.")
            }
            FilingProblem::AddressTooLong => {
                format!("Địa chỉ không được dài quá {ADDRESS_MAX} ký tự.")
            }
            FilingProblem::PlaceRequired => {
                "Vui lòng chọn huyện/thị xã/thành phố nơi xảy ra sự việc.".into()
            }
            FilingProblem::UnknownChoice => "Lựa chọn không hợp lệ. Vui lòng chọn lại.".into(),
            FilingProblem::CommuneNotInDistrict => {
                "Xã/phường đã chọn không thuộc huyện/thị xã/thành phố đã chọn.".into()
            }
            FilingProblem::BadPoint => "Vị trí trên bản đồ không hợp lệ. Vui lòng chọn lại.".into(),
            FilingProblem::PointOutside => "Vị trí đã chọn nằm ngoài địa bàn tỉnh. Hệ thống chỉ \
                                            tiếp nhận phản ánh trong địa bàn tỉnh; vui lòng chọn \
                                            lại vị trí."
                .into(),
        }
    }

    pub fn en(self) -> String {
        match self {
            FilingProblem::TitleRequired => "Please enter a title.".into(),
            FilingProblem::TitleTooLong => {
                format!("The title must not be longer than {TITLE_MAX} characters.")
            }
            FilingProblem::ContentRequired => "Please describe the problem.".into(),
            FilingProblem::ContentTooShort => format!(
                "Please describe the problem in at least {CONTENT_MIN} characters, so the \
                 agency understands what happened."
            ),
            FilingProblem::ContentTooLong => {
                format!("The description must not be longer than {CONTENT_MAX} characters.")
            }
            FilingProblem::AddressTooLong => {
                format!("The address must not be longer than {ADDRESS_MAX} characters.")
            }
            FilingProblem::PlaceRequired => "Please choose the district where it is.".into(),
            FilingProblem::UnknownChoice => "This choice is not valid. Please choose again.".into(),
            FilingProblem::CommuneNotInDistrict => {
                "The chosen commune is not in the chosen district.".into()
            }
            FilingProblem::BadPoint => {
                "The place on the map is not valid. Please choose it again.".into()
            }
            FilingProblem::PointOutside => "The chosen place is outside the province. Only \
                                            reports within the province are accepted; please \
                                            choose the place again."
                .into(),
        }
    }
}

/// A form after the rules: trimmed text, and the codes still to be looked up.
#[derive(Clone, Debug, PartialEq)]
pub struct CleanFiling {
    /// The pin, if one was set.
    pub point: Option<crate::domain::geo::Point>,
    pub title: String,
    pub content: String,
    pub category: Option<String>,
    pub district: Option<String>,
    pub commune: Option<String>,
    pub address: String,
    pub urgent: bool,
    pub hide_name: bool,
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// A code of ours: ASCII letters, digits, `-` and `_`, at most 64.
fn is_code(s: &str) -> bool {
    s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The problems of `form` as a draft: only what no draft may hold (too long, not ours).
/// A draft may be empty; it is the citizen's notebook.
pub fn check_draft(form: &FilingForm) -> Result<CleanFiling, Vec<(&'static str, FilingProblem)>> {
    let mut problems = Vec::new();
    // Measured before anything else reads them (a megabyte of content costs nothing).
    if crate::account::longer_than(&form.title, TITLE_MAX) {
        problems.push(("title", FilingProblem::TitleTooLong));
    }
    if crate::account::longer_than(&form.content, CONTENT_MAX) {
        problems.push(("content", FilingProblem::ContentTooLong));
    }
    if crate::account::longer_than(&form.address, ADDRESS_MAX) {
        problems.push(("address", FilingProblem::AddressTooLong));
    }
    let code = |field: &'static str, v: &str, problems: &mut Vec<_>| {
        let v = v.trim();
        if v.is_empty() {
            None
        } else if is_code(v) {
            Some(v.to_string())
        } else {
            problems.push((field, FilingProblem::UnknownChoice));
            None
        }
    };
    let point = match (form.lat.trim(), form.lng.trim()) {
        ("", "") => None,
        (lat, lng) => {
            let parse = |v: &str| (v.len() <= 24).then(|| v.parse::<f64>().ok()).flatten();
            match (parse(lat), parse(lng)) {
                (Some(lat), Some(lng))
                    if lat.is_finite()
                        && lng.is_finite()
                        && (-90.0..=90.0).contains(&lat)
                        && (-180.0..=180.0).contains(&lng) =>
                {
                    Some(crate::domain::geo::Point { lat, lng })
                }
                _ => {
                    problems.push(("place", FilingProblem::BadPoint));
                    None
                }
            }
        }
    };
    let category = code("category", &form.category, &mut problems);
    let district = code("district", &form.district, &mut problems);
    let commune = code("commune", &form.commune, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(CleanFiling {
        point,
        title: form.title.trim().to_string(),
        content: form.content.trim().to_string(),
        category,
        district,
        commune,
        address: form.address.trim().to_string(),
        urgent: form.urgent,
        hide_name: form.hide_name,
    })
}

/// The problems of `form` as a report to send: a draft's rules, and everything required.
pub fn check_report(form: &FilingForm) -> Result<CleanFiling, Vec<(&'static str, FilingProblem)>> {
    let clean = check_draft(form)?;
    let mut problems = Vec::new();
    if clean.title.is_empty() {
        problems.push(("title", FilingProblem::TitleRequired));
    }
    match chars(&clean.content) {
        0 => problems.push(("content", FilingProblem::ContentRequired)),
        n if n < CONTENT_MIN => problems.push(("content", FilingProblem::ContentTooShort)),
        _ => {}
    }
    if clean.district.is_none() && clean.point.is_none() {
        problems.push(("district", FilingProblem::PlaceRequired));
    }
    if problems.is_empty() {
        Ok(clean)
    } else {
        Err(problems)
    }
}

/// An idempotency key as the form sends it: 16–64 characters of `[A-Za-z0-9_-]`.
pub fn idempotency_key(raw: &str) -> Option<String> {
    let k = raw.trim();
    (k.len() >= 16 && k.len() <= KEY_MAX && is_code(k)).then(|| k.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> FilingForm {
        FilingForm {
            title: "  Ổ gà lớn trên đường Hùng Vương ".into(),
            content: "Mặt đường bị sụt lún thành ổ gà sâu khoảng 20 cm, rất nguy hiểm.".into(),
            category: "giao-thong".into(),
            district: "dong-ha".into(),
            commune: "".into(),
            address: "Trước số 120 Hùng Vương".into(),
            urgent: true,
            hide_name: false,
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_form_is_cleaned_for_sending() {
        let c = check_report(&good()).unwrap();
        assert_eq!(c.title, "Ổ gà lớn trên đường Hùng Vương");
        assert_eq!(c.district.as_deref(), Some("dong-ha"));
        assert_eq!(c.commune, None);
        assert!(c.urgent);
    }

    #[test]
    fn an_empty_draft_is_fine_but_cannot_be_sent() {
        assert!(check_draft(&FilingForm::default()).is_ok());
        let problems = check_report(&FilingForm::default()).unwrap_err();
        assert_eq!(
            problems,
            vec![
                ("title", FilingProblem::TitleRequired),
                ("content", FilingProblem::ContentRequired),
                ("district", FilingProblem::PlaceRequired),
            ]
        );
    }

    #[test]
    fn lengths_count_characters_and_are_bounded() {
        let mut f = good();
        f.content = "ổ gà sâu".into();
        assert_eq!(
            check_report(&f).unwrap_err(),
            vec![("content", FilingProblem::ContentTooShort)]
        );
        // Exactly 20 Vietnamese characters pass.
        f.content = "ầ".repeat(CONTENT_MIN);
        assert!(check_report(&f).is_ok());
        f.title = "ệ".repeat(TITLE_MAX);
        assert!(check_report(&f).is_ok());
        f.title = "ệ".repeat(TITLE_MAX + 1);
        f.content = "x".repeat(1_000_000);
        f.address = "y".repeat(ADDRESS_MAX + 1);
        assert_eq!(
            check_draft(&f).unwrap_err(),
            vec![
                ("title", FilingProblem::TitleTooLong),
                ("content", FilingProblem::ContentTooLong),
                ("address", FilingProblem::AddressTooLong),
            ]
        );
    }

    #[test]
    fn choices_must_look_like_our_codes() {
        let mut f = good();
        f.category = "x' OR 1=1 --".into();
        f.commune = "../../etc".into();
        assert_eq!(
            check_draft(&f).unwrap_err(),
            vec![
                ("category", FilingProblem::UnknownChoice),
                ("commune", FilingProblem::UnknownChoice),
            ]
        );
    }

    #[test]
    fn a_pin_is_two_numbers_in_range_and_places_the_report() {
        let mut f = good();
        f.district = String::new();
        f.lat = " 16.8163 ".into();
        f.lng = "107.1003".into();
        let c = check_report(&f).unwrap();
        assert_eq!(
            c.point,
            Some(crate::domain::geo::Point {
                lat: 16.8163,
                lng: 107.1003
            })
        );
        for (lat, lng) in [
            ("91", "107"),
            ("16.8", ""),
            ("NaN", "1"),
            ("1e400", "1"),
            ("16,8", "107"),
        ] {
            f.lat = lat.into();
            f.lng = lng.into();
            assert_eq!(
                check_draft(&f).unwrap_err(),
                vec![("place", FilingProblem::BadPoint)],
                "{lat} {lng}"
            );
        }
    }

    #[test]
    fn idempotency_keys_are_plain_tokens() {
        assert!(idempotency_key("3f9a0c2e-77b1-4c1e-9a55").is_some());
        assert!(idempotency_key("short").is_none());
        assert!(idempotency_key(&"a".repeat(65)).is_none());
        assert!(idempotency_key("spaces are not ok here").is_none());
    }

    #[test]
    fn every_problem_reads_in_both_languages() {
        use FilingProblem::*;
        for p in [
            TitleRequired,
            TitleTooLong,
            ContentRequired,
            ContentTooShort,
            ContentTooLong,
            AddressTooLong,
            PlaceRequired,
            UnknownChoice,
            CommuneNotInDistrict,
            BadPoint,
            PointOutside,
        ] {
            assert!(!p.vi().is_empty() && !p.en().is_empty() && p.vi() != p.en());
        }
    }
}
