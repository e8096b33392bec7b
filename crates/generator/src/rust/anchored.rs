//! Patterns the generated code can match without the regex engine: `^`, then ASCII
//! characters and classes with counts, then `$` — the usual shape of ids and codes. Each
//! becomes a list of `trackplan_runtime::check::Piece`s matched in one pass over the bytes.

use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// One piece: the ASCII bytes it accepts (bit per byte), and how many of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    /// Bit `b` set when ASCII byte `b` is accepted.
    pub set: u128,
    /// Fewest bytes.
    pub min: u32,
    /// Most bytes (`u32::MAX`: unbounded).
    pub max: u32,
}

/// The pieces of `ecma` when it has that shape and greedy matching of the pieces is exact.
pub fn pieces(ecma: &str) -> Option<Vec<Piece>> {
    let hir = regex_syntax::Parser::new().parse(ecma).ok()?;
    let HirKind::Concat(parts) = hir.kind() else { return None };
    let (first, rest) = parts.split_first()?;
    let (last, middle) = rest.split_last()?;
    if !matches!(first.kind(), HirKind::Look(Look::Start)) || !matches!(last.kind(), HirKind::Look(Look::End)) {
        return None;
    }
    let mut pieces = Vec::new();
    for part in middle {
        match part.kind() {
            HirKind::Literal(literal) => {
                for &byte in literal.0.iter() {
                    pieces.push(Piece { set: ascii(byte)?, min: 1, max: 1 });
                }
            }
            HirKind::Class(class) => pieces.push(Piece { set: class_set(class)?, min: 1, max: 1 }),
            HirKind::Repetition(repetition) => {
                let set = single(&repetition.sub)?;
                pieces.push(Piece { set, min: repetition.min, max: repetition.max.unwrap_or(u32::MAX) });
            }
            _ => return None,
        }
    }
    greedy_is_exact(&pieces).then_some(pieces)
}

/// Taking as many bytes as possible for each piece finds a match whenever one exists, when
/// no piece with a choice of count shares a byte with what may follow it directly.
fn greedy_is_exact(pieces: &[Piece]) -> bool {
    pieces.iter().enumerate().filter(|(_, piece)| piece.min != piece.max).all(|(index, piece)| {
        for next in &pieces[index + 1..] {
            if piece.set & next.set != 0 {
                return false;
            }
            if next.min > 0 {
                break;
            }
        }
        true
    })
}

fn ascii(byte: u8) -> Option<u128> {
    (byte < 128).then(|| 1_u128 << byte)
}

fn single(hir: &Hir) -> Option<u128> {
    match hir.kind() {
        HirKind::Literal(literal) if literal.0.len() == 1 => ascii(literal.0[0]),
        HirKind::Class(class) => class_set(class),
        _ => None,
    }
}

fn class_set(class: &Class) -> Option<u128> {
    let ranges: Vec<(u32, u32)> = match class {
        Class::Unicode(unicode) => {
            unicode.ranges().iter().map(|r| (u32::from(r.start()), u32::from(r.end()))).collect()
        }
        Class::Bytes(bytes) => bytes.ranges().iter().map(|r| (u32::from(r.start()), u32::from(r.end()))).collect(),
    };
    ranges
        .into_iter()
        .try_fold(0_u128, |set, (start, end)| (end < 128).then(|| (start..=end).fold(set, |set, byte| set | 1 << byte)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_codes_become_pieces() {
        let order = pieces("^ORD-[0-9]{6}$").expect("anchored");
        assert_eq!(order.len(), 5);
        assert_eq!(order[4], Piece { set: (b'0'..=b'9').fold(0, |s, b| s | 1 << b), min: 6, max: 6 });
        assert!(pieces("^[A-Z0-9][A-Z0-9-]{2,31}$").is_some());
        assert!(pieces("^[A-Z]{2}[0-9]*$").is_some());
    }

    #[test]
    fn other_shapes_keep_the_regex_engine() {
        for ecma in ["ORD-[0-9]{6}", "^ORD", "^[a-z]{2}(-[A-Z]{2})?$", "^é+$", "^.{3}$", "^a|b$", "^\\p{L}+$"] {
            assert_eq!(pieces(ecma), None, "{ecma}");
        }
        // Greedy matching would be wrong: the first piece could eat what the next one needs.
        assert_eq!(pieces("^[A-Z]{1,3}[A-Z]$"), None);
        assert_eq!(pieces("^[A-Z]{1,3}[0-9]*[A-Z]$"), None);
        assert!(pieces("^[A-Z]{1,3}[0-9]*-$").is_some());
    }
}
