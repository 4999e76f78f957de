//! Which intervals intersect, by sort and sweep: O(n log n + k) for k intersecting pairs,
//! instead of comparing every pair (50,000 ranges would be 1.25 billion comparisons).

/// One interval to compare: the group it belongs to (a day, a date: intervals of different
/// groups never meet), its half-open `[start, end)`, and its owner (an index in the caller's
/// list; an owner may have several intervals, one per day).
pub(super) type Interval<K, T> = (K, T, T, usize);

/// The most overlap problems reported per check (weekly ranges, extra openings); the rest are
/// counted in one summary problem, so N identical ranges give 101 problems, not N²/2.
pub(super) const MAX_OVERLAP_PROBLEMS: usize = 100;

/// The most intersecting pairs the sweep collects before it stops: enough for every overlap
/// problem reported and a count of the others, a bound on the work whatever the input.
pub(super) const MAX_MEETING_PAIRS: usize = 10_000;

/// The pairs the sweep found: all of them when `complete`, else the first `limit` met.
pub(super) struct Meeting {
    /// The pairs of owners `(a, b)`, `a < b`, sorted and without repeats.
    pub(super) pairs: Vec<(usize, usize)>,
    /// Whether every intersecting pair is in `pairs` (false: the sweep stopped at its limit).
    pub(super) complete: bool,
}

/// The pairs of owners `(a, b)`, `a < b`, with intervals of the same group that intersect
/// (half-open: touching ends do not), sorted and without repeats — at most `limit` of them: the
/// sweep stops at the first pair past it (then [`Meeting::complete`] is false), so its work is
/// O(n log n + limit) whatever the input (an owner's repeated interval counts once). Empty or
/// reversed intervals meet nothing.
pub(super) fn intersecting_pairs<K: Ord + Copy, T: Ord + Copy>(
    intervals: impl IntoIterator<Item = Interval<K, T>>,
    limit: usize,
) -> Meeting {
    let mut sorted: Vec<Interval<K, T>> = intervals
        .into_iter()
        .filter(|&(_, start, end, _)| start < end)
        .collect();
    sorted.sort_unstable_by_key(|&(group, start, end, owner)| (group, start, owner, end));
    // The same interval twice (a day listed twice in a range) adds nothing: once is enough.
    sorted.dedup();
    let mut pairs = std::collections::BTreeSet::new();
    // The intervals of the current group still open at the current start: each one left in it
    // is a pair, so the sweep's work is the answer's size (bounded by `limit`).
    let mut open: Vec<Interval<K, T>> = Vec::new();
    for current @ (group, start, _, owner) in sorted {
        open.retain(|&(g, _, end, _)| g == group && end > start);
        for &(_, _, _, other) in &open {
            if other != owner {
                let pair = (other.min(owner), other.max(owner));
                if !pairs.contains(&pair) && pairs.len() >= limit {
                    return Meeting {
                        pairs: pairs.into_iter().collect(),
                        complete: false,
                    };
                }
                pairs.insert(pair);
            }
        }
        open.push(current);
    }
    Meeting {
        pairs: pairs.into_iter().collect(),
        complete: true,
    }
}

/// Counts the overlap problems of one check: the first [`MAX_OVERLAP_PROBLEMS`] are reported,
/// the others counted for one summary problem.
#[derive(Default)]
pub(super) struct OverlapCap {
    reported: usize,
    more: usize,
}

impl OverlapCap {
    /// Whether one more overlap may be reported (else it is counted).
    pub(super) fn admit(&mut self) -> bool {
        if self.reported < MAX_OVERLAP_PROBLEMS {
            self.reported += 1;
            true
        } else {
            self.more += 1;
            false
        }
    }

    /// The summary problem, when overlaps were left out: `et N autres chevauchements`, or `plus
    /// de N` when the sweep stopped before finding them all (`complete` false).
    pub(super) fn finish(
        self,
        report: &mut super::Report<'_>,
        (code, path): (super::ProblemCode, &str),
        (what, what_en): (&str, &str),
        complete: bool,
    ) {
        if self.more == 0 && complete {
            return;
        }
        let (more, more_en) = if complete {
            (self.more.to_string(), self.more.to_string())
        } else {
            (
                format!("plus de {}", self.more),
                format!("more than {}", self.more),
            )
        };
        report.push(
            code,
            path,
            format!("… et {more} autres chevauchements {what}, non détaillés (les {MAX_OVERLAP_PROBLEMS} premiers le sont) : corrigez d'abord ceux-là."),
            format!("… and {more_en} more overlaps {what_en}, not listed (the first {MAX_OVERLAP_PROBLEMS} are): fix those first."),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every pair compared: what the sweep must agree with.
    fn naive<K: Ord + Copy, T: Ord + Copy>(intervals: &[Interval<K, T>]) -> Vec<(usize, usize)> {
        let mut pairs = Vec::new();
        for (i, a) in intervals.iter().enumerate() {
            for b in &intervals[i + 1..] {
                let meet = a.0 == b.0 && a.1 < b.2 && b.1 < a.2 && a.1 < a.2 && b.1 < b.2;
                if meet && a.3 != b.3 {
                    pairs.push((a.3.min(b.3), a.3.max(b.3)));
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        pairs
    }

    #[test]
    fn touching_intervals_do_not_meet_and_groups_are_apart() {
        let got = intersecting_pairs(
            [
                (0, 9, 12, 0),
                (0, 12, 14, 1),
                (1, 9, 12, 2),
                (0, 11, 13, 3),
                (0, 10, 10, 4),
            ],
            usize::MAX,
        );
        assert_eq!(got.pairs, vec![(0, 3), (1, 3)]);
    }

    #[test]
    fn ten_thousand_identical_intervals_stop_at_the_limit() {
        // 10,000 identical intervals: 5 × 10⁷ pairs, of which the sweep collects 100.
        let got = intersecting_pairs((0..10_000).map(|i| (0, 9, 12, i)), 100);
        assert!(!got.complete);
        assert_eq!(got.pairs.len(), 100);
        // An owner listing its day 600,000 times pairs with nobody.
        let got = intersecting_pairs((0..600_000).map(|_| (0, 9, 12, 0)), 100);
        assert!(got.complete && got.pairs.is_empty());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        #[test]
        fn the_sweep_finds_exactly_the_pairs_the_pairwise_check_finds(
            intervals in proptest::collection::vec((0u8..3, 0u16..48, 0u16..48, 0usize..12), 0..40)
        ) {
            let got = intersecting_pairs(intervals.clone(), usize::MAX);
            prop_assert!(got.complete);
            prop_assert_eq!(got.pairs, naive(&intervals));
        }

        /// Identical and nested intervals (few distinct times), with a small limit: the sweep
        /// gives the pairwise answer when it fits, else `limit` of its pairs and says so.
        #[test]
        fn the_capped_sweep_gives_pairwise_pairs_and_never_more_than_its_limit(
            intervals in proptest::collection::vec(
                (0u8..2, prop_oneof![Just(8u16), 0u16..4], prop_oneof![Just(12u16), 20u16..24], 0usize..16),
                0..40),
            limit in 0usize..30,
        ) {
            let all = naive(&intervals);
            let got = intersecting_pairs(intervals.clone(), limit);
            prop_assert!(got.pairs.len() <= limit);
            if all.len() <= limit {
                prop_assert!(got.complete);
                prop_assert_eq!(got.pairs, all);
            } else {
                prop_assert!(!got.complete);
                prop_assert_eq!(got.pairs.len(), limit);
                prop_assert!(got.pairs.iter().all(|p| all.contains(p)));
            }
        }
    }
}
