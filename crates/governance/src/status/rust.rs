//! Rust sources, parsed with syn: method calls, function calls and paths naming a generated
//! track function, including inside macro invocations whose arguments parse as expressions.

use std::path::Path;

use proc_macro2::Span;
use syn::punctuated::Punctuated;
use syn::visit::Visit;
use syn::{Expr, ExprLit, Lit, Token};

use super::{Found, RAW_TRACK_METHODS, ScanProblem, SourcePlace, UseKind};

/// Uses of tracked functions (`tracked(name)`) and raw track calls in one Rust file.
pub(super) fn find(text: &str, path: &Path, tracked: &dyn Fn(&str) -> bool) -> Result<Found, ScanProblem> {
    let file = syn::parse_file(text).map_err(|error| {
        let at = error.span().start();
        ScanProblem {
            file: path.to_path_buf(),
            message: format!("{}:{}: {error}; the file was skipped", at.line, at.column + 1),
        }
    })?;
    let mut finder = Finder { path, tracked, found: Found::default() };
    finder.visit_file(&file);
    Ok(finder.found)
}

struct Finder<'a> {
    path: &'a Path,
    tracked: &'a dyn Fn(&str) -> bool,
    found: Found,
}

impl Finder<'_> {
    fn place(&self, span: Span) -> SourcePlace {
        let start = span.start();
        SourcePlace {
            file: self.path.to_path_buf(),
            line: u32::try_from(start.line).unwrap_or(u32::MAX),
            column: u32::try_from(start.column + 1).unwrap_or(u32::MAX),
        }
    }

    fn name(&mut self, ident: &syn::Ident, kind: UseKind) {
        let name = ident.to_string();
        let name = name.trim_start_matches("r#");
        if (self.tracked)(name) {
            self.found.uses.push((name.to_owned(), self.place(ident.span()), kind));
        }
    }

    fn raw(&mut self, ident: &syn::Ident, first: Option<&Expr>) {
        let method = ident.to_string();
        if !RAW_TRACK_METHODS.contains(&method.as_str()) {
            return;
        }
        if let Some(event) = first.and_then(string_literal) {
            self.found.raw.push((method, event, self.place(ident.span())));
        }
    }
}

/// A string literal, possibly wrapped in `.to_string()`, `.into()`, `.to_owned()` or
/// `String::from(…)`.
fn string_literal(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Lit(ExprLit { lit: Lit::Str(text), .. }) => Some(text.value()),
        Expr::Reference(reference) => string_literal(&reference.expr),
        Expr::Paren(paren) => string_literal(&paren.expr),
        Expr::MethodCall(call) if call.args.is_empty() => {
            let method = call.method.to_string();
            matches!(method.as_str(), "to_string" | "into" | "to_owned")
                .then(|| string_literal(&call.receiver))
                .flatten()
        }
        Expr::Call(call) if call.args.len() == 1 => match call.func.as_ref() {
            Expr::Path(path) if path.path.segments.last().is_some_and(|s| s.ident == "from") => {
                string_literal(&call.args[0])
            }
            _ => None,
        },
        _ => None,
    }
}

impl<'ast> Visit<'ast> for Finder<'_> {
    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        self.name(&call.method, UseKind::Call);
        self.raw(&call.method, call.args.first());
        syn::visit::visit_expr_method_call(self, call);
    }

    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        match call.func.as_ref() {
            Expr::Path(path) => {
                if let Some(last) = path.path.segments.last() {
                    self.name(&last.ident, UseKind::Call);
                    self.raw(&last.ident, call.args.first());
                }
                // The callee path is not visited again as a reference.
                for argument in &call.args {
                    self.visit_expr(argument);
                }
            }
            _ => syn::visit::visit_expr_call(self, call),
        }
    }

    fn visit_expr_path(&mut self, path: &'ast syn::ExprPath) {
        if let Some(last) = path.path.segments.last() {
            self.name(&last.ident, UseKind::Reference);
        }
        syn::visit::visit_expr_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        // `format!`, `assert!`, `vec!`, `tokio::join!`… take expressions; others may take
        // statements. Macros with their own syntax are left alone.
        if let Ok(arguments) = mac.parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated) {
            for argument in &arguments {
                self.visit_expr(argument);
            }
        } else if let Ok(statements) = mac.parse_body_with(syn::Block::parse_within) {
            for statement in &statements {
                self.visit_stmt(statement);
            }
        }
    }
}
