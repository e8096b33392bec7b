//! TypeScript / JavaScript, Kotlin and Swift sources, parsed with tree-sitter grammars.
//!
//! One walk serves the three languages; a [`Grammar`] says which node kinds are calls,
//! identifiers, member accesses and string literals, and where a call keeps its callee and
//! arguments. tree-sitter recovers from syntax errors, so a file that does not parse cleanly
//! is still searched and reported as a problem.

use std::path::Path;

use tree_sitter::{Node, Parser};

use super::{Found, Language, RAW_TRACK_METHODS, ScanProblem, SourcePlace, UseKind};

/// Node kinds and shapes of one grammar.
struct Grammar {
    /// Call expressions.
    call: &'static str,
    /// Plain identifiers.
    identifiers: &'static [&'static str],
    /// Member accesses (`a.b`, `a?.b`, `a::b`).
    members: &'static [&'static str],
    /// String literals.
    strings: &'static [&'static str],
    /// Parents (with the field holding the value, if any) under which an identifier is a
    /// value being passed on: an argument, an initializer, an array element.
    value_parents: &'static [(&'static str, Option<&'static str>)],
}

const TYPESCRIPT: Grammar = Grammar {
    call: "call_expression",
    identifiers: &["identifier", "shorthand_property_identifier"],
    members: &["member_expression"],
    strings: &["string", "template_string"],
    value_parents: &[
        ("arguments", None),
        ("array", None),
        ("jsx_expression", None),
        ("object", None),
        ("pair", Some("value")),
        ("variable_declarator", Some("value")),
        ("assignment_expression", Some("right")),
        ("return_statement", None),
        ("parenthesized_expression", None),
    ],
};

const KOTLIN: Grammar = Grammar {
    call: "call_expression",
    identifiers: &["identifier"],
    members: &["navigation_expression", "callable_reference"],
    strings: &["string_literal"],
    value_parents: &[("value_argument", None), ("property_declaration", None), ("assignment", None)],
};

const SWIFT: Grammar = Grammar {
    call: "call_expression",
    identifiers: &["simple_identifier"],
    members: &["navigation_expression"],
    strings: &["line_string_literal"],
    value_parents: &[
        ("value_argument", Some("value")),
        ("property_declaration", Some("value")),
        ("array_literal", None),
        ("assignment", Some("result")),
    ],
};

fn grammar(language: Language, path: &Path) -> (tree_sitter::Language, &'static Grammar) {
    match language {
        Language::Kotlin => (tree_sitter_kotlin_ng::LANGUAGE.into(), &KOTLIN),
        Language::Swift => (tree_sitter_swift::LANGUAGE.into(), &SWIFT),
        _ => {
            // TSX also parses plain JavaScript and JSX; `.ts` needs the TypeScript grammar for
            // `<T>expr` casts.
            let plain_ts = path.extension().is_some_and(|e| e == "ts" || e == "mts" || e == "cts");
            let language = if plain_ts {
                tree_sitter_typescript::LANGUAGE_TYPESCRIPT
            } else {
                tree_sitter_typescript::LANGUAGE_TSX
            };
            (language.into(), &TYPESCRIPT)
        }
    }
}

/// Uses of tracked functions and raw track calls in one file, with a problem when the file
/// has syntax errors (the rest of it is still searched).
pub(super) fn find(
    language: Language,
    text: &str,
    path: &Path,
    tracked: &dyn Fn(&str) -> bool,
) -> (Found, Option<ScanProblem>) {
    let (ts_language, grammar) = grammar(language, path);
    let mut parser = Parser::new();
    if let Err(error) = parser.set_language(&ts_language) {
        let problem = ScanProblem { file: path.to_path_buf(), message: format!("grammar not usable: {error}") };
        return (Found::default(), Some(problem));
    }
    let Some(tree) = parser.parse(text, None) else {
        let problem = ScanProblem { file: path.to_path_buf(), message: "the parser gave up".to_owned() };
        return (Found::default(), Some(problem));
    };
    let root = tree.root_node();
    let problem = root.has_error().then(|| {
        let at = first_error(root).map(|n| n.start_position()).unwrap_or_default();
        ScanProblem {
            file: path.to_path_buf(),
            message: format!(
                "syntax error near {}:{}; the rest of the file was still searched",
                at.row + 1,
                at.column + 1
            ),
        }
    });
    let mut walker = Walker { grammar, language, text, path, tracked, found: Found::default() };
    let mut cursor = root.walk();
    // Depth-first over every node, without recursion (deeply nested code is common in JS).
    loop {
        walker.visit(cursor.node());
        if cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                return (walker.found, problem);
            }
        }
    }
}

fn first_error(node: Node<'_>) -> Option<Node<'_>> {
    if node.is_error() || node.is_missing() {
        return Some(node);
    }
    let mut cursor = node.walk();
    let children: Vec<Node<'_>> = node.children(&mut cursor).collect();
    children.into_iter().filter(|c| c.has_error() || c.is_missing()).find_map(first_error)
}

struct Walker<'a> {
    grammar: &'static Grammar,
    language: Language,
    text: &'a str,
    path: &'a Path,
    tracked: &'a dyn Fn(&str) -> bool,
    found: Found,
}

impl Walker<'_> {
    fn text_of(&self, node: Node<'_>) -> &str {
        self.text.get(node.byte_range()).unwrap_or("")
    }

    fn place(&self, node: Node<'_>) -> SourcePlace {
        let position = node.start_position();
        let line_start = node.start_byte() - position.column;
        let column = self.text.get(line_start..node.start_byte()).map_or(position.column, |s| s.chars().count());
        SourcePlace {
            file: self.path.to_path_buf(),
            line: u32::try_from(position.row + 1).unwrap_or(u32::MAX),
            column: u32::try_from(column + 1).unwrap_or(u32::MAX),
        }
    }

    fn visit(&mut self, node: Node<'_>) {
        let kind = node.kind();
        if kind == self.grammar.call {
            self.call(node);
        } else if self.grammar.members.contains(&kind) {
            if !self.is_callee(node) {
                if let Some(name) = self.member_name(node) {
                    self.record(name, UseKind::Reference);
                }
            }
        } else if self.grammar.identifiers.contains(&kind) && self.is_value(node) {
            self.record(node, UseKind::Reference);
        }
    }

    fn record(&mut self, name: Node<'_>, kind: UseKind) {
        let text = self.text_of(name).trim_matches('`');
        if (self.tracked)(text) {
            self.found.uses.push((text.to_owned(), self.place(name), kind));
        }
    }

    fn call(&mut self, call: Node<'_>) {
        let Some(callee) = self.callee(call) else { return };
        let name = if self.grammar.identifiers.contains(&callee.kind()) {
            Some(callee)
        } else if self.grammar.members.contains(&callee.kind()) {
            self.member_name(callee)
        } else {
            None
        };
        let Some(name) = name else { return };
        self.record(name, UseKind::Call);
        let method = self.text_of(name);
        if RAW_TRACK_METHODS.contains(&method) {
            if let Some(event) = self.first_argument(call).and_then(|a| self.string_value(a)) {
                self.found.raw.push((method.to_owned(), event, self.place(name)));
            }
        }
    }

    fn callee<'t>(&self, call: Node<'t>) -> Option<Node<'t>> {
        match self.language {
            Language::TypeScript => call.child_by_field_name("function"),
            _ => call.named_child(0),
        }
    }

    fn is_callee(&self, node: Node<'_>) -> bool {
        node.parent().is_some_and(|p| p.kind() == self.grammar.call && self.callee(p) == Some(node))
    }

    /// The member name of `a.b` / `a?.b` / `a::b`.
    fn member_name<'t>(&self, member: Node<'t>) -> Option<Node<'t>> {
        match self.language {
            Language::TypeScript => member.child_by_field_name("property"),
            Language::Swift => member.child_by_field_name("suffix")?.child_by_field_name("suffix"),
            _ => {
                let count = member.named_child_count();
                member.named_child(count.checked_sub(1)?).filter(|n| n.kind() == "identifier")
            }
        }
    }

    /// Whether an identifier is a value being passed on, not a declaration or a callee.
    fn is_value(&self, node: Node<'_>) -> bool {
        let Some(parent) = node.parent() else { return false };
        self.grammar.value_parents.iter().any(|(kind, field)| {
            parent.kind() == *kind && field.is_none_or(|f| parent.child_by_field_name(f) == Some(node))
        }) && !self.is_callee(node)
    }

    /// The expression of a call's first argument.
    fn first_argument<'t>(&self, call: Node<'t>) -> Option<Node<'t>> {
        let named = |node: Node<'t>, kind: &str| {
            let mut cursor = node.walk();
            node.named_children(&mut cursor).find(|c| c.kind() == kind)
        };
        match self.language {
            Language::TypeScript => {
                let arguments = call.child_by_field_name("arguments")?;
                let mut cursor = arguments.walk();
                arguments.named_children(&mut cursor).find(|c| c.kind() != "comment")
            }
            Language::Kotlin => {
                let argument = named(named(call, "value_arguments")?, "value_argument")?;
                let count = argument.named_child_count();
                argument.named_child(count.checked_sub(1)?)
            }
            _ => named(named(named(call, "call_suffix")?, "value_arguments")?, "value_argument")?
                .child_by_field_name("value"),
        }
    }

    /// The text of a string literal without interpolation, with simple escapes decoded.
    fn string_value(&self, node: Node<'_>) -> Option<String> {
        if !self.grammar.strings.contains(&node.kind()) {
            return None;
        }
        let mut cursor = node.walk();
        let interpolated = node
            .named_children(&mut cursor)
            .any(|c| matches!(c.kind(), "template_substitution" | "interpolation" | "interpolated_expression"));
        if interpolated {
            return None;
        }
        let raw = self.text_of(node);
        let quote = raw.chars().next()?;
        let inner = raw.trim_start_matches(quote).trim_end_matches(quote);
        Some(unescape(inner))
    }
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calls(language: Language, file: &str, text: &str) -> (Found, Option<ScanProblem>) {
        let tracked = |name: &str| name.strip_prefix("track").is_some_and(|rest| rest.starts_with(char::is_uppercase));
        find(language, text, Path::new(file), &tracked)
    }

    fn names(found: &Found) -> Vec<(String, u32, UseKind)> {
        found.uses.iter().map(|(name, place, kind)| (name.clone(), place.line, *kind)).collect()
    }

    #[test]
    fn typescript_calls_references_and_raw_calls() {
        let text = "const t = tracker;\nt.trackA({});\nthis.x?.trackB(1);\n// tracker.trackC()\n/* trackD() */\nanalytics.track(\"Order Completed\", {});\nimport { trackE } from './a';\nconst f = tracker.trackF;\nbutton(trackG);\nconst s = `tracker.trackH()`;\nanalytics.track(`x ${y}`);\n";
        let (found, problem) = calls(Language::TypeScript, "a.ts", text);
        assert!(problem.is_none());
        assert_eq!(
            names(&found),
            [
                ("trackA".to_owned(), 2, UseKind::Call),
                ("trackB".to_owned(), 3, UseKind::Call),
                ("trackF".to_owned(), 8, UseKind::Reference),
                ("trackG".to_owned(), 9, UseKind::Reference),
            ]
        );
        assert_eq!(found.raw.len(), 1);
        assert_eq!(
            (found.raw[0].0.as_str(), found.raw[0].1.as_str(), found.raw[0].2.line),
            ("track", "Order Completed", 6)
        );
    }

    #[test]
    fn kotlin_and_swift_calls() {
        let kotlin = "fun f() {\n  val t = tracker\n  t.trackA(total = 1.0)\n  a?.trackB()\n  // t.trackC()\n  analytics.track(\"Order Completed\", mapOf())\n  trackD { }\n  val r = tracker::trackE\n  log(\"x ${y}\")\n}\n";
        let (found, problem) = calls(Language::Kotlin, "a.kt", kotlin);
        assert!(problem.is_none());
        let got = names(&found);
        assert!(got.contains(&("trackA".to_owned(), 3, UseKind::Call)), "{got:?}");
        assert!(got.contains(&("trackB".to_owned(), 4, UseKind::Call)), "{got:?}");
        assert!(got.contains(&("trackD".to_owned(), 7, UseKind::Call)), "{got:?}");
        assert!(got.contains(&("trackE".to_owned(), 8, UseKind::Reference)), "{got:?}");
        assert!(!got.iter().any(|(n, ..)| n == "trackC"), "{got:?}");
        assert_eq!(found.raw.iter().map(|r| r.1.as_str()).collect::<Vec<_>>(), ["Order Completed"]);

        let swift = "func f() {\n  let t = tracker\n  t.trackA(total: 1.0)\n  a?.trackB()\n  /* t.trackC() */\n  analytics.track(\"Order Completed\", properties: [:])\n  trackD()\n  let r = tracker.trackE\n}\n";
        let (found, problem) = calls(Language::Swift, "a.swift", swift);
        assert!(problem.is_none());
        let got = names(&found);
        for expected in [
            ("trackA".to_owned(), 3, UseKind::Call),
            ("trackB".to_owned(), 4, UseKind::Call),
            ("trackD".to_owned(), 7, UseKind::Call),
            ("trackE".to_owned(), 8, UseKind::Reference),
        ] {
            assert!(got.contains(&expected), "{expected:?} not in {got:?}");
        }
        assert!(!got.iter().any(|(n, ..)| n == "trackC"), "{got:?}");
        assert_eq!(found.raw.iter().map(|r| r.1.as_str()).collect::<Vec<_>>(), ["Order Completed"]);
    }

    #[test]
    fn syntax_errors_are_reported_and_the_rest_still_searched() {
        let (found, problem) = calls(Language::TypeScript, "a.ts", "const = ;\ntracker.trackA();\n");
        assert!(problem.unwrap().message.contains("syntax error near 1:"));
        assert_eq!(names(&found), [("trackA".to_owned(), 2, UseKind::Call)]);
    }
}
