//! Nested networks as the kernel matches them, cut into the disjoint
//! intervals an nft interval set needs.
//!
//! ipset's hash:net types look an address up from the most specific prefix
//! of the set to the least: the most specific entry that holds the address
//! decides, and a `nomatch` entry decides "no". Prefixes nest or are
//! disjoint, so each address has one chain of entries that hold it, most
//! specific first. Every part of an entry's prefix that no more specific
//! entry holds becomes one piece, matched while the chain says so: with
//! timeouts, an inner entry that expires hands its addresses to the one
//! around it. A piece is written with the time it stays matched; where the
//! chain would make it match again later (a `nomatch` exception that
//! expires inside a lasting entry), nft cannot say it and the caller is
//! told which entries.

/// One entry's prefix: `start..=end` of the address space (IPv4 in the low
/// 32 bits), whether it is an exception, and how long it lives.
#[derive(Debug, Clone, Copy)]
pub struct Prefix {
    pub start: u128,
    pub end: u128,
    pub nomatch: bool,
    /// Seconds left; None: permanent.
    pub timeout: Option<u32>,
}

/// A disjoint interval matched for `timeout` (None: permanently), holding
/// the addresses entry `owner` decides now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    pub start: u128,
    pub end: u128,
    pub owner: usize,
    pub timeout: Option<u32>,
}

/// Entries whose addresses nft cannot match as ipset does over time: the
/// exception `inner` expires inside `outer`, which would match again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsayable {
    pub inner: usize,
    pub outer: usize,
}

/// The pieces of `prefixes` (nested or disjoint, none twice), in address
/// order; pieces only an exception decides are left out.
pub fn partition(prefixes: &[Prefix]) -> Result<Vec<Piece>, Unsayable> {
    let mut order: Vec<usize> = (0..prefixes.len()).collect();
    // Outer prefixes before the ones they hold.
    order.sort_unstable_by(|&a, &b| {
        let (pa, pb) = (&prefixes[a], &prefixes[b]);
        pa.start.cmp(&pb.start).then(pb.end.cmp(&pa.end))
    });
    let mut pieces = Vec::with_capacity(prefixes.len());
    // The prefixes holding the current one, outermost first, each with
    // where its own addresses resume after the children seen so far (None:
    // a child reached the top of the address space).
    let mut stack: Vec<(usize, Option<u128>)> = Vec::new();
    for &i in &order {
        let p = &prefixes[i];
        while let Some(&(top, _)) = stack.last() {
            if prefixes[top].end >= p.start {
                break;
            }
            close(prefixes, &mut stack, &mut pieces)?;
        }
        if let Some(&(_, Some(next))) = stack.last()
            && next < p.start
        {
            emit(prefixes, &chain(&stack), next, p.start - 1, &mut pieces)?;
        }
        if let Some(top) = stack.last_mut() {
            top.1 = p.end.checked_add(1);
        }
        stack.push((i, Some(p.start)));
    }
    while !stack.is_empty() {
        close(prefixes, &mut stack, &mut pieces)?;
    }
    pieces.sort_unstable_by_key(|p| p.start);
    Ok(pieces)
}

/// The entries holding the innermost open prefix's own addresses, most
/// specific first.
fn chain(stack: &[(usize, Option<u128>)]) -> Vec<usize> {
    stack.iter().rev().map(|&(i, _)| i).collect()
}

/// Close the innermost open prefix: its addresses after its last child
/// are its own.
fn close(
    prefixes: &[Prefix],
    stack: &mut Vec<(usize, Option<u128>)>,
    pieces: &mut Vec<Piece>,
) -> Result<(), Unsayable> {
    let held_by = chain(stack);
    let (top, next) = stack.pop().expect("an open prefix");
    if let Some(next) = next
        && next <= prefixes[top].end
    {
        emit(prefixes, &held_by, next, prefixes[top].end, pieces)?;
    }
    Ok(())
}

/// `start..=end`, decided by `chain` (most specific first): a piece for as
/// long as it matches, none if it never does now.
fn emit(
    prefixes: &[Prefix],
    chain: &[usize],
    start: u128,
    end: u128,
    pieces: &mut Vec<Piece>,
) -> Result<(), Unsayable> {
    let owner = chain[0];
    if prefixes[owner].nomatch {
        // An exception decides now; it must decide for as long as anything
        // around it would match.
        let until = prefixes[owner].timeout;
        if let Some(until) = until {
            for &outer in &chain[1..] {
                let o = &prefixes[outer];
                if o.timeout.is_none_or(|t| t > until) {
                    if o.nomatch {
                        // A longer exception takes over: still no match.
                        return check_tail(prefixes, chain, outer);
                    }
                    return Err(Unsayable {
                        inner: owner,
                        outer,
                    });
                }
            }
        }
        return Ok(());
    }
    // A match now: it lasts while the chain's entries that take over keep
    // matching; the first exception that takes over ends it for good, or
    // nft cannot say it.
    let mut until = prefixes[owner].timeout;
    for &outer in &chain[1..] {
        let Some(t) = until else { break };
        let o = &prefixes[outer];
        if o.timeout.is_some_and(|ot| ot <= t) {
            continue; // gone before it would take over
        }
        if o.nomatch {
            check_tail(prefixes, chain, outer)?;
            break;
        }
        until = o.timeout;
    }
    pieces.push(Piece {
        start,
        end,
        owner,
        timeout: until,
    });
    Ok(())
}

/// After exception `from` takes over, nothing in the chain may match again.
fn check_tail(prefixes: &[Prefix], chain: &[usize], from: usize) -> Result<(), Unsayable> {
    let at = chain.iter().position(|&c| c == from).expect("in the chain");
    let mut until = prefixes[from].timeout;
    for &outer in &chain[at + 1..] {
        let Some(t) = until else { return Ok(()) };
        let o = &prefixes[outer];
        if o.timeout.is_some_and(|ot| ot <= t) {
            continue;
        }
        if !o.nomatch {
            return Err(Unsayable { inner: from, outer });
        }
        until = o.timeout;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(start: u128, end: u128) -> Prefix {
        Prefix {
            start,
            end,
            nomatch: false,
            timeout: None,
        }
    }

    fn ranges(v: &[Piece]) -> Vec<(u128, u128, usize, Option<u32>)> {
        v.iter()
            .map(|p| (p.start, p.end, p.owner, p.timeout))
            .collect()
    }

    #[test]
    fn disjoint_prefixes_are_their_own_pieces() {
        let got = partition(&[p(8, 15), p(0, 3)]).unwrap();
        assert_eq!(ranges(&got), [(0, 3, 1, None), (8, 15, 0, None)]);
    }

    #[test]
    fn a_nested_prefix_cuts_its_parent() {
        // 0..=15 holds 4..=7: the parent keeps 0..=3 and 8..=15.
        let got = partition(&[p(0, 15), p(4, 7)]).unwrap();
        assert_eq!(
            ranges(&got),
            [(0, 3, 0, None), (4, 7, 1, None), (8, 15, 0, None)]
        );
        // Children at either edge leave one side.
        let got = partition(&[p(0, 15), p(0, 3), p(12, 15)]).unwrap();
        assert_eq!(
            ranges(&got),
            [(0, 3, 1, None), (4, 11, 0, None), (12, 15, 2, None)]
        );
    }

    #[test]
    fn exceptions_leave_holes() {
        let mut hole = p(4, 7);
        hole.nomatch = true;
        let got = partition(&[p(0, 15), hole]).unwrap();
        assert_eq!(ranges(&got), [(0, 3, 0, None), (8, 15, 0, None)]);
        // A match inside the exception is matched again.
        let got = partition(&[p(0, 15), hole, p(6, 7)]).unwrap();
        assert_eq!(
            ranges(&got),
            [(0, 3, 0, None), (6, 7, 2, None), (8, 15, 0, None)]
        );
    }

    #[test]
    fn an_inner_entry_that_expires_hands_over_to_the_outer_one() {
        let mut inner = p(4, 7);
        inner.timeout = Some(10);
        let mut outer = p(0, 15);
        outer.timeout = Some(100);
        let got = partition(&[outer, inner]).unwrap();
        // The inner piece matches as long as the outer entry lives.
        assert_eq!(
            got[1],
            Piece {
                start: 4,
                end: 7,
                owner: 1,
                timeout: Some(100)
            }
        );
        // An outer entry that goes first does not lengthen it.
        let mut short = outer;
        short.timeout = Some(5);
        let got = partition(&[short, inner]).unwrap();
        assert_eq!(got[1].timeout, Some(10));
    }

    #[test]
    fn an_exception_that_expires_inside_a_match_cannot_be_said() {
        let mut hole = p(4, 7);
        hole.nomatch = true;
        hole.timeout = Some(10);
        assert_eq!(
            partition(&[p(0, 15), hole]),
            Err(Unsayable { inner: 1, outer: 0 })
        );
        // ... but can when the match around it is gone first.
        let mut outer = p(0, 15);
        outer.timeout = Some(5);
        let got = partition(&[outer, hole]).unwrap();
        assert_eq!(ranges(&got), [(0, 3, 0, Some(5)), (8, 15, 0, Some(5))]);
        // A match whose time ends where an exception around it takes over
        // for good ends there.
        let mut inner = p(4, 5);
        inner.timeout = Some(3);
        let mut lasting_hole = p(4, 7);
        lasting_hole.nomatch = true;
        let got = partition(&[p(0, 15), lasting_hole, inner]).unwrap();
        assert_eq!(
            got[1],
            Piece {
                start: 4,
                end: 5,
                owner: 2,
                timeout: Some(3)
            }
        );
    }

    #[test]
    fn the_whole_address_space() {
        let all = p(0, u128::MAX);
        let got = partition(&[all, p(u128::MAX - 3, u128::MAX)]).unwrap();
        assert_eq!(
            ranges(&got),
            [
                (0, u128::MAX - 4, 0, None),
                (u128::MAX - 3, u128::MAX, 1, None)
            ]
        );
        let got = partition(&[all]).unwrap();
        assert_eq!(ranges(&got), [(0, u128::MAX, 0, None)]);
    }
}
