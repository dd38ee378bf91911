//! Deadlines in working days, as Vietnamese agencies count them.
//!
//! Processing times for citizens' reports are set in working days ("ngày làm việc"):
//! weekends and public holidays do not count, and a deadline ends at the close of business
//! in Việt Nam (UTC+7, no daylight saving), wherever the server runs.

use std::collections::BTreeSet;
use std::ops::Bound::{Excluded, Included};

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeDelta, Utc, Weekday};
use serde::{Deserialize, Serialize};

use super::lifecycle::{Level, Status};

/// Việt Nam's offset from UTC; fixed, the country has no daylight saving time.
pub const VN_OFFSET_SECONDS: i32 = 7 * 3600;

/// Deadlines end at 17:00 local time, the usual end of an office day.
const CLOSE_OF_BUSINESS_HOUR: i64 = 17;

/// Official days off for public employees, 2025–2027, as (year, month, day, name).
///
/// Only weekdays are listed: a holiday on a weekend is compensated on the next working day,
/// which is what is listed instead. Days swapped to make a longer break are listed too;
/// the Saturdays worked in exchange are not modelled (nothing is due on a Saturday).
/// Sources: Labour Code 2019 art. 112 and the government's yearly announcements. 2027 is
/// provisional (not yet announced when written); admins keep the holidays table current.
const VN_HOLIDAYS: &[(i32, u32, u32, &str)] = &[
    // 2025
    (2025, 1, 1, "Tết Dương lịch"),        // Tết Dương lịch
    (2025, 1, 27, "Tết Nguyên đán Ất Tỵ"), // Tết Ất Tỵ: off Sat 25/1 – Sun 2/2
    (2025, 1, 28, "Tết Nguyên đán Ất Tỵ"),
    (2025, 1, 29, "Tết Nguyên đán Ất Tỵ"),
    (2025, 1, 30, "Tết Nguyên đán Ất Tỵ"),
    (2025, 1, 31, "Tết Nguyên đán Ất Tỵ"),
    (2025, 4, 7, "Giỗ Tổ Hùng Vương"), // Giỗ Tổ Hùng Vương (10/3 âm lịch)
    (2025, 4, 30, "Ngày Giải phóng miền Nam, thống nhất đất nước"), // Giải phóng miền Nam
    (2025, 5, 1, "Ngày Quốc tế Lao động"), // Quốc tế Lao động
    (2025, 5, 2, "Nghỉ hoán đổi dịp 30/4 – 1/5"), // swapped with Sat 26/4
    (2025, 9, 1, "Quốc khánh"),        // Quốc khánh, adjacent day
    (2025, 9, 2, "Quốc khánh"),        // Quốc khánh
    // 2026
    (2026, 1, 1, "Tết Dương lịch"),           // Tết Dương lịch
    (2026, 2, 16, "Tết Nguyên đán Bính Ngọ"), // Tết Bính Ngọ: off Sat 14/2 – Sun 22/2
    (2026, 2, 17, "Tết Nguyên đán Bính Ngọ"),
    (2026, 2, 18, "Tết Nguyên đán Bính Ngọ"),
    (2026, 2, 19, "Tết Nguyên đán Bính Ngọ"),
    (2026, 2, 20, "Tết Nguyên đán Bính Ngọ"),
    (2026, 4, 27, "Nghỉ bù Giỗ Tổ Hùng Vương"), // Giỗ Tổ falls on Sun 26/4: compensatory day
    (2026, 4, 30, "Ngày Giải phóng miền Nam, thống nhất đất nước"), // Giải phóng miền Nam
    (2026, 5, 1, "Ngày Quốc tế Lao động"),      // Quốc tế Lao động
    (2026, 8, 31, "Nghỉ hoán đổi dịp Quốc khánh"), // swapped working day before Quốc khánh
    (2026, 9, 1, "Quốc khánh"),                 // Quốc khánh, adjacent day
    (2026, 9, 2, "Quốc khánh"),                 // Quốc khánh
    // 2027 (provisional)
    (2027, 1, 1, "Tết Dương lịch"),          // Tết Dương lịch
    (2027, 2, 4, "Tết Nguyên đán Đinh Mùi"), // Tết Đinh Mùi (mùng 1 = Sat 6/2)
    (2027, 2, 5, "Tết Nguyên đán Đinh Mùi"),
    (2027, 2, 8, "Tết Nguyên đán Đinh Mùi"),
    (2027, 2, 9, "Tết Nguyên đán Đinh Mùi"),
    (2027, 2, 10, "Tết Nguyên đán Đinh Mùi"),
    (2027, 4, 16, "Giỗ Tổ Hùng Vương"), // Giỗ Tổ Hùng Vương
    (2027, 4, 30, "Ngày Giải phóng miền Nam, thống nhất đất nước"), // Giải phóng miền Nam
    (2027, 5, 3, "Nghỉ bù Ngày Quốc tế Lao động"), // Quốc tế Lao động falls on Sat 1/5: compensatory day
    (2027, 9, 2, "Quốc khánh"),                    // Quốc khánh
    (2027, 9, 3, "Quốc khánh"),                    // Quốc khánh, adjacent day
];

/// Which days agencies work. Holidays come from the database in production; the default
/// list is a starting point and the test fixture.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkCalendar {
    pub holidays: BTreeSet<NaiveDate>,
}

fn is_weekday(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The calendar date in Việt Nam at instant `t`; that, not the UTC date, decides which day
/// a report arrived on.
pub fn local_date(t: DateTime<Utc>) -> NaiveDate {
    t.checked_add_signed(TimeDelta::seconds(VN_OFFSET_SECONDS.into()))
        .unwrap_or(t)
        .date_naive()
}

/// 17:00 Việt Nam time on `d`, as a UTC instant (saturating at the end of chrono's range).
pub fn close_of_business(d: NaiveDate) -> DateTime<Utc> {
    let local_to_utc =
        TimeDelta::hours(CLOSE_OF_BUSINESS_HOUR) - TimeDelta::seconds(VN_OFFSET_SECONDS.into());
    d.and_time(NaiveTime::MIN)
        .checked_add_signed(local_to_utc)
        .map_or(DateTime::<Utc>::MAX_UTC, |naive| naive.and_utc())
}

impl WorkCalendar {
    pub fn new(holidays: impl IntoIterator<Item = NaiveDate>) -> Self {
        WorkCalendar {
            holidays: holidays.into_iter().collect(),
        }
    }

    /// Official public holidays 2025–2027 (see `VN_HOLIDAYS`), so a fresh install computes
    /// sensible deadlines before an admin edits the holidays.
    pub fn vietnam_default() -> Self {
        Self::new(
            VN_HOLIDAYS
                .iter()
                .filter_map(|&(y, m, d, _)| NaiveDate::from_ymd_opt(y, m, d)),
        )
    }

    /// The days of [`WorkCalendar::vietnam_default`] with their names, to fill the
    /// database's holiday table on a fresh install.
    pub fn vietnam_default_named() -> Vec<(NaiveDate, &'static str)> {
        VN_HOLIDAYS
            .iter()
            .filter_map(|&(y, m, d, name)| Some((NaiveDate::from_ymd_opt(y, m, d)?, name)))
            .collect()
    }

    /// Monday to Friday and not a holiday.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        is_weekday(d) && !self.holidays.contains(&d)
    }

    /// The deadline `days` working days after `start`.
    ///
    /// Counting starts on the first working day after the local date of `start` (the day of
    /// arrival does not count, as in administrative practice), and the deadline is 17:00
    /// local time on the Nth such day. `days == 0` means "by the end of today": 17:00 local
    /// on the date of `start` if it is a working day, else on the next working day.
    pub fn add_working_days(&self, start: DateTime<Utc>, days: u32) -> DateTime<Utc> {
        let mut d = local_date(start);
        let mut remaining = days;
        if remaining == 0 {
            while !self.is_working_day(d) {
                match d.succ_opt() {
                    Some(next) => d = next,
                    None => return DateTime::<Utc>::MAX_UTC,
                }
            }
        }
        while remaining > 0 {
            match d.succ_opt() {
                Some(next) => d = next,
                None => return DateTime::<Utc>::MAX_UTC,
            }
            if self.is_working_day(d) {
                remaining -= 1;
            }
        }
        close_of_business(d)
    }

    /// Working days from `from` to `to`, by local dates: the working days after the date of
    /// `from` up to and including the date of `to`; negative when `to` is earlier.
    ///
    /// It is the inverse of [`add_working_days`](Self::add_working_days) (for `days >= 1`),
    /// so "days left" and "days late" shown to agencies agree with how deadlines were set.
    pub fn working_days_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        let (a, b) = (local_date(from), local_date(to));
        if a <= b {
            self.count_after_through(a, b)
        } else {
            -self.count_after_through(b, a)
        }
    }

    /// Working days in `(a, b]`, in constant time plus the holidays in range, because
    /// statistics call this for many reports over long spans.
    fn count_after_through(&self, a: NaiveDate, b: NaiveDate) -> i64 {
        let total = (b - a).num_days();
        let mut count = total / 7 * 5;
        // The last `total % 7` days (b, b-1, …) are what full weeks did not cover.
        for back in 0..(total % 7) {
            let day = u64::try_from(back)
                .ok()
                .and_then(|back| b.checked_sub_days(Days::new(back)));
            if day.is_some_and(is_weekday) {
                count += 1;
            }
        }
        let holidays = self
            .holidays
            .range((Excluded(a), Included(b)))
            .filter(|&&h| is_weekday(h))
            .count();
        count - i64::try_from(holidays).unwrap_or(i64::MAX)
    }
}

/// Deadline days for a category: urgent reports get the category's urgent days (never more than normal, at least 1).
///
/// Normal deadlines are also at least one day: a zero in the category settings is a mistake,
/// not a promise to fix the problem before it was reported.
pub fn deadline_days(normal_days: u32, urgent_days: u32, level: Level) -> u32 {
    let normal = normal_days.max(1);
    match level {
        Level::Normal => normal,
        Level::Urgent => urgent_days.clamp(1, normal),
    }
}

/// Overdue = still waiting on the government side and past the deadline.
pub fn is_overdue(status: Status, due_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    status.counts_for_overdue() && due_at.is_some_and(|due| now > due)
}

/// Due within the next `within_hours` and not yet overdue, so it can be highlighted before
/// it is too late. A negative window is empty.
pub fn is_due_soon(
    status: Status,
    due_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    within_hours: i64,
) -> bool {
    if within_hours < 0 || !status.counts_for_overdue() {
        return false;
    }
    let Some(due) = due_at else {
        return false;
    };
    if now > due {
        return false;
    }
    let left = due.signed_duration_since(now);
    TimeDelta::try_hours(within_hours).is_none_or(|window| left <= window)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// A UTC instant given in Việt Nam local time.
    fn vn(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap() - TimeDelta::hours(7)
    }

    fn plain() -> WorkCalendar {
        WorkCalendar::default()
    }

    #[test]
    fn default_holidays_are_all_listed_weekdays() {
        let cal = WorkCalendar::vietnam_default();
        assert_eq!(
            cal.holidays.len(),
            VN_HOLIDAYS.len(),
            "every constant is a real date"
        );
        for &h in &cal.holidays {
            assert!(
                is_weekday(h),
                "{h} is a weekend: list the compensatory day instead"
            );
            assert!((2025..=2027).contains(&h.year()));
        }
        for (y, m, d) in [(2025, 1, 1), (2026, 2, 17), (2026, 4, 27), (2027, 9, 2)] {
            assert!(!cal.is_working_day(date(y, m, d)), "{y}-{m}-{d}");
        }
        // Each year has New Year, five Tết days, Giỗ Tổ, 30/4, 1/5 and two for 2/9 at least.
        for y in 2025..=2027 {
            let n = cal.holidays.iter().filter(|h| h.year() == y).count();
            assert!(n >= 11, "{y}: {n}");
            assert!(cal.holidays.contains(&date(y, 1, 1)));
            assert!(cal.holidays.contains(&date(y, 4, 30)));
            assert!(cal.holidays.iter().any(|h| h.year() == y && h.month() == 9));
        }
    }

    #[test]
    fn working_day_rules() {
        let cal = WorkCalendar::new([date(2026, 3, 4)]);
        assert!(cal.is_working_day(date(2026, 3, 2))); // Monday
        assert!(cal.is_working_day(date(2026, 3, 6))); // Friday
        assert!(!cal.is_working_day(date(2026, 3, 7))); // Saturday
        assert!(!cal.is_working_day(date(2026, 3, 8))); // Sunday
        assert!(!cal.is_working_day(date(2026, 3, 4))); // holiday
    }

    #[test]
    fn add_counts_from_the_next_working_day_and_ends_at_17_local() {
        let cal = plain();
        // Monday 2 March 2026, 09:00 local → 1 working day = Tuesday 17:00 local.
        let start = vn(2026, 3, 2, 9, 0);
        assert_eq!(cal.add_working_days(start, 1), vn(2026, 3, 3, 17, 0));
        assert_eq!(cal.add_working_days(start, 4), vn(2026, 3, 6, 17, 0));
        // Crosses the weekend.
        assert_eq!(cal.add_working_days(start, 5), vn(2026, 3, 9, 17, 0));
        assert_eq!(cal.add_working_days(start, 10), vn(2026, 3, 16, 17, 0));
        // Friday evening → Monday.
        assert_eq!(
            cal.add_working_days(vn(2026, 3, 6, 22, 0), 1),
            vn(2026, 3, 9, 17, 0)
        );
        // Saturday and Sunday → Monday is the first counted day.
        assert_eq!(
            cal.add_working_days(vn(2026, 3, 7, 10, 0), 1),
            vn(2026, 3, 9, 17, 0)
        );
        assert_eq!(
            cal.add_working_days(vn(2026, 3, 8, 10, 0), 2),
            vn(2026, 3, 10, 17, 0)
        );
        // 17:00 local is 10:00 UTC.
        assert_eq!(
            cal.add_working_days(start, 1),
            Utc.with_ymd_and_hms(2026, 3, 3, 10, 0, 0).unwrap()
        );
    }

    #[test]
    fn local_date_decides_not_utc_date() {
        let cal = plain();
        // Monday 2 March 2026 at 23:30 UTC is already Tuesday 06:30 in Việt Nam.
        let start = Utc.with_ymd_and_hms(2026, 3, 2, 23, 30, 0).unwrap();
        assert_eq!(cal.add_working_days(start, 1), vn(2026, 3, 4, 17, 0));
        // Sunday 1 March 2026 at 20:00 UTC is Monday 03:00 local: today counts for days = 0.
        let start = Utc.with_ymd_and_hms(2026, 3, 1, 20, 0, 0).unwrap();
        assert_eq!(cal.add_working_days(start, 0), vn(2026, 3, 2, 17, 0));
    }

    #[test]
    fn zero_days_means_end_of_this_working_day() {
        let cal = WorkCalendar::new([date(2026, 3, 9)]);
        assert_eq!(
            cal.add_working_days(vn(2026, 3, 4, 8, 0), 0),
            vn(2026, 3, 4, 17, 0)
        );
        // Already after 17:00 still gives today 17:00 (the deadline is then already past).
        assert_eq!(
            cal.add_working_days(vn(2026, 3, 4, 20, 0), 0),
            vn(2026, 3, 4, 17, 0)
        );
        // Saturday → Monday is a holiday → Tuesday.
        assert_eq!(
            cal.add_working_days(vn(2026, 3, 7, 8, 0), 0),
            vn(2026, 3, 10, 17, 0)
        );
    }

    #[test]
    fn holidays_are_skipped() {
        let cal = WorkCalendar::vietnam_default();
        // Filed Friday 13 Feb 2026: Tết off 14–22 Feb, so day 1 is Monday 23 Feb.
        let start = vn(2026, 2, 13, 10, 0);
        assert_eq!(cal.add_working_days(start, 1), vn(2026, 2, 23, 17, 0));
        assert_eq!(cal.add_working_days(start, 5), vn(2026, 2, 27, 17, 0));
        // Filed Wed 29 Apr 2026: 30/4 and 1/5 off, weekend → Mon 4 May.
        assert_eq!(
            cal.add_working_days(vn(2026, 4, 29, 10, 0), 1),
            vn(2026, 5, 4, 17, 0)
        );
        // Filed Friday 28 Aug 2026: 31/8, 1/9, 2/9 off → Thu 3 Sep.
        assert_eq!(
            cal.add_working_days(vn(2026, 8, 28, 10, 0), 1),
            vn(2026, 9, 3, 17, 0)
        );
    }

    #[test]
    fn between_is_the_inverse_of_add() {
        let cals = [plain(), WorkCalendar::vietnam_default()];
        for cal in &cals {
            let mut start = vn(2025, 12, 20, 8, 30);
            for _ in 0..120 {
                for days in 1..=25u32 {
                    let due = cal.add_working_days(start, days);
                    assert_eq!(
                        cal.working_days_between(start, due),
                        i64::from(days),
                        "{start} + {days}"
                    );
                    assert_eq!(cal.working_days_between(due, start), -i64::from(days));
                    assert!(cal.is_working_day(local_date(due)));
                }
                start += TimeDelta::hours(17);
            }
        }
    }

    #[test]
    fn between_matches_day_by_day_count() {
        let cal = WorkCalendar::vietnam_default();
        let naive = |a: NaiveDate, b: NaiveDate| -> i64 {
            let mut n = 0;
            let mut d = a;
            while d < b {
                d = d.succ_opt().unwrap();
                if cal.is_working_day(d) {
                    n += 1;
                }
            }
            n
        };
        let base = vn(2024, 12, 25, 12, 0);
        for i in 0..60 {
            let from = base + TimeDelta::days(i * 3);
            for span in [0, 1, 2, 5, 6, 7, 8, 13, 14, 30, 100, 400, 1000] {
                let to = from + TimeDelta::days(span);
                assert_eq!(
                    cal.working_days_between(from, to),
                    naive(local_date(from), local_date(to)),
                    "{from} .. {to}"
                );
            }
        }
    }

    #[test]
    fn between_same_day_and_weekends() {
        let cal = plain();
        let mon = vn(2026, 3, 2, 8, 0);
        assert_eq!(cal.working_days_between(mon, vn(2026, 3, 2, 18, 0)), 0);
        assert_eq!(
            cal.working_days_between(vn(2026, 3, 6, 9, 0), vn(2026, 3, 8, 9, 0)),
            0
        );
        assert_eq!(
            cal.working_days_between(vn(2026, 3, 6, 9, 0), vn(2026, 3, 9, 9, 0)),
            1
        );
        assert_eq!(cal.working_days_between(mon, vn(2026, 3, 30, 8, 0)), 20);
        assert_eq!(cal.working_days_between(vn(2026, 3, 30, 8, 0), mon), -20);
    }

    #[test]
    fn extremes_do_not_panic() {
        let cal = plain();
        let max = DateTime::<Utc>::MAX_UTC;
        assert_eq!(cal.add_working_days(max, 3), DateTime::<Utc>::MAX_UTC);
        let _ = cal.add_working_days(max, 0);
        let min = DateTime::<Utc>::MIN_UTC;
        let _ = cal.add_working_days(min, 2);
        assert!(cal.working_days_between(min, max) > 0);
        assert!(cal.working_days_between(max, min) < 0);
    }

    #[test]
    fn deadline_days_for_levels() {
        assert_eq!(deadline_days(10, 3, Level::Normal), 10);
        assert_eq!(deadline_days(10, 3, Level::Urgent), 3);
        // Urgent never longer than normal.
        assert_eq!(deadline_days(5, 8, Level::Urgent), 5);
        // At least one day.
        assert_eq!(deadline_days(5, 0, Level::Urgent), 1);
        assert_eq!(deadline_days(0, 0, Level::Urgent), 1);
        assert_eq!(deadline_days(0, 0, Level::Normal), 1);
        assert_eq!(deadline_days(0, 5, Level::Urgent), 1);
        assert_eq!(deadline_days(u32::MAX, u32::MAX, Level::Urgent), u32::MAX);
        for n in 0..20 {
            for u in 0..20 {
                let urgent = deadline_days(n, u, Level::Urgent);
                let normal = deadline_days(n, u, Level::Normal);
                assert!(urgent >= 1 && urgent <= normal);
            }
        }
    }

    #[test]
    fn overdue_only_while_waiting_and_past_due() {
        let due = vn(2026, 3, 10, 17, 0);
        let after = due + TimeDelta::seconds(1);
        for s in Status::ALL {
            assert_eq!(
                is_overdue(s, Some(due), after),
                s.counts_for_overdue(),
                "{s}"
            );
            assert!(
                !is_overdue(s, Some(due), due),
                "exactly at the deadline is on time"
            );
            assert!(!is_overdue(s, None, after));
        }
    }

    #[test]
    fn due_soon_window() {
        let due = vn(2026, 3, 10, 17, 0);
        let s = Status::Processing;
        assert!(is_due_soon(s, Some(due), due - TimeDelta::hours(24), 24));
        assert!(!is_due_soon(s, Some(due), due - TimeDelta::hours(25), 24));
        assert!(is_due_soon(s, Some(due), due, 24));
        assert!(
            !is_due_soon(s, Some(due), due + TimeDelta::seconds(1), 24),
            "overdue, not soon"
        );
        assert!(!is_due_soon(s, None, due, 24));
        assert!(!is_due_soon(
            Status::Resolved,
            Some(due),
            due - TimeDelta::hours(1),
            24
        ));
        assert!(!is_due_soon(s, Some(due), due - TimeDelta::hours(1), -5));
        assert!(is_due_soon(s, Some(due), due, 0));
        assert!(is_due_soon(
            s,
            Some(due),
            due - TimeDelta::days(3650),
            i64::MAX
        ));
        for st in Status::ALL {
            let now = due - TimeDelta::hours(1);
            assert_eq!(is_due_soon(st, Some(due), now, 48), st.counts_for_overdue());
            assert!(!(is_due_soon(st, Some(due), now, 48) && is_overdue(st, Some(due), now)));
        }
    }

    #[test]
    fn calendar_serde_round_trip() {
        let cal = WorkCalendar::new([date(2026, 1, 1), date(2026, 9, 2)]);
        let json = serde_json::to_string(&cal).unwrap();
        assert_eq!(json, r#"{"holidays":["2026-01-01","2026-09-02"]}"#);
        assert_eq!(serde_json::from_str::<WorkCalendar>(&json).unwrap(), cal);
    }
}
