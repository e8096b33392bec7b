//! Property tables: a list of properties flattened into rows, nested object properties
//! following their parent with a longer path (`products[].price`), so one table shows all a
//! payload may hold.

use trackplan_plan_model::json_path::Segment;
use trackplan_plan_model::model::{NamedKind, Property, TypeId};

use crate::catalog::Catalog;
use crate::describe::{self, Rule};
use crate::slug::Slugs;

/// One row of a property table.
#[derive(Debug, Clone)]
pub(crate) struct PropertyRow<'p> {
    /// Path of the parent object, shown before the name (`products[].`); empty at the top.
    pub(crate) parent: String,
    /// The parent path cut after each `.`, where a narrow column may break the line.
    pub(crate) parent_parts: Vec<String>,
    /// Wire name of the property.
    pub(crate) name: &'p str,
    /// HTML id of the row, unique on its page.
    pub(crate) anchor: String,
    /// Nesting level, 0 at the top.
    pub(crate) depth: usize,
    /// Words before the type's name (`array of `), empty for a plain type.
    pub(crate) type_prefix: String,
    /// The type's name (`Product`, `string`).
    pub(crate) type_name: String,
    /// Page of the shared type it refers to, relative to the site root.
    pub(crate) type_file: Option<String>,
    /// Generated name of the inline object or enum type it declares.
    pub(crate) inline_type: Option<&'p str>,
    /// HTML id marking that inline type, the first time the page shows it.
    pub(crate) type_anchor: Option<String>,
    /// `object`, `enum`, `array` or the scalar keyword.
    pub(crate) type_kind: &'static str,
    /// Must be present.
    pub(crate) required: bool,
    /// May be null.
    pub(crate) nullable: bool,
    /// Personally identifiable information.
    pub(crate) pii: bool,
    /// Constraints.
    pub(crate) rules: Vec<Rule>,
    /// Allowed values of an enum.
    pub(crate) enum_values: Vec<String>,
    /// Example values as compact JSON.
    pub(crate) examples: Vec<String>,
    /// Documented default as compact JSON.
    pub(crate) default: Option<String>,
    /// Description.
    pub(crate) description: Option<&'p str>,
    /// Property group it comes from.
    pub(crate) group: Option<String>,
    /// The shared definition it refers to, when the type column does not already link it (a
    /// plain-value definition such as a currency pattern).
    pub(crate) definition: Option<DefinitionLink<'p>>,
}

/// A link to a shared definition's page.
#[derive(Debug, Clone)]
pub(crate) struct DefinitionLink<'p> {
    /// Its name under `definitions`.
    pub(crate) name: &'p str,
    /// Its page, relative to the site root.
    pub(crate) file: String,
}

/// Rows for `properties` and, under each object-valued property, its object's properties.
pub(crate) fn property_rows<'p>(catalog: &Catalog<'p>, properties: &'p [Property]) -> Vec<PropertyRow<'p>> {
    let mut builder =
        RowBuilder { catalog, rows: Vec::new(), anchors: Slugs::default(), open: Vec::new(), shown: Vec::new() };
    builder.push(properties, "", 0);
    builder.rows
}

struct RowBuilder<'c, 'p> {
    catalog: &'c Catalog<'p>,
    rows: Vec<PropertyRow<'p>>,
    /// Row ids handed out on this page.
    anchors: Slugs,
    /// Object types being expanded, outermost first.
    open: Vec<TypeId>,
    /// Inline types already marked with their id on this page.
    shown: Vec<TypeId>,
}

impl<'p> RowBuilder<'_, 'p> {
    fn push(&mut self, properties: &'p [Property], parent: &str, depth: usize) {
        let catalog = self.catalog;
        let plan = catalog.plan;
        for property in properties {
            let path = format!("{parent}{}", property.name);
            let named = describe::named_type(&property.ty);
            let inline = named.filter(|&id| catalog.type_file(id).is_none());
            let type_anchor = inline.filter(|id| !self.shown.contains(id)).map(|id| {
                self.shown.push(id);
                catalog.type_anchor(id).to_owned()
            });
            let innermost = describe::innermost(&property.ty);
            let type_file = named.and_then(|id| catalog.type_file(id)).map(str::to_owned);
            let definition = property.definition.as_deref().and_then(|name| {
                let file = catalog.definition_file(name)?;
                (type_file.as_deref() != Some(file)).then(|| DefinitionLink { name, file: file.to_owned() })
            });
            self.rows.push(PropertyRow {
                parent: parent.to_owned(),
                parent_parts: parent.split_inclusive('.').map(str::to_owned).collect(),
                name: &property.name,
                anchor: format!("p-{}", self.anchors.claim(&path, "property")),
                depth,
                type_prefix: describe::array_prefix(&property.ty),
                // An inline type is known by what it holds; its generated name comes second.
                type_name: match inline {
                    Some(_) => innermost.keyword().to_owned(),
                    None => describe::type_label(plan, innermost),
                },
                inline_type: inline.map(|id| plan.ty(id).name.rust.as_str()),
                type_file,
                type_anchor,
                type_kind: describe::type_kind(innermost),
                required: property.required,
                nullable: property.nullable,
                pii: property.pii,
                rules: describe::rules(&property.ty),
                enum_values: describe::enum_values(plan, &property.ty).into_iter().map(str::to_owned).collect(),
                examples: property.examples.iter().map(describe::compact_json).collect(),
                default: property.default.as_ref().map(describe::compact_json),
                description: property.description.as_deref(),
                group: if depth == 0 { group_of(property) } else { None },
                definition,
            });
            // Plans cannot declare recursive types, but a guard keeps a bad IR from looping.
            if let Some((id, suffix)) = describe::object_inside(&property.ty) {
                if let (NamedKind::Object { properties: nested }, false) = (&plan.ty(id).kind, self.open.contains(&id))
                {
                    self.open.push(id);
                    self.push(nested, &format!("{path}{suffix}."), depth + 1);
                    self.open.pop();
                }
            }
        }
    }
}

/// The property group a mixed-in property comes from: its location is inside
/// `propertyGroups.<name>`.
fn group_of(property: &Property) -> Option<String> {
    match property.location.path.segments().as_slice() {
        [Segment::Key(section), Segment::Key(name), ..] if section == "propertyGroups" => Some(name.clone()),
        _ => None,
    }
}
