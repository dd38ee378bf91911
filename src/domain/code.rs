//! Report codes such as `PA-2026-000123`.
//!
//! Citizens read codes aloud on the hotline and type them into search boxes, so parsing is
//! forgiving about case and surrounding spaces but strict about everything else: a code
//! that parses always names exactly one report.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Human-readable, stable report code: PA-2026-000123 (sequence zero-padded to at least 6 digits, more digits allowed).
///
/// The year is the year of submission and the sequence restarts each year, which keeps
/// codes short; the pair is unique.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ReportCode {
    pub year: i32,
    pub seq: u64,
}

/// Codes outside these years are typos, not reports.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2999;
/// Minimum number of sequence digits; shorter forms are not accepted so that a code
/// copied with a digit missing is not silently taken for another report.
const SEQ_WIDTH: usize = 6;

impl ReportCode {
    pub fn new(year: i32, seq: u64) -> Self {
        ReportCode { year, seq }
    }
}

impl fmt::Display for ReportCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "PA-{}-{:0width$}",
            self.year,
            self.seq,
            width = SEQ_WIDTH
        )
    }
}

/// A string is not a report code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("malformed report code (expected PA-YYYY-NNNNNN)")]
    Malformed,
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

impl FromStr for ReportCode {
    type Err = CodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut parts = s.trim().split('-');
        let (Some(prefix), Some(year), Some(seq), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(CodeError::Malformed);
        };
        if !prefix.eq_ignore_ascii_case("PA") {
            return Err(CodeError::Malformed);
        }
        // Checking digits first also rejects the signs that `str::parse` would accept.
        if year.len() != 4 || !all_digits(year) || seq.len() < SEQ_WIDTH || !all_digits(seq) {
            return Err(CodeError::Malformed);
        }
        let year: i32 = year.parse().map_err(|_| CodeError::Malformed)?;
        let seq: u64 = seq.parse().map_err(|_| CodeError::Malformed)?;
        if !YEARS.contains(&year) || seq == 0 {
            return Err(CodeError::Malformed);
        }
        Ok(ReportCode { year, seq })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<ReportCode, CodeError> {
        s.parse()
    }

    #[test]
    fn display_pads_to_six_digits() {
        assert_eq!(ReportCode::new(2026, 123).to_string(), "PA-2026-000123");
        assert_eq!(ReportCode::new(2026, 1).to_string(), "PA-2026-000001");
        assert_eq!(ReportCode::new(2026, 999_999).to_string(), "PA-2026-999999");
        assert_eq!(
            ReportCode::new(2026, 1_234_567).to_string(),
            "PA-2026-1234567"
        );
    }

    #[test]
    fn parses_canonical_and_forgiving_forms() {
        let want = Ok(ReportCode::new(2026, 123));
        assert_eq!(parse("PA-2026-000123"), want);
        assert_eq!(parse("pa-2026-000123"), want);
        assert_eq!(parse("Pa-2026-000123"), want);
        assert_eq!(parse("  PA-2026-000123\n"), want);
        assert_eq!(
            parse("PA-2026-0000123"),
            want,
            "extra padding names the same report"
        );
        assert_eq!(
            parse("PA-2026-1234567"),
            Ok(ReportCode::new(2026, 1_234_567))
        );
        assert_eq!(parse("PA-2000-000001"), Ok(ReportCode::new(2000, 1)));
        assert_eq!(parse("PA-2999-999999"), Ok(ReportCode::new(2999, 999_999)));
    }

    #[test]
    fn round_trips() {
        for code in [
            ReportCode::new(2025, 1),
            ReportCode::new(2026, 123),
            ReportCode::new(2027, 999_999),
            ReportCode::new(2027, 1_000_000),
            ReportCode::new(2999, u64::MAX),
        ] {
            assert_eq!(parse(&code.to_string()), Ok(code));
        }
    }

    #[test]
    fn rejects_junk() {
        for bad in [
            "",
            "   ",
            "PA",
            "PA-2026",
            "PA-2026-",
            "PA-2026-000000",
            "PA-2026-00012",
            "PA-2026-123",
            "PA-1999-000123",
            "PA-3000-000123",
            "PA-0026-000123",
            "PA-26-000123",
            "PA-20260-000123",
            "PB-2026-000123",
            "P-2026-000123",
            "PAX-2026-000123",
            "PA_2026_000123",
            "PA 2026 000123",
            "PA-2026-000123-1",
            "-PA-2026-000123",
            "PA-2026-+00123",
            "PA-+026-000123",
            "PA-2026-00012a",
            "PA-2026-0001 23",
            "PA--2026-000123",
            "PA-2026-99999999999999999999999",
            "PA-2026-０００１２３",
            "PA–2026–000123",
        ] {
            assert_eq!(parse(bad), Err(CodeError::Malformed), "{bad:?}");
        }
    }

    #[test]
    fn orders_by_year_then_sequence() {
        let mut v = vec![
            ReportCode::new(2026, 2),
            ReportCode::new(2025, 900),
            ReportCode::new(2026, 1),
        ];
        v.sort();
        assert_eq!(
            v,
            vec![
                ReportCode::new(2025, 900),
                ReportCode::new(2026, 1),
                ReportCode::new(2026, 2)
            ]
        );
    }

    #[test]
    fn serde_and_error_message() {
        let c = ReportCode::new(2026, 42);
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(json, r#"{"year":2026,"seq":42}"#);
        assert_eq!(serde_json::from_str::<ReportCode>(&json).unwrap(), c);
        assert!(CodeError::Malformed.to_string().contains("PA-YYYY-NNNNNN"));
    }
}
