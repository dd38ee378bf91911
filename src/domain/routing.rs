//! Which agency should handle a report: the suggestion the operator sees when dispatching.
//!
//! Admins write few, broad rules ("lighting anywhere → the lighting company") and a few
//! local exceptions ("lighting in district X → X's urban management office"); the most
//! specific rule wins so exceptions need no priorities to be maintained by hand.

use serde::{Deserialize, Serialize};

/// Maps (category?, area?) to an agency; `None` means "any".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoutingRule {
    pub id: i64,
    pub category_id: Option<i64>,
    pub area_id: Option<i64>,
    pub agency_id: i64,
}

/// Why this agency was suggested, so the operator can judge the suggestion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RouteReason {
    Rule,
    DistrictDefault,
}

/// The suggested agency and where the suggestion came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RouteSuggestion {
    pub agency_id: i64,
    pub rule_id: Option<i64>,
    pub reason: RouteReason,
}

/// How specific a matching rule is; smaller is better. `None` when the rule does not match.
fn rank(
    rule: &RoutingRule,
    category_id: Option<i64>,
    area_chain: &[i64],
) -> Option<(u8, usize, i64)> {
    let category_rank = match rule.category_id {
        None => 1,
        Some(c) if Some(c) == category_id => 0,
        Some(_) => return None,
    };
    let area_rank = match rule.area_id {
        // "Any area" is less specific than the widest area in the chain.
        None => area_chain.len(),
        Some(a) => area_chain.iter().position(|&x| x == a)?,
    };
    Some((category_rank, area_rank, rule.id))
}

/// `area_chain`: the areas containing the scene, most specific first (commune, district, province).
/// Most specific rule wins: a rule matches when its category is None or equal, and its area is None or in the chain.
/// Rank: a category match beats no category; then the more specific area (earlier in the chain; None = least specific); ties: lowest rule id.
/// With no matching rule: `district_committee` (the People's Committee of the district), if any.
///
/// Category outranks area because agencies are organised by subject (roads, lighting,
/// environment): a subject rule for the province is a better guess than a generic local one.
/// The lowest-id tie-break keeps suggestions stable when rules overlap.
pub fn suggest(
    rules: &[RoutingRule],
    category_id: Option<i64>,
    area_chain: &[i64],
    district_committee: Option<i64>,
) -> Option<RouteSuggestion> {
    let best = rules
        .iter()
        .filter_map(|r| rank(r, category_id, area_chain).map(|k| (k, r)))
        .min_by_key(|&(k, _)| k);
    match best {
        Some((_, rule)) => Some(RouteSuggestion {
            agency_id: rule.agency_id,
            rule_id: Some(rule.id),
            reason: RouteReason::Rule,
        }),
        None => district_committee.map(|agency_id| RouteSuggestion {
            agency_id,
            rule_id: None,
            reason: RouteReason::DistrictDefault,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COMMUNE: i64 = 1001;
    const DISTRICT: i64 = 101;
    const PROVINCE: i64 = 1;
    const OTHER_DISTRICT: i64 = 102;
    const CHAIN: &[i64] = &[COMMUNE, DISTRICT, PROVINCE];
    const LIGHTING: i64 = 7;
    const ROADS: i64 = 8;
    const COMMITTEE: i64 = 900;

    fn rule(
        id: i64,
        category_id: Option<i64>,
        area_id: Option<i64>,
        agency_id: i64,
    ) -> RoutingRule {
        RoutingRule {
            id,
            category_id,
            area_id,
            agency_id,
        }
    }

    fn by_rule(rule_id: i64, agency_id: i64) -> Option<RouteSuggestion> {
        Some(RouteSuggestion {
            agency_id,
            rule_id: Some(rule_id),
            reason: RouteReason::Rule,
        })
    }

    #[test]
    fn no_rules_falls_back_to_district_committee() {
        assert_eq!(
            suggest(&[], Some(LIGHTING), CHAIN, Some(COMMITTEE)),
            Some(RouteSuggestion {
                agency_id: COMMITTEE,
                rule_id: None,
                reason: RouteReason::DistrictDefault
            })
        );
        assert_eq!(suggest(&[], Some(LIGHTING), CHAIN, None), None);
    }

    #[test]
    fn non_matching_rules_fall_back() {
        let rules = [
            rule(1, Some(ROADS), None, 50),
            rule(2, None, Some(OTHER_DISTRICT), 51),
            rule(3, Some(LIGHTING), Some(OTHER_DISTRICT), 52),
        ];
        assert_eq!(
            suggest(&rules, Some(LIGHTING), CHAIN, Some(COMMITTEE)).map(|s| s.reason),
            Some(RouteReason::DistrictDefault)
        );
        assert_eq!(suggest(&rules, Some(LIGHTING), CHAIN, None), None);
    }

    #[test]
    fn catch_all_rule_matches_everything() {
        let rules = [rule(1, None, None, 50)];
        assert_eq!(
            suggest(&rules, Some(LIGHTING), CHAIN, Some(COMMITTEE)),
            by_rule(1, 50)
        );
        assert_eq!(suggest(&rules, None, &[], None), by_rule(1, 50));
    }

    #[test]
    fn category_beats_area() {
        let rules = [
            rule(1, None, Some(COMMUNE), 50),
            rule(2, Some(LIGHTING), None, 60),
        ];
        assert_eq!(suggest(&rules, Some(LIGHTING), CHAIN, None), by_rule(2, 60));
        // Another category: only the area rule matches.
        assert_eq!(suggest(&rules, Some(ROADS), CHAIN, None), by_rule(1, 50));
    }

    #[test]
    fn more_specific_area_wins_within_the_same_category_rank() {
        let rules = [
            rule(1, Some(LIGHTING), None, 60),
            rule(2, Some(LIGHTING), Some(PROVINCE), 61),
            rule(3, Some(LIGHTING), Some(DISTRICT), 62),
            rule(4, Some(LIGHTING), Some(COMMUNE), 63),
        ];
        assert_eq!(suggest(&rules, Some(LIGHTING), CHAIN, None), by_rule(4, 63));
        assert_eq!(
            suggest(&rules[..3], Some(LIGHTING), CHAIN, None),
            by_rule(3, 62)
        );
        assert_eq!(
            suggest(&rules[..2], Some(LIGHTING), CHAIN, None),
            by_rule(2, 61)
        );
        assert_eq!(
            suggest(&rules[..1], Some(LIGHTING), CHAIN, None),
            by_rule(1, 60)
        );
        // Scene outside the commune but in the district.
        assert_eq!(
            suggest(&rules, Some(LIGHTING), &[DISTRICT, PROVINCE], None),
            by_rule(3, 62)
        );
        // Unknown location: only area-less rules apply.
        assert_eq!(suggest(&rules, Some(LIGHTING), &[], None), by_rule(1, 60));
    }

    #[test]
    fn rule_order_in_input_does_not_matter() {
        let mut rules = vec![
            rule(4, Some(LIGHTING), Some(COMMUNE), 63),
            rule(1, Some(LIGHTING), None, 60),
            rule(3, None, Some(COMMUNE), 62),
            rule(2, Some(LIGHTING), Some(PROVINCE), 61),
        ];
        for _ in 0..rules.len() {
            assert_eq!(suggest(&rules, Some(LIGHTING), CHAIN, None), by_rule(4, 63));
            rules.rotate_left(1);
        }
    }

    #[test]
    fn ties_go_to_the_lowest_rule_id() {
        let rules = [
            rule(9, Some(LIGHTING), Some(DISTRICT), 70),
            rule(5, Some(LIGHTING), Some(DISTRICT), 71),
            rule(7, Some(LIGHTING), Some(DISTRICT), 72),
        ];
        assert_eq!(suggest(&rules, Some(LIGHTING), CHAIN, None), by_rule(5, 71));
    }

    #[test]
    fn uncategorised_report_ignores_category_rules() {
        let rules = [
            rule(1, Some(LIGHTING), Some(COMMUNE), 60),
            rule(2, None, Some(DISTRICT), 61),
        ];
        assert_eq!(
            suggest(&rules, None, CHAIN, Some(COMMITTEE)),
            by_rule(2, 61)
        );
        assert_eq!(
            suggest(&rules[..1], None, CHAIN, Some(COMMITTEE)).map(|s| s.rule_id),
            Some(None)
        );
    }

    #[test]
    fn exhaustive_against_brute_force_ranking() {
        // Every rule shape × every report shape, compared with a sort-based oracle.
        let cats = [None, Some(LIGHTING), Some(ROADS)];
        let areas = [
            None,
            Some(COMMUNE),
            Some(DISTRICT),
            Some(PROVINCE),
            Some(OTHER_DISTRICT),
        ];
        let mut all = Vec::new();
        let mut id = 100;
        for c in cats {
            for a in areas {
                id -= 1; // descending ids so input order differs from id order
                all.push(rule(id, c, a, 1000 + id));
            }
        }
        let chains: [&[i64]; 4] = [
            CHAIN,
            &[DISTRICT, PROVINCE],
            &[OTHER_DISTRICT, PROVINCE],
            &[],
        ];
        // Every subset of the 15 rule shapes.
        for mask in 0usize..(1 << all.len()) {
            let rules: Vec<_> = all
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, r)| r.clone())
                .collect();
            for cat in cats {
                for chain in chains {
                    let mut matching: Vec<&RoutingRule> = rules
                        .iter()
                        .filter(|r| r.category_id.is_none() || r.category_id == cat)
                        .filter(|r| r.area_id.is_none_or(|a| chain.contains(&a)))
                        .collect();
                    matching.sort_by_key(|r| {
                        let spec_cat = if r.category_id.is_some() { 0 } else { 1 };
                        let spec_area = r
                            .area_id
                            .and_then(|a| chain.iter().position(|&x| x == a))
                            .unwrap_or(usize::MAX);
                        (spec_cat, spec_area, r.id)
                    });
                    let want = match matching.first() {
                        Some(r) => by_rule(r.id, r.agency_id),
                        None => Some(RouteSuggestion {
                            agency_id: COMMITTEE,
                            rule_id: None,
                            reason: RouteReason::DistrictDefault,
                        }),
                    };
                    assert_eq!(
                        suggest(&rules, cat, chain, Some(COMMITTEE)),
                        want,
                        "mask={mask:b} cat={cat:?} chain={chain:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn serde_shapes() {
        let s = by_rule(3, 4).unwrap();
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, r#"{"agency_id":4,"rule_id":3,"reason":"rule"}"#);
        assert_eq!(serde_json::from_str::<RouteSuggestion>(&json).unwrap(), s);
        assert_eq!(
            serde_json::to_string(&RouteReason::DistrictDefault).unwrap(),
            r#""district_default""#
        );
        let r = rule(1, None, Some(2), 3);
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(serde_json::from_str::<RoutingRule>(&json).unwrap(), r);
    }
}
