//! Which intervals intersect, by sort and sweep: O(n log n + k) for k intersecting pairs,
//! instead of comparing every pair (50,000 ranges would be 1.25 billion comparisons).

/// One interval to compare: the group it belongs to (a day, a date: intervals of different
/// groups never meet), its half-open `[start, end)`, and its owner (an index in the caller's
/// list; an owner may have several intervals, one per day).
pub(super) type Interval<K, T> = (K, T, T, usize);

/// The pairs of owners `(a, b)`, `a < b`, with intervals of the same group that intersect
/// (half-open: touching ends do not), sorted and without repeats. Empty or reversed intervals
/// meet nothing.
pub(super) fn intersecting_pairs<K: Ord + Copy, T: Ord + Copy>(
    intervals: impl IntoIterator<Item = Interval<K, T>>,
) -> Vec<(usize, usize)> {
    let mut sorted: Vec<Interval<K, T>> = intervals
        .into_iter()
        .filter(|&(_, start, end, _)| start < end)
        .collect();
    sorted.sort_unstable_by_key(|&(group, start, _, owner)| (group, start, owner));
    let mut pairs = Vec::new();
    // The intervals of the current group still open at the current start: each one left in it
    // is a pair, so the sweep's work is the answer's size.
    let mut open: Vec<Interval<K, T>> = Vec::new();
    for current @ (group, start, _, owner) in sorted {
        open.retain(|&(g, _, end, _)| g == group && end > start);
        for &(_, _, _, other) in &open {
            if other != owner {
                pairs.push((other.min(owner), other.max(owner)));
            }
        }
        open.push(current);
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
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
        let got = intersecting_pairs([
            (0, 9, 12, 0),
            (0, 12, 14, 1),
            (1, 9, 12, 2),
            (0, 11, 13, 3),
            (0, 10, 10, 4),
        ]);
        assert_eq!(got, vec![(0, 3), (1, 3)]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        #[test]
        fn the_sweep_finds_exactly_the_pairs_the_pairwise_check_finds(
            intervals in proptest::collection::vec((0u8..3, 0u16..48, 0u16..48, 0usize..12), 0..40)
        ) {
            prop_assert_eq!(intersecting_pairs(intervals.clone()), naive(&intervals));
        }
    }
}
