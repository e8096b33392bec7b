//! Simple patterns compiled to character tests. A pattern such as `^ORD-[0-9]{6}$` or
//! `^[A-Z0-9]{4,20}$` — anchored at both ends, made of ASCII literals and ASCII classes,
//! each repeated a fixed number of times except at most one — puts every character of a
//! matching string at a position known from the string's length, with a known set of allowed
//! characters. Testing the char codes is several times faster in V8 than calling the regex
//! engine. Every other pattern keeps its regular expression.

/// A run of positions of a simple pattern: the allowed inclusive char-code ranges, repeated
/// between `min` and `max` (`None`: unbounded) times.
#[derive(Debug, PartialEq)]
pub struct Segment {
    ranges: Vec<(u8, u8)>,
    min: usize,
    max: Option<usize>,
}

/// The segments of `ecma` when it is a simple pattern, else `None`.
pub fn parse(ecma: &str) -> Option<Vec<Segment>> {
    let body = ecma.strip_prefix('^')?.as_bytes();
    let mut segments: Vec<Segment> = Vec::new();
    let mut i = 0;
    loop {
        let ranges = match *body.get(i)? {
            b'$' if i + 1 == body.len() => break,
            b'[' => {
                let end = i + 1 + body[i + 1..].iter().position(|&c| c == b']')?;
                let ranges = class(&body[i + 1..end])?;
                i = end + 1;
                ranges
            }
            b'\\' => {
                let c = *body.get(i + 1)?;
                i += 2;
                // Escaped punctuation is the character itself; `\d`, `\b`… are not literals.
                c.is_ascii_punctuation().then_some(vec![(c, c)])?
            }
            c if literal(c) => {
                i += 1;
                vec![(c, c)]
            }
            _ => return None,
        };
        let (min, max, next) = quantifier(body, i)?;
        i = next;
        if max != Some(0) {
            segments.push(Segment { ranges, min, max });
        }
    }
    let variable = segments.iter().filter(|s| s.max != Some(s.min)).count();
    (!segments.is_empty() && variable <= 1).then_some(segments)
}

/// The repetition at `i` (none, `?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}`) and where it ends.
fn quantifier(body: &[u8], i: usize) -> Option<(usize, Option<usize>, usize)> {
    let (min, max, next) = match body.get(i) {
        Some(b'?') => (0, Some(1), i + 1),
        Some(b'*') => (0, None, i + 1),
        Some(b'+') => (1, None, i + 1),
        Some(b'{') => {
            let end = i + 1 + body[i + 1..].iter().position(|&c| c == b'}')?;
            let text = std::str::from_utf8(&body[i + 1..end]).ok()?;
            let number = |t: &str| {
                (!t.is_empty() && t.len() <= 4 && t.bytes().all(|c| c.is_ascii_digit())).then(|| t.parse().ok())?
            };
            let (min, max) = match text.split_once(',') {
                None => (number(text)?, number(text)),
                Some((lo, "")) => (number(lo)?, None),
                Some((lo, hi)) => (number(lo)?, Some(number(hi)?)),
            };
            (min, max, end + 1)
        }
        _ => (1, Some(1), i),
    };
    // A lazy quantifier (`+?`) or a second one is left to the regex engine.
    if next > i && matches!(body.get(next), Some(b'?' | b'*' | b'+' | b'{')) || max.is_some_and(|max| max < min) {
        return None;
    }
    Some((min, max, next))
}

/// An ASCII character that stands for itself outside a class.
fn literal(c: u8) -> bool {
    c.is_ascii_graphic() && !b".^$|?*+()[]{}\\/".contains(&c) || c == b' '
}

/// The ranges of a class body: ASCII characters and `a-z` ranges, no negation or escapes.
fn class(body: &[u8]) -> Option<Vec<(u8, u8)>> {
    if body.is_empty() || body[0] == b'^' {
        return None;
    }
    let mut ranges = Vec::new();
    let mut i = 0;
    while i < body.len() {
        let c = body[i];
        if !(c.is_ascii_graphic() || c == b' ') || matches!(c, b'\\' | b'[') {
            return None;
        }
        if body.get(i + 1) == Some(&b'-') && i + 2 < body.len() {
            let end = body[i + 2];
            if !end.is_ascii_graphic() || matches!(end, b'\\' | b'[') || end < c {
                return None;
            }
            ranges.push((c, end));
            i += 3;
        } else {
            ranges.push((c, c));
            i += 1;
        }
    }
    Some(ranges)
}

/// A TypeScript function `name(s)` that is true exactly when `s` matches the segments: the
/// length first, then the positions before the variable run counted from the start, the
/// positions after it counted from the end, and the run itself.
pub fn function(name: &str, segments: &[Segment]) -> String {
    let fixed: usize = segments.iter().filter(|s| s.max == Some(s.min)).map(|s| s.min).sum();
    let variable = segments.iter().position(|s| s.max != Some(s.min));
    let mut out = format!("function {name}(s: string): boolean {{\n  const n = s.length;\n");
    match variable.map(|v| &segments[v]) {
        None => out.push_str(&format!("  if (n !== {fixed}) return false;\n")),
        Some(Segment { min, max: None, .. }) => out.push_str(&format!("  if (n < {}) return false;\n", fixed + min)),
        Some(Segment { min, max: Some(max), .. }) => {
            out.push_str(&format!("  if (n < {} || n > {}) return false;\n", fixed + min, fixed + max));
        }
    }
    let mut from_start = 0;
    let mut to_end = fixed;
    let from_end = |units: usize| if units == 0 { "n".to_owned() } else { format!("n - {units}") };
    for (index, segment) in segments.iter().enumerate() {
        let (start, end) = match variable {
            Some(v) if index == v => (from_start.to_string(), from_end(to_end)),
            Some(v) if index > v => {
                let start = from_end(to_end);
                to_end -= segment.min;
                (start, from_end(to_end))
            }
            _ => {
                from_start += segment.min;
                to_end -= segment.min;
                ((from_start - segment.min).to_string(), from_start.to_string())
            }
        };
        let test = |c: &str| {
            let several = segment.ranges.len() > 1;
            let parts: Vec<String> = segment
                .ranges
                .iter()
                .map(|&(lo, hi)| match (lo == hi, several) {
                    (true, _) => format!("{c} === {lo}"),
                    (false, true) => format!("({c} >= {lo} && {c} <= {hi})"),
                    (false, false) => format!("{c} >= {lo} && {c} <= {hi}"),
                })
                .collect();
            parts.join(" || ")
        };
        if segment.max == Some(1) && segment.min == 1 {
            out.push_str(&format!("  if (!({})) return false;\n", test(&format!("s.charCodeAt({start})"))));
        } else {
            out.push_str(&format!(
                "  for (let i = {start}; i < {end}; i++) {{\n    const c = s.charCodeAt(i);\n    if (!({})) return false;\n  }}\n",
                test("c")
            ));
        }
    }
    out.push_str("  return true;\n}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(ranges: Vec<(u8, u8)>, min: usize, max: Option<usize>) -> Segment {
        Segment { ranges, min, max }
    }

    #[test]
    fn simple_patterns_are_recognised() {
        let order = parse("^ORD-[0-9]{6}$").expect("simple");
        assert_eq!(order.len(), 5);
        assert_eq!(order[4], one(vec![(b'0', b'9')], 6, Some(6)));
        assert_eq!(
            parse("^[A-Z0-9]{4,20}$").expect("simple"),
            vec![one(vec![(b'A', b'Z'), (b'0', b'9')], 4, Some(20))]
        );
        assert_eq!(parse("^/.?$"), None);
        assert_eq!(parse("^a+b{2,}$"), None, "two variable runs");
        assert_eq!(parse("^a*$").expect("simple"), vec![one(vec![(b'a', b'a')], 0, None)]);
        assert!(parse(r"^v\.[0-9]$").is_some());
    }

    #[test]
    fn anything_else_keeps_its_regex() {
        for pattern in [
            "ORD-[0-9]{6}$",
            "^ORD-[0-9]{6}",
            r"^ORD-[0-9]{6}\$",
            "^[0-9]+?$",
            "^[0-9]{4,2}$",
            "^[0-9]{,2}$",
            "^a|b$",
            "^(ab)$",
            "^[^a]$",
            r"^[\d]$",
            r"^\d$",
            "^.$",
            "^é$",
            "^$",
            "^[]$",
            "^[z-a]$",
        ] {
            assert_eq!(parse(pattern), None, "{pattern}");
        }
    }

    #[test]
    fn the_function_tests_length_then_each_position() {
        let code = function("MATCH0", &parse("^A-[0-9a-f]{2}$").expect("simple"));
        assert_eq!(
            code,
            "function MATCH0(s: string): boolean {\n  const n = s.length;\n  if (n !== 4) return false;\n\
             \x20 if (!(s.charCodeAt(0) === 65)) return false;\n  if (!(s.charCodeAt(1) === 45)) return false;\n\
             \x20 for (let i = 2; i < 4; i++) {\n    const c = s.charCodeAt(i);\n\
             \x20   if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;\n  }\n  return true;\n}"
        );
        let code = function("MATCH1", &parse("^[A-Z][a-z]{1,3}-$").expect("simple"));
        assert_eq!(
            code,
            "function MATCH1(s: string): boolean {\n  const n = s.length;\n  if (n < 3 || n > 5) return false;\n\
             \x20 if (!(s.charCodeAt(0) >= 65 && s.charCodeAt(0) <= 90)) return false;\n\
             \x20 for (let i = 1; i < n - 1; i++) {\n    const c = s.charCodeAt(i);\n\
             \x20   if (!(c >= 97 && c <= 122)) return false;\n  }\n\
             \x20 if (!(s.charCodeAt(n - 1) === 45)) return false;\n  return true;\n}"
        );
    }
}
