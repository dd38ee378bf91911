//! Who receives which live event: the one filter between a change and a browser's stream.
//!
//! A change is described by a [`Topic`] (what changed, with just the facts the decision
//! needs); each open stream belongs to a [`Viewer`]. [`deliveries`] says what, if anything,
//! that viewer is told. What a viewer may not read never reaches their stream: a private
//! report's change reaches its author and the staff who handle it, a notification only its
//! owner, the moderation queue only operators.

use crate::domain::lifecycle::Role;
use serde::{Deserialize, Serialize};

/// At most this many reports a page may watch on one stream.
pub const MAX_WATCHED: usize = 200;

/// What changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Topic {
    /// A report's status, timeline or counters changed.
    Report {
        report_id: i64,
        /// The report's code as a number ([`report_key`]): what pages watch.
        key: u64,
        /// Publicly visible after the change.
        public: bool,
        author: Option<i64>,
        /// The agencies that held it before and after the change (a transfer touches two
        /// inboxes).
        agencies: [Option<i64>; 2],
    },
    /// These users' notifications changed (a new one, read, deleted).
    Users { ids: Vec<i64> },
    /// The comment moderation queue changed.
    Moderation,
}

/// Who holds a stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Viewer {
    pub user_id: Option<i64>,
    pub role: Role,
    pub agency_id: Option<i64>,
    /// A disabled account is treated as a visitor.
    pub active: bool,
    /// The reports the page shows, as [`report_key`]s, at most [`MAX_WATCHED`]. Kept as
    /// numbers, not looked up: opening a stream costs no query, and 10,000 idle streams
    /// hold 8 bytes a watched report.
    pub watching: Vec<u64>,
}

/// What a viewer is told; the page refetches what the message names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// A report the page shows (or the viewer's own report) changed.
    Report,
    /// The viewer's notifications changed.
    Notifications,
    /// The viewer's console inbox changed.
    Inbox,
    /// The comment moderation queue changed (operators).
    Moderation,
}

impl Delivery {
    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Report => "report",
            Delivery::Notifications => "notifications",
            Delivery::Inbox => "inbox",
            Delivery::Moderation => "moderation",
        }
    }
}

/// What `viewer` receives about `topic`, in a fixed order (report, notifications, inbox,
/// moderation).
pub fn deliveries(viewer: &Viewer, topic: &Topic) -> Vec<Delivery> {
    let me = viewer.user_id.filter(|_| viewer.active);
    let role = if me.is_some() {
        viewer.role
    } else {
        Role::Anonymous
    };
    let mut out = Vec::new();
    match topic {
        Topic::Report {
            key,
            public,
            author,
            agencies,
            ..
        } => {
            let own = me.is_some() && *author == me;
            let staff_reach = match role {
                Role::Operator => true,
                Role::Officer => viewer.agency_id.is_some() && agencies.contains(&viewer.agency_id),
                _ => false,
            };
            let watched = viewer.watching.contains(key);
            if own || (watched && (*public || staff_reach)) {
                out.push(Delivery::Report);
            }
            if staff_reach {
                out.push(Delivery::Inbox);
            }
        }
        Topic::Users { ids } => {
            if me.is_some_and(|id| ids.contains(&id)) {
                out.push(Delivery::Notifications);
            }
        }
        Topic::Moderation => {
            if role == Role::Operator {
                out.push(Delivery::Moderation);
            }
        }
    }
    out
}

/// A report code as one number (year and sequence), the unit pages watch.
pub fn report_key(code: &str) -> Option<u64> {
    let c = code.parse::<crate::domain::code::ReportCode>().ok()?;
    u64::try_from(c.year)
        .ok()?
        .checked_mul(10_000_000_000_000)?
        .checked_add(c.seq)
}

/// The reports a page asks to watch: codes, comma-separated, at most [`MAX_WATCHED`],
/// duplicates and junk dropped. The raw value is capped before it is split, so a huge query
/// string costs nothing.
pub fn parse_watch_list(raw: &str) -> Vec<u64> {
    let capped = raw.get(..raw.len().min(MAX_WATCHED * 24)).unwrap_or("");
    let mut keys: Vec<u64> = capped
        .split(',')
        .filter_map(report_key)
        .take(MAX_WATCHED)
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(user: Option<i64>, role: Role, agency: Option<i64>, watching: &[u64]) -> Viewer {
        Viewer {
            user_id: user,
            role,
            agency_id: agency,
            active: true,
            watching: watching.to_vec(),
        }
    }

    fn report(id: i64, public: bool, author: Option<i64>, agency: Option<i64>) -> Topic {
        Topic::Report {
            report_id: id,
            key: id as u64,
            public,
            author,
            agencies: [None, agency],
        }
    }

    #[test]
    fn a_public_change_reaches_whoever_watches_it() {
        let t = report(7, true, Some(1), Some(30));
        let visitor = viewer(None, Role::Anonymous, None, &[7]);
        assert_eq!(deliveries(&visitor, &t), vec![Delivery::Report]);
        let elsewhere = viewer(None, Role::Anonymous, None, &[8]);
        assert!(deliveries(&elsewhere, &t).is_empty());
        let citizen = viewer(Some(2), Role::Citizen, None, &[7]);
        assert_eq!(deliveries(&citizen, &t), vec![Delivery::Report]);
    }

    #[test]
    fn a_private_change_reaches_only_its_author_and_its_staff() {
        let t = report(7, false, Some(1), Some(30));
        // Watching is not enough for a private report.
        for who in [
            viewer(None, Role::Anonymous, None, &[7]),
            viewer(Some(2), Role::Citizen, None, &[7]),
            viewer(Some(3), Role::Officer, Some(31), &[7]),
            viewer(Some(4), Role::Admin, None, &[7]),
        ] {
            assert!(deliveries(&who, &t).is_empty(), "{who:?}");
        }
        // The author hears of their own report on any page ("my reports").
        let author = viewer(Some(1), Role::Citizen, None, &[]);
        assert_eq!(deliveries(&author, &t), vec![Delivery::Report]);
        let operator = viewer(Some(5), Role::Operator, None, &[7]);
        assert_eq!(
            deliveries(&operator, &t),
            vec![Delivery::Report, Delivery::Inbox]
        );
        let officer = viewer(Some(6), Role::Officer, Some(30), &[]);
        assert_eq!(deliveries(&officer, &t), vec![Delivery::Inbox]);
    }

    #[test]
    fn a_transfer_reaches_both_agencies_inboxes() {
        let t = Topic::Report {
            report_id: 7,
            key: 7,
            public: true,
            author: None,
            agencies: [Some(30), Some(31)],
        };
        for a in [30, 31] {
            let officer = viewer(Some(6), Role::Officer, Some(a), &[]);
            assert_eq!(deliveries(&officer, &t), vec![Delivery::Inbox]);
        }
        let other = viewer(Some(6), Role::Officer, Some(32), &[]);
        assert!(deliveries(&other, &t).is_empty());
        // An officer without an agency reaches nothing, even with None in the list.
        let t2 = report(7, true, None, None);
        let lost = viewer(Some(6), Role::Officer, None, &[]);
        assert!(deliveries(&lost, &t2).is_empty());
    }

    #[test]
    fn notifications_reach_only_their_owners() {
        let t = Topic::Users { ids: vec![1, 3] };
        assert_eq!(
            deliveries(&viewer(Some(1), Role::Citizen, None, &[]), &t),
            vec![Delivery::Notifications]
        );
        assert!(deliveries(&viewer(Some(2), Role::Citizen, None, &[]), &t).is_empty());
        assert!(deliveries(&viewer(Some(5), Role::Operator, None, &[]), &t).is_empty());
        assert!(deliveries(&viewer(None, Role::Anonymous, None, &[]), &t).is_empty());
    }

    #[test]
    fn the_moderation_queue_reaches_operators_only() {
        for role in Role::ALL {
            let v = viewer(Some(1), role, Some(30), &[]);
            let expected = if role == Role::Operator {
                vec![Delivery::Moderation]
            } else {
                vec![]
            };
            assert_eq!(deliveries(&v, &Topic::Moderation), expected, "{role:?}");
        }
    }

    #[test]
    fn a_disabled_account_is_a_visitor() {
        let mut operator = viewer(Some(5), Role::Operator, None, &[7]);
        operator.active = false;
        assert!(deliveries(&operator, &report(7, false, Some(5), None)).is_empty());
        assert!(deliveries(&operator, &Topic::Moderation).is_empty());
        assert!(deliveries(&operator, &Topic::Users { ids: vec![5] }).is_empty());
        assert_eq!(
            deliveries(&operator, &report(7, true, None, None)),
            vec![Delivery::Report]
        );
    }

    #[test]
    fn watch_lists_are_bounded_and_clean() {
        let k = |c: &str| report_key(c).unwrap();
        assert_eq!(
            parse_watch_list("PA-2026-000003,pa-2026-000001,x,,PA-2026-000003,PA-1-2"),
            vec![k("PA-2026-000001"), k("PA-2026-000003")]
        );
        assert!(parse_watch_list("").is_empty());
        let many: Vec<String> = (1..=1000).map(|i| format!("PA-2026-{i:06}")).collect();
        assert_eq!(parse_watch_list(&many.join(",")).len(), MAX_WATCHED);
        assert!(parse_watch_list(&"9".repeat(100_000)).is_empty());
        // Distinct codes are distinct keys, whatever the year or the number of digits.
        assert_ne!(k("PA-2026-000001"), k("PA-2025-000001"));
        assert_ne!(k("PA-2026-1000000"), k("PA-2026-100000"));
        assert_eq!(k(" pa-2026-000042 "), k("PA-2026-000042"));
    }
}
