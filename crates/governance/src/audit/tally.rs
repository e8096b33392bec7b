//! Counts and capped samples of outcomes. A tally covers a run of consecutive lines; tallies of
//! later lines are merged into earlier ones in order, so the result depends only on the input,
//! never on how the work was split between threads.

use std::collections::{BTreeMap, HashMap};

use trackplan_runtime::Violation;

use super::check::Outcome;
use super::shape::Shape;
use super::targets::TargetId;

/// Where a line is: input file (index into the inputs) and line number from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    /// Index of the input.
    pub input: usize,
    /// Line number, from 1.
    pub line: u64,
}

/// An invalid record kept as an example.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// Where it is.
    pub place: Place,
    /// The record's id.
    pub id: Option<String>,
    /// Its broken rules.
    pub violations: Vec<Violation>,
}

/// Counts of one planned event or call.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TargetTally {
    /// Records seen.
    pub records: u64,
    /// Records that break no rule.
    pub valid: u64,
    /// Violations by (path with array indexes as `[]`, rule).
    pub rules: BTreeMap<(String, &'static str), u64>,
    /// The first invalid records.
    pub samples: Vec<Sample>,
}

/// Counts of one unplanned event name.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownTally {
    /// The name as recorded.
    pub name: String,
    /// Records with that name.
    pub records: u64,
    /// The first records, with their ids.
    pub samples: Vec<(Place, Option<String>)>,
}

/// A counted problem with its first occurrences.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Problems {
    /// How many.
    pub count: u64,
    /// The first ones: where, and what is wrong.
    pub samples: Vec<(Place, String)>,
}

/// Distinct unplanned event names kept; further names are only counted.
pub const MAX_UNKNOWN_NAMES: usize = 1000;

/// Distinct (path, rule) pairs kept per event, and distinct kinds of messages not validated:
/// undeclared keys made of ids, or garbage `type` values, must not grow memory with the input.
/// Further ones are counted under [`OTHERS`]. A chunk's own tally is bounded by its size; the
/// cap applies as tallies merge in input order, so it does not depend on the threads.
pub const MAX_DISTINCT: usize = 1000;

/// The path (or kind) further violations (or messages) are counted under.
pub const OTHERS: &str = "(others)";

/// Everything counted over a run of lines.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    /// Lines read (blank ones included).
    pub lines: u64,
    /// Blank lines.
    pub blank: u64,
    /// Records read as each shape.
    pub shapes: BTreeMap<Shape, u64>,
    /// Planned events and calls seen.
    pub targets: BTreeMap<TargetId, TargetTally>,
    /// Unplanned event names, in order of first appearance.
    pub unknown: Vec<UnknownTally>,
    unknown_index: HashMap<String, usize>,
    /// Records of unplanned names beyond [`MAX_UNKNOWN_NAMES`] distinct ones.
    pub unknown_overflow: u64,
    /// Messages not validated, by what they are.
    pub not_validated: BTreeMap<String, u64>,
    /// Records of no known shape.
    pub unrecognized: Problems,
    /// Lines that are not JSON.
    pub malformed: Problems,
}

impl Tally {
    /// Counts one line's outcome, keeping at most `samples` examples of each kind.
    pub fn add(&mut self, place: Place, outcome: Outcome, samples: usize) {
        self.lines += 1;
        match outcome {
            Outcome::Blank => self.blank += 1,
            Outcome::Valid { target, shape } => {
                *self.shapes.entry(shape).or_default() += 1;
                let tally = self.targets.entry(target).or_default();
                tally.records += 1;
                tally.valid += 1;
            }
            Outcome::Invalid { target, shape, id, violations } => {
                *self.shapes.entry(shape).or_default() += 1;
                let tally = self.targets.entry(target).or_default();
                tally.records += 1;
                for violation in &violations {
                    *tally.rules.entry((pattern_path(&violation.path), violation.rule)).or_default() += 1;
                }
                if tally.samples.len() < samples {
                    tally.samples.push(Sample { place, id, violations });
                }
            }
            Outcome::UnknownEvent { shape, name, id } => {
                *self.shapes.entry(shape).or_default() += 1;
                let index = match self.unknown_index.get(&name) {
                    Some(&index) => index,
                    None if self.unknown.len() < MAX_UNKNOWN_NAMES => {
                        self.unknown_index.insert(name.clone(), self.unknown.len());
                        self.unknown.push(UnknownTally { name, records: 0, samples: Vec::new() });
                        self.unknown.len() - 1
                    }
                    None => {
                        self.unknown_overflow += 1;
                        return;
                    }
                };
                let tally = &mut self.unknown[index];
                tally.records += 1;
                if tally.samples.len() < samples {
                    tally.samples.push((place, id));
                }
            }
            Outcome::NotValidated { shape, what } => {
                *self.shapes.entry(shape).or_default() += 1;
                *self.not_validated.entry(what).or_default() += 1;
            }
            Outcome::Unrecognized(why) => self.unrecognized.add(place, why, samples),
            Outcome::Malformed(why) => self.malformed.add(place, why, samples),
        }
    }

    /// Adds the tally of the lines that follow this one's.
    pub fn merge(&mut self, later: Tally, samples: usize) {
        self.lines += later.lines;
        self.blank += later.blank;
        for (shape, count) in later.shapes {
            *self.shapes.entry(shape).or_default() += count;
        }
        for (target, tally) in later.targets {
            let mine = self.targets.entry(target).or_default();
            mine.records += tally.records;
            mine.valid += tally.valid;
            for (key, count) in tally.rules {
                let key = if mine.rules.len() >= MAX_DISTINCT && !mine.rules.contains_key(&key) {
                    (OTHERS.to_owned(), key.1)
                } else {
                    key
                };
                *mine.rules.entry(key).or_default() += count;
            }
            let room = samples.saturating_sub(mine.samples.len());
            mine.samples.extend(tally.samples.into_iter().take(room));
        }
        for unknown in later.unknown {
            let index = match self.unknown_index.get(&unknown.name) {
                Some(&index) => index,
                None if self.unknown.len() < MAX_UNKNOWN_NAMES => {
                    self.unknown_index.insert(unknown.name.clone(), self.unknown.len());
                    self.unknown.push(UnknownTally { name: unknown.name.clone(), records: 0, samples: Vec::new() });
                    self.unknown.len() - 1
                }
                None => {
                    self.unknown_overflow += unknown.records;
                    continue;
                }
            };
            let mine = &mut self.unknown[index];
            mine.records += unknown.records;
            let room = samples.saturating_sub(mine.samples.len());
            mine.samples.extend(unknown.samples.into_iter().take(room));
        }
        self.unknown_overflow += later.unknown_overflow;
        for (what, count) in later.not_validated {
            let what = if self.not_validated.len() >= MAX_DISTINCT && !self.not_validated.contains_key(&what) {
                OTHERS.to_owned()
            } else {
                what
            };
            *self.not_validated.entry(what).or_default() += count;
        }
        self.unrecognized.merge(later.unrecognized, samples);
        self.malformed.merge(later.malformed, samples);
    }
}

impl Problems {
    fn add(&mut self, place: Place, why: String, samples: usize) {
        self.count += 1;
        if self.samples.len() < samples {
            self.samples.push((place, why));
        }
    }

    fn merge(&mut self, later: Problems, samples: usize) {
        self.count += later.count;
        let room = samples.saturating_sub(self.samples.len());
        self.samples.extend(later.samples.into_iter().take(room));
    }
}

/// A violation path with array indexes blanked, so `products[0].price` and
/// `products[3].price` count as one rule: `products[].price`.
pub fn pattern_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut chars = path.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        out.push(c);
        if c != '[' {
            continue;
        }
        if chars.peek().is_some_and(|&(_, next)| next == '"') {
            // A quoted key: copy it whole, escapes included.
            chars.next();
            out.push('"');
            let mut escaped = false;
            for (_, c) in chars.by_ref() {
                out.push(c);
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => break,
                    _ => escaped = false,
                }
            }
            continue;
        }
        let digits = path[at + 1..].bytes().take_while(u8::is_ascii_digit).count();
        for _ in 0..digits {
            chars.next();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_indexes_are_blanked() {
        assert_eq!(pattern_path("products[12].price"), "products[].price");
        assert_eq!(pattern_path("[3]"), "[]");
        assert_eq!(pattern_path(r#"["odd [1] key"].x"#), r#"["odd [1] key"].x"#);
        assert_eq!(pattern_path("total"), "total");
    }
}
