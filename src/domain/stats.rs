//! The rules of the public scoreboard (`/thong-ke`) and its CSV files: what counts as
//! received, in progress, processed and declined; the period a reader asks for; the months
//! of the monthly chart; percentiles of processing times; percentages; CSV text.
//!
//! Pure and wasm-safe: the server computes the figures with them and the page shows the
//! same definitions.

use crate::domain::deadline::VN_OFFSET_SECONDS;
use crate::domain::lifecycle::Status;
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

/// Where a received report stands, as the scoreboard counts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Stage {
    /// With the centre or an agency: submitted, verified, dispatched, processing, resolved
    /// (a result waiting for the centre's approval is not yet processed).
    InProgress,
    /// The result is approved and published ("đã xử lý"): published, closed.
    Processed,
    /// Ended without a result: rejected, merged as a duplicate, withdrawn by the author.
    Declined,
}

impl Stage {
    /// `None` for a draft: it was never received.
    pub fn of(status: Status) -> Option<Stage> {
        match status {
            Status::Draft => None,
            Status::Submitted
            | Status::Verified
            | Status::Dispatched
            | Status::Processing
            | Status::Resolved => Some(Stage::InProgress),
            Status::Published | Status::Closed => Some(Stage::Processed),
            Status::Rejected | Status::Duplicate | Status::Withdrawn => Some(Stage::Declined),
        }
    }

    /// The statuses of one stage, for a query.
    pub fn statuses(self) -> Vec<Status> {
        Status::ALL
            .into_iter()
            .filter(|s| Stage::of(*s) == Some(self))
            .collect()
    }
}

/// The earliest date a reader may ask for.
pub fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// Why a period is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PeriodProblem {
    /// Not a date written YYYY-MM-DD.
    BadDate,
    /// The start is after the end.
    Reversed,
    /// Before 2000 or after today.
    OutOfRange,
}

/// A period of Vietnamese calendar days, both ends included; either end may be open.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Period {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// Longest date text looked at: "YYYY-MM-DD" is 10 characters.
pub const DATE_LEN_MAX: usize = 10;

/// Reads a date field of a form or query: empty means "open", anything else must be a real
/// day written YYYY-MM-DD.
pub fn parse_date(raw: Option<&str>) -> Result<Option<NaiveDate>, PeriodProblem> {
    let Some(raw) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    if raw.len() > DATE_LEN_MAX {
        return Err(PeriodProblem::BadDate);
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| PeriodProblem::BadDate)
}

impl Period {
    /// The period of two form fields, checked against `today` (the Vietnamese date now).
    pub fn parse(
        from: Option<&str>,
        to: Option<&str>,
        today: NaiveDate,
    ) -> Result<Period, PeriodProblem> {
        let p = Period {
            from: parse_date(from)?,
            to: parse_date(to)?,
        };
        for d in [p.from, p.to].into_iter().flatten() {
            if d < first_day() || d > today {
                return Err(PeriodProblem::OutOfRange);
            }
        }
        if let (Some(a), Some(b)) = (p.from, p.to) {
            if a > b {
                return Err(PeriodProblem::Reversed);
            }
        }
        Ok(p)
    }

    /// The instants that bound the period: `[start, end)` in UTC.
    pub fn bounds(self) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
        (
            self.from.map(local_midnight),
            self.to.and_then(|d| d.succ_opt()).map(local_midnight),
        )
    }
}

/// 00:00 Việt Nam time on `d`, as a UTC instant.
pub fn local_midnight(d: NaiveDate) -> DateTime<Utc> {
    d.and_time(NaiveTime::MIN).and_utc() - TimeDelta::seconds(VN_OFFSET_SECONDS.into())
}

/// One month of the monthly chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Month {
    pub year: i32,
    pub month: u32,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// The `n` calendar months that end with the month of `last`, oldest first.
pub fn months_ending(last: NaiveDate, n: usize) -> Vec<Month> {
    let mut firsts = Vec::with_capacity(n);
    let mut first = last.with_day(1).unwrap_or(last);
    for _ in 0..n {
        firsts.push(first);
        first = first
            .pred_opt()
            .and_then(|d| d.with_day(1))
            .unwrap_or(first);
    }
    firsts.reverse();
    firsts
        .into_iter()
        .map(|first| {
            let next = first
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(first);
            Month {
                year: first.year(),
                month: first.month(),
                start: local_midnight(first),
                end: local_midnight(next),
            }
        })
        .collect()
}

/// One week of the staff dashboards' trend, Monday to Sunday (Việt Nam calendar).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Week {
    pub monday: NaiveDate,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// The `n` weeks that end with the week of `last`, oldest first.
pub fn weeks_ending(last: NaiveDate, n: usize) -> Vec<Week> {
    let monday = last - TimeDelta::days(i64::from(last.weekday().num_days_from_monday()));
    (0..n)
        .rev()
        .map(|back| {
            let m = monday - TimeDelta::weeks(back as i64);
            Week {
                monday: m,
                start: local_midnight(m),
                end: local_midnight(m + TimeDelta::weeks(1)),
            }
        })
        .collect()
}

/// The `p`-th percentile (0 < p ≤ 100) of values given as a histogram of (value, how many),
/// by the nearest-rank method: the smallest value with at least p% of all at or below it.
/// `None` when there are no values.
pub fn percentile(histogram: &[(i64, u64)], p: u32) -> Option<i64> {
    let mut sorted: Vec<(i64, u64)> = histogram.iter().copied().filter(|(_, n)| *n > 0).collect();
    sorted.sort_unstable();
    let total: u64 = sorted.iter().map(|(_, n)| n).sum();
    if total == 0 || p == 0 {
        return None;
    }
    // rank = ceil(p/100 × total), at least 1.
    let rank = (u64::from(p.min(100)) * total).div_ceil(100).max(1);
    let mut seen = 0;
    for (value, n) in sorted {
        seen += n;
        if seen >= rank {
            return Some(value);
        }
    }
    None
}

/// `part` of `whole` in per cent, rounded to one decimal; `None` of nothing.
pub fn percent(part: u64, whole: u64) -> Option<f64> {
    if whole == 0 {
        return None;
    }
    let tenths = (part.min(whole) * 1000 + whole / 2) / whole;
    Some(tenths as f64 / 10.0)
}

/// A percentage as people read it here: "87,5 %" in Vietnamese, "87.5%" in English;
/// "—" when there is nothing to measure.
pub fn format_percent(p: Option<f64>, vietnamese: bool) -> String {
    match p {
        None => "—".to_string(),
        Some(v) if vietnamese => format!("{} %", format!("{v:.1}").replace('.', ",")),
        Some(v) => format!("{v:.1}%"),
    }
}

/// A count with thousands grouped: "1.234.567" in Vietnamese, "1,234,567" in English.
pub fn format_count(n: u64, vietnamese: bool) -> String {
    let digits = n.to_string();
    let sep = if vietnamese { '.' } else { ',' };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// The byte-order mark that makes Excel read a CSV file as UTF-8.
pub const BOM: &str = "\u{feff}";

/// One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes
/// doubled. A field that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR
/// at the start) gets a leading apostrophe, so a report's title cannot run in an official's
/// Excel.
pub fn csv_field(raw: &str) -> String {
    let guarded = if raw
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r'))
        && raw.parse::<f64>().is_err()
    {
        format!("'{raw}")
    } else {
        raw.to_string()
    };
    if guarded.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// One CSV line with its CRLF ending.
pub fn csv_line<S: AsRef<str>>(fields: &[S]) -> String {
    let mut line = fields
        .iter()
        .map(|f| csv_field(f.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// A whole CSV file: the byte-order mark, the header line, the rows.
pub fn csv<S: AsRef<str>>(header: &[&str], rows: &[Vec<S>]) -> String {
    let mut out = String::from(BOM);
    out.push_str(&csv_line(header));
    for r in rows {
        out.push_str(&csv_line(r));
    }
    out
}

/// One bar of a horizontal bar chart, in the chart's own units (the view box is
/// `CHART_WIDTH` wide; each bar one `BAR_PITCH` row).
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: u64,
    /// Width of the bar, 0 to `BAR_AREA`.
    pub width: f64,
    /// Top of the bar's row.
    pub y: f64,
}

pub const CHART_WIDTH: f64 = 600.0;
/// Left part of the chart that holds the labels.
pub const LABEL_AREA: f64 = 220.0;
/// Room on the right for the number after the longest bar.
pub const VALUE_AREA: f64 = 80.0;
pub const BAR_AREA: f64 = CHART_WIDTH - LABEL_AREA - VALUE_AREA;
pub const BAR_PITCH: f64 = 28.0;

/// Bars scaled to the largest value (all zero: no bar drawn, the numbers still shown).
pub fn bars(values: &[(String, u64)]) -> Vec<Bar> {
    let max = values.iter().map(|(_, v)| *v).max().unwrap_or(0);
    values
        .iter()
        .enumerate()
        .map(|(i, (label, v))| Bar {
            label: label.clone(),
            value: *v,
            width: if max == 0 {
                0.0
            } else {
                BAR_AREA * (*v as f64) / (max as f64)
            },
            y: i as f64 * BAR_PITCH,
        })
        .collect()
}

/// Height of a bar chart of `n` bars.
pub fn chart_height(n: usize) -> f64 {
    (n.max(1) as f64) * BAR_PITCH
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn every_status_but_a_draft_has_exactly_one_stage() {
        for s in Status::ALL {
            let stage = Stage::of(s);
            assert_eq!(stage.is_none(), s == Status::Draft, "{s}");
            if let Some(st) = stage {
                assert!(st.statuses().contains(&s));
            }
        }
        let all: usize = [Stage::InProgress, Stage::Processed, Stage::Declined]
            .iter()
            .map(|s| s.statuses().len())
            .sum();
        assert_eq!(all, Status::ALL.len() - 1);
        assert_eq!(
            Stage::Processed.statuses(),
            vec![Status::Published, Status::Closed]
        );
        // A result the centre has not approved is still in progress.
        assert_eq!(Stage::of(Status::Resolved), Some(Stage::InProgress));
    }

    #[test]
    fn a_period_is_two_real_days_in_order_and_not_in_the_future() {
        let today = day(2026, 12, 7);
        assert_eq!(Period::parse(None, Some(""), today), Ok(Period::default()));
        assert_eq!(
            Period::parse(Some("2026-01-01"), Some(" 2026-06-30 "), today),
            Ok(Period {
                from: Some(day(2026, 1, 1)),
                to: Some(day(2026, 6, 30))
            })
        );
        assert_eq!(
            Period::parse(Some("2026-02-30"), None, today),
            Err(PeriodProblem::BadDate)
        );
        assert_eq!(
            Period::parse(Some("01/02/2026"), None, today),
            Err(PeriodProblem::BadDate)
        );
        assert_eq!(
            Period::parse(Some(&"9".repeat(100_000)), None, today),
            Err(PeriodProblem::BadDate)
        );
        assert_eq!(
            Period::parse(Some("2026-06-01"), Some("2026-05-31"), today),
            Err(PeriodProblem::Reversed)
        );
        assert_eq!(
            Period::parse(None, Some("2026-12-08"), today),
            Err(PeriodProblem::OutOfRange)
        );
        assert_eq!(
            Period::parse(Some("1999-12-31"), None, today),
            Err(PeriodProblem::OutOfRange)
        );
        // One day: the same date at both ends.
        assert!(Period::parse(Some("2026-12-07"), Some("2026-12-07"), today).is_ok());
    }

    #[test]
    fn a_period_starts_and_ends_at_vietnamese_midnight() {
        let p = Period {
            from: Some(day(2026, 3, 1)),
            to: Some(day(2026, 3, 31)),
        };
        let (a, b) = p.bounds();
        assert_eq!(a.unwrap().to_rfc3339(), "2026-02-28T17:00:00+00:00");
        assert_eq!(b.unwrap().to_rfc3339(), "2026-03-31T17:00:00+00:00");
        assert_eq!(Period::default().bounds(), (None, None));
    }

    #[test]
    fn twelve_months_end_with_the_month_asked_for_across_a_new_year() {
        let m = months_ending(day(2026, 2, 15), 12);
        assert_eq!(m.len(), 12);
        assert_eq!((m[0].year, m[0].month), (2025, 3));
        assert_eq!((m[11].year, m[11].month), (2026, 2));
        for w in m.windows(2) {
            assert_eq!(w[0].end, w[1].start, "months touch");
        }
        assert_eq!(m[11].start, local_midnight(day(2026, 2, 1)));
        assert_eq!(m[11].end, local_midnight(day(2026, 3, 1)));
    }

    #[test]
    fn twelve_weeks_run_monday_to_sunday_and_end_with_the_week_asked_for() {
        // Thursday 2026-01-01: its week began on Monday 2025-12-29.
        let w = weeks_ending(day(2026, 1, 1), 12);
        assert_eq!(w.len(), 12);
        assert_eq!(w[11].monday, day(2025, 12, 29));
        assert_eq!(w[0].monday, day(2025, 10, 13));
        for pair in w.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
            assert_eq!(pair[1].monday - pair[0].monday, TimeDelta::weeks(1));
        }
        assert_eq!(w[11].end, local_midnight(day(2026, 1, 5)));
        // A Monday is the first day of its own week, a Sunday the last.
        assert_eq!(
            weeks_ending(day(2025, 12, 29), 1)[0].monday,
            day(2025, 12, 29)
        );
        assert_eq!(
            weeks_ending(day(2026, 1, 4), 1)[0].monday,
            day(2025, 12, 29)
        );
    }

    #[test]
    fn percentiles_by_nearest_rank_from_a_histogram() {
        assert_eq!(percentile(&[], 50), None);
        assert_eq!(percentile(&[(3, 0)], 50), None);
        assert_eq!(percentile(&[(4, 1)], 50), Some(4));
        assert_eq!(percentile(&[(4, 1)], 90), Some(4));
        // 1,2,3,4,5,6,7,8,9,10: median (rank 5) 5, p90 (rank 9) 9.
        let ten: Vec<(i64, u64)> = (1..=10).map(|v| (v, 1)).collect();
        assert_eq!(percentile(&ten, 50), Some(5));
        assert_eq!(percentile(&ten, 90), Some(9));
        assert_eq!(percentile(&ten, 100), Some(10));
        // Unsorted, with repeats: 0,0,0,2,7 → median 0, p90 (rank 5) 7.
        let h = [(7, 1), (0, 3), (2, 1)];
        assert_eq!(percentile(&h, 50), Some(0));
        assert_eq!(percentile(&h, 80), Some(2));
        assert_eq!(percentile(&h, 90), Some(7));
        // Negative values (resolved before the dispatch date by local days) sort first.
        assert_eq!(percentile(&[(-1, 1), (1, 1)], 50), Some(-1));
    }

    #[test]
    fn percentages_round_to_one_decimal_and_need_a_whole() {
        assert_eq!(percent(0, 0), None);
        assert_eq!(percent(1, 3), Some(33.3));
        assert_eq!(percent(2, 3), Some(66.7));
        assert_eq!(percent(7, 8), Some(87.5));
        assert_eq!(percent(5, 5), Some(100.0));
        assert_eq!(percent(9, 5), Some(100.0));
        assert_eq!(format_percent(Some(87.5), true), "87,5 %");
        assert_eq!(format_percent(Some(87.5), false), "87.5%");
        assert_eq!(format_percent(None, true), "—");
        assert_eq!(format_count(0, true), "0");
        assert_eq!(format_count(999, true), "999");
        assert_eq!(format_count(1_000, true), "1.000");
        assert_eq!(format_count(1_234_567, false), "1,234,567");
    }

    #[test]
    fn csv_is_rfc_4180_with_a_bom_and_no_formulas() {
        assert_eq!(csv_field("Đông Hà"), "Đông Hà");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("-3"), "-3", "a negative number stays a number");
        assert_eq!(csv_field("@SUM"), "'@SUM");
        let file = csv(&["Đơn vị", "Số"], &[vec!["UBND, Đông Hà", "3"]]);
        assert!(file.starts_with('\u{feff}'));
        assert_eq!(&file[3..], "Đơn vị,Số\r\n\"UBND, Đông Hà\",3\r\n");
        assert!(!file.contains(';'));
    }

    #[test]
    fn bars_are_scaled_to_the_largest() {
        let b = bars(&[("a".into(), 10), ("b".into(), 5), ("c".into(), 0)]);
        assert_eq!(b[0].width, BAR_AREA);
        assert_eq!(b[1].width, BAR_AREA / 2.0);
        assert_eq!(b[2].width, 0.0);
        assert_eq!(b[2].y, 2.0 * BAR_PITCH);
        assert!(bars(&[("a".into(), 0)])[0].width == 0.0);
        assert_eq!(chart_height(0), BAR_PITCH);
        assert_eq!(chart_height(3), 3.0 * BAR_PITCH);
    }
}
