//! Spreadsheets: one row per event-property pair. Event cells are either repeated on every
//! row of the event or left blank on its continuation rows; both work, and an event whose
//! rows are scattered is merged. Columns are recognised by header (case and surrounding
//! space ignored) through a [`ColumnMap`]: a vendor template's, or one given column by column.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

use serde_json::Value;
use trackplan_plan_model::raw::{EventSpec, PlanFile, PropertySpec, PropertyType};

use super::{ImportError, Imported};
use crate::report::Report;
use crate::value_type;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// The event's wire name (blank on continuation rows).
    EventName,
    /// What the event means.
    EventDescription,
    /// The event's category.
    EventCategory,
    /// Sources or platforms, comma separated.
    Sources,
    /// Owners, comma separated.
    Owners,
    /// Event tags, comma separated.
    Tags,
    /// The property's wire name (blank on an event-only row).
    PropertyName,
    /// What the property holds.
    PropertyDescription,
    /// The value type ("string", "int", "float", "bool", "list", "object", "date"…).
    PropertyType,
    /// Whether the property is required (yes/no, true/false, required/optional).
    Required,
    /// Whether the property is a list of the value type.
    Array,
    /// Allowed values, comma or line separated.
    Enum,
    /// Regular expression string values must match.
    Regex,
    /// Sample values, comma separated; kept as examples.
    Examples,
    /// A column deliberately left out.
    Ignore,
}

impl Field {
    /// Every field with its `--map` name.
    pub const NAMES: [(&'static str, Field); 15] = [
        ("event", Field::EventName),
        ("event-description", Field::EventDescription),
        ("category", Field::EventCategory),
        ("sources", Field::Sources),
        ("owners", Field::Owners),
        ("tags", Field::Tags),
        ("property", Field::PropertyName),
        ("property-description", Field::PropertyDescription),
        ("type", Field::PropertyType),
        ("required", Field::Required),
        ("array", Field::Array),
        ("enum", Field::Enum),
        ("regex", Field::Regex),
        ("examples", Field::Examples),
        ("ignore", Field::Ignore),
    ];
}

impl FromStr for Field {
    type Err = String;

    fn from_str(text: &str) -> Result<Field, String> {
        Field::NAMES.iter().find(|(name, _)| *name == text).map(|(_, field)| *field).ok_or_else(|| {
            let names: Vec<&str> = Field::NAMES.iter().map(|(name, _)| *name).collect();
            format!("unknown field {text:?}; expected one of {}", names.join(", "))
        })
    }
}

/// Spreadsheet templates of the tools teams plan in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// Avo's tracking plan template (and its CSV export).
    Avo,
    /// Amplitude's tracking plan template.
    Amplitude,
    /// Mixpanel's tracking plan template.
    Mixpanel,
}

impl Template {
    /// Header → field, as the template names its columns.
    pub fn columns(self) -> &'static [(&'static str, Field)] {
        match self {
            Template::Avo => &[
                ("Event Name", Field::EventName),
                ("Event Description", Field::EventDescription),
                ("Event Category", Field::EventCategory),
                ("Sources", Field::Sources),
                ("Property Name", Field::PropertyName),
                ("Property Description", Field::PropertyDescription),
                ("Property Value Type", Field::PropertyType),
                ("Is Property Required?", Field::Required),
                ("Is Property Array?", Field::Array),
                ("Property Enumeration Options", Field::Enum),
                ("Owner", Field::Owners),
                ("Event Tags", Field::Tags),
                ("Property Regex", Field::Regex),
            ],
            Template::Amplitude => &[
                ("Event Name", Field::EventName),
                ("Trigger + Event Description", Field::EventDescription),
                ("Event Category", Field::EventCategory),
                ("Platform", Field::Sources),
                ("Property Name", Field::PropertyName),
                ("Property Description", Field::PropertyDescription),
                ("Property Type", Field::PropertyType),
                ("Sample Values", Field::Examples),
            ],
            Template::Mixpanel => &[
                ("Event Name", Field::EventName),
                ("Event Definition", Field::EventDescription),
                ("Platform", Field::Sources),
                ("Property Name", Field::PropertyName),
                ("Property Definition", Field::PropertyDescription),
                ("Data Type", Field::PropertyType),
                ("Sample Values", Field::Examples),
            ],
        }
    }
}

/// Which column holds which field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMap {
    columns: Vec<(String, Field)>,
}

impl ColumnMap {
    /// A template's columns.
    pub fn template(template: Template) -> ColumnMap {
        ColumnMap { columns: template.columns().iter().map(|(header, field)| ((*header).to_owned(), *field)).collect() }
    }

    /// Columns given one by one (`--map "Event=event"`).
    pub fn custom(columns: impl IntoIterator<Item = (String, Field)>) -> ColumnMap {
        ColumnMap { columns: columns.into_iter().collect() }
    }

    fn field(&self, header: &str) -> Option<Field> {
        let wanted = normalize(header);
        self.columns.iter().find(|(name, _)| normalize(name) == wanted).map(|(_, field)| *field)
    }
}

impl fmt::Display for ColumnMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.columns.iter().map(|(name, _)| name.as_str()).collect();
        write!(f, "{}", names.join(", "))
    }
}

fn normalize(header: &str) -> String {
    header.trim().trim_start_matches('\u{feff}').trim().to_lowercase()
}

pub(super) fn import(path: &Path, columns: &ColumnMap) -> Result<Imported, ImportError> {
    let bytes = std::fs::read(path).map_err(|source| ImportError::Read { path: path.to_path_buf(), source })?;
    let file = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes.as_slice());
    let format_error = |message: String| ImportError::Format { path: path.to_path_buf(), message };
    let headers =
        reader.headers().map_err(|error| format_error(format!("cannot read the header row: {error}")))?.clone();
    let mut sheet =
        Sheet { file, fields: Vec::new(), report: Report::default(), plan: PlanFile::default(), seen: HashMap::new() };
    for header in &headers {
        let field = columns.field(header);
        if field.is_none() && !header.trim().is_empty() {
            sheet.report.unmapped(
                format!("{}:row 1", sheet.file),
                format!("column {:?} is not mapped to a field; its cells are ignored", header.trim()),
            );
        }
        sheet.fields.push(field);
    }
    for required in [Field::EventName] {
        if !sheet.fields.contains(&Some(required)) {
            return Err(format_error(format!(
                "no event name column: the header row has {:?}, the mapping expects {columns}",
                headers.iter().map(str::trim).collect::<Vec<_>>()
            )));
        }
    }
    let mut current: Option<usize> = None;
    // Rows as a spreadsheet numbers them: the header is row 1.
    for (row, record) in (2u64..).zip(reader.records()) {
        let record = record.map_err(|error| format_error(format!("malformed CSV at row {row}: {error}")))?;
        current = sheet.row(&record, row, current);
    }
    let Sheet { plan, report, .. } = sheet;
    Ok(Imported { plan, report })
}

struct Sheet {
    file: String,
    fields: Vec<Option<Field>>,
    report: Report,
    plan: PlanFile,
    /// Row where each (event, property) pair was first read.
    seen: HashMap<(usize, String), u64>,
}

impl Sheet {
    fn cell<'r>(&self, record: &'r csv::StringRecord, field: Field) -> &'r str {
        self.fields.iter().position(|f| *f == Some(field)).and_then(|i| record.get(i)).map_or("", str::trim)
    }

    fn place(&self, line: u64) -> String {
        format!("{}:row {line}", self.file)
    }

    /// Reads one row; returns the index of the event it belongs to.
    fn row(&mut self, record: &csv::StringRecord, line: u64, current: Option<usize>) -> Option<usize> {
        if record.iter().all(|cell| cell.trim().is_empty()) {
            return current;
        }
        let name = self.cell(record, Field::EventName);
        let index = if name.is_empty() {
            let Some(index) = current else {
                self.report.unmapped(self.place(line), "row without an event name and no event above it; skipped");
                return None;
            };
            index
        } else {
            match self.plan.events.iter().position(|event| event.name == name) {
                Some(index) => index,
                None => {
                    self.plan.events.push(new_event(name));
                    self.plan.events.len() - 1
                }
            }
        };
        self.event_cells(record, line, index);
        self.property_cells(record, line, index);
        Some(index)
    }

    fn event_cells(&mut self, record: &csv::StringRecord, line: u64, index: usize) {
        let description = self.cell(record, Field::EventDescription);
        let category = self.cell(record, Field::EventCategory);
        let lists = [
            (Field::Sources, split_list(self.cell(record, Field::Sources))),
            (Field::Owners, split_list(self.cell(record, Field::Owners))),
            (Field::Tags, split_list(self.cell(record, Field::Tags))),
        ];
        let place = self.place(line);
        let event = &mut self.plan.events[index];
        for (label, cell, slot) in
            [("description", description, &mut event.description), ("category", category, &mut event.category)]
        {
            if cell.is_empty() {
                continue;
            }
            match slot {
                None => *slot = Some(cell.to_owned()),
                Some(kept) if kept != cell => self.report.warn(
                    place.clone(),
                    format!(
                        "event {:?}: {label} {cell:?} differs from the one read earlier; kept the first",
                        event.name
                    ),
                ),
                Some(_) => {}
            }
        }
        for (field, values) in lists {
            let slot = match field {
                Field::Sources => &mut event.sources,
                Field::Owners => &mut event.owners,
                _ => &mut event.tags,
            };
            for value in values {
                if !slot.contains(&value) {
                    slot.push(value);
                }
            }
        }
    }

    fn property_cells(&mut self, record: &csv::StringRecord, line: u64, index: usize) {
        let name = self.cell(record, Field::PropertyName);
        let property_fields = [
            Field::PropertyDescription,
            Field::PropertyType,
            Field::Required,
            Field::Array,
            Field::Enum,
            Field::Regex,
            Field::Examples,
        ];
        if name.is_empty() {
            if property_fields.iter().any(|field| !self.cell(record, *field).is_empty()) {
                self.report.unmapped(self.place(line), "property cells filled but no property name; skipped");
            }
            return;
        }
        let spec = self.property(record, line, name);
        let event = &mut self.plan.events[index];
        let key = (index, name.to_owned());
        match event.properties.get(name) {
            Some(kept) if *kept == spec => {
                let first = self.seen.get(&key).copied().unwrap_or(0);
                self.report.warn(
                    format!("{}:row {line}", self.file),
                    format!("duplicate of row {first} ({:?} on {:?}); merged", name, event.name),
                );
            }
            Some(_) => {
                let first = self.seen.get(&key).copied().unwrap_or(0);
                self.report.unmapped(
                    format!("{}:row {line}", self.file),
                    format!("{:?} on {:?} conflicts with row {first}; kept row {first}", name, event.name),
                );
            }
            None => {
                event.properties.insert(name.to_owned(), spec);
                self.seen.insert(key, line);
            }
        }
    }

    fn property(&mut self, record: &csv::StringRecord, line: u64, name: &str) -> PropertySpec {
        let place = self.place(line);
        let type_cell = self.cell(record, Field::PropertyType);
        let cell_type = if type_cell.is_empty() {
            if self.fields.contains(&Some(Field::PropertyType)) {
                self.report.warn(place.clone(), format!("property {name:?} has no type; read as string"));
            }
            None
        } else {
            let parsed = value_type::parse(type_cell);
            if parsed.is_none() {
                self.report
                    .warn(place.clone(), format!("property {name:?}: unknown type {type_cell:?}; read as string"));
            }
            parsed
        };
        let (ty, format, listed) = cell_type.map_or((PropertyType::String, None, false), |t| (t.ty, t.format, t.array));
        let array = listed || self.flag(record, Field::Array, &place, name).unwrap_or(false);
        let mut value = PropertySpec { ty: Some(ty), format, ..PropertySpec::default() };
        if ty == PropertyType::Object {
            self.report.warn(
                place.clone(),
                format!("property {name:?} is an object; its nested properties are not in the sheet"),
            );
            value.properties = Some(Default::default());
        }
        if ty == PropertyType::Array {
            value.items = Some(Box::new(PropertySpec { ty: Some(PropertyType::String), ..PropertySpec::default() }));
            self.report.warn(
                place.clone(),
                format!("property {name:?} is a list of unknown elements; read as a list of strings"),
            );
        }
        let regex = self.cell(record, Field::Regex);
        if !regex.is_empty() {
            if ty == PropertyType::String {
                value.pattern = Some(regex.to_owned());
            } else {
                self.report.unmapped(
                    place.clone(),
                    format!("property {name:?}: a regex applies to strings, not {}", ty.as_str()),
                );
            }
        }
        let options = split_values(self.cell(record, Field::Enum));
        if !options.is_empty() {
            value.allowed = self.typed_values(&options, ty, &place, name, "enumeration option");
        }
        let samples = split_list(self.cell(record, Field::Examples));
        let mut examples = self.typed_values(&samples, ty, &place, name, "sample value").unwrap_or_default();
        if let Some(allowed) = &value.allowed {
            examples.retain(|example| allowed.contains(example));
        }
        if let Some(pattern) = &value.pattern {
            let compiled = regex::Regex::new(pattern).ok();
            examples
                .retain(|example| compiled.as_ref().zip(example.as_str()).is_some_and(|(re, text)| re.is_match(text)));
        }
        let description = self.cell(record, Field::PropertyDescription);
        let mut spec = if array {
            let mut list =
                PropertySpec { ty: Some(PropertyType::Array), items: Some(Box::new(value)), ..PropertySpec::default() };
            if !examples.is_empty() {
                list.examples = vec![Value::Array(examples)];
            }
            list
        } else {
            value.examples = examples;
            value
        };
        if !description.is_empty() {
            spec.description = Some(description.to_owned());
        }
        if self.flag(record, Field::Required, &place, name) == Some(true) {
            spec.required = Some(true);
        }
        spec
    }

    /// A yes/no cell; `None` when empty or unreadable (reported).
    fn flag(&mut self, record: &csv::StringRecord, field: Field, place: &str, name: &str) -> Option<bool> {
        let cell = self.cell(record, field).to_ascii_lowercase();
        match cell.as_str() {
            "" => None,
            "yes" | "y" | "true" | "1" | "required" | "x" => Some(true),
            "no" | "n" | "false" | "0" | "optional" => Some(false),
            _ => {
                self.report.warn(place, format!("property {name:?}: {cell:?} is not yes or no; read as no"));
                None
            }
        }
    }

    /// Cell values converted to the property's type; unreadable ones are reported and left out.
    fn typed_values(
        &mut self,
        cells: &[String],
        ty: PropertyType,
        place: &str,
        name: &str,
        what: &str,
    ) -> Option<Vec<Value>> {
        let mut values = Vec::new();
        for cell in cells {
            let value = match ty {
                PropertyType::String => Some(Value::String(cell.clone())),
                PropertyType::Integer => cell.parse::<i64>().ok().map(Value::from),
                PropertyType::Number => {
                    cell.parse::<f64>().ok().and_then(serde_json::Number::from_f64).map(Value::Number)
                }
                PropertyType::Boolean => cell.parse::<bool>().ok().map(Value::Bool),
                PropertyType::Array | PropertyType::Object => None,
            };
            match value {
                Some(value) if !values.contains(&value) => values.push(value),
                Some(_) => {}
                None => self
                    .report
                    .warn(place, format!("property {name:?}: {what} {cell:?} is not a {}; left out", ty.as_str())),
            }
        }
        (!values.is_empty()).then_some(values)
    }
}

fn new_event(name: &str) -> EventSpec {
    EventSpec {
        name: name.to_owned(),
        identifier: None,
        description: None,
        owners: Vec::new(),
        category: None,
        tags: Vec::new(),
        sources: Vec::new(),
        priority: None,
        version: "1-0-0".to_owned(),
        status: Default::default(),
        deprecation: None,
        destinations: None,
        property_groups: Vec::new(),
        properties: Default::default(),
        examples: Vec::new(),
        history: Vec::new(),
    }
}

/// A comma-separated cell.
fn split_list(cell: &str) -> Vec<String> {
    cell.split(',').map(str::trim).filter(|part| !part.is_empty()).map(str::to_owned).collect()
}

/// Enumeration options: one per line when the cell has line breaks, else comma separated.
fn split_values(cell: &str) -> Vec<String> {
    let separator = if cell.contains('\n') { '\n' } else { ',' };
    cell.split(separator).map(str::trim).filter(|part| !part.is_empty()).map(str::to_owned).collect()
}
