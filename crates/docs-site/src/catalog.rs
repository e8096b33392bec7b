//! Everything a page links to: the file of every event, type and call page, and who refers to
//! each declared type. Built once per site so every page agrees on every link.

use trackplan_plan_model::model::{Call, Definition, NamedKind, Plan, Property, Type, TypeId};

use crate::describe;
use crate::slug::Slugs;

/// The identify, group, page and screen calls, and the global properties.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CallKind {
    /// Properties sent with every track event.
    GlobalProperties,
    /// The identify call.
    Identify,
    /// The group call.
    Group,
    /// The page call.
    Page,
    /// The screen call.
    Screen,
}

impl CallKind {
    pub(crate) const ALL: [CallKind; 5] =
        [CallKind::GlobalProperties, CallKind::Identify, CallKind::Group, CallKind::Page, CallKind::Screen];

    /// The call in the plan, when it defines one.
    pub(crate) fn of(self, plan: &Plan) -> Option<&Call> {
        match self {
            CallKind::GlobalProperties => plan.global_properties.as_ref(),
            CallKind::Identify => plan.identify.as_ref(),
            CallKind::Group => plan.group.as_ref(),
            CallKind::Page => plan.page.as_ref(),
            CallKind::Screen => plan.screen.as_ref(),
        }
    }

    /// Page file, relative to the site root.
    pub(crate) fn file(self) -> &'static str {
        match self {
            CallKind::GlobalProperties => "global-properties.html",
            CallKind::Identify => "identify.html",
            CallKind::Group => "group.html",
            CallKind::Page => "page.html",
            CallKind::Screen => "screen.html",
        }
    }

    /// Heading of its page.
    pub(crate) fn title(self) -> &'static str {
        match self {
            CallKind::GlobalProperties => "Global properties",
            CallKind::Identify => "Identify",
            CallKind::Group => "Group",
            CallKind::Page => "Page",
            CallKind::Screen => "Screen",
        }
    }

    /// What the properties are called for this call.
    pub(crate) fn member_noun(self) -> &'static str {
        match self {
            CallKind::Identify | CallKind::Group => "Traits",
            _ => "Properties",
        }
    }

    /// What the call is, for readers who do not know the analytics vocabulary.
    pub(crate) fn explanation(self) -> &'static str {
        match self {
            CallKind::GlobalProperties => {
                "Sent with every track event. The SDK takes them once, when it starts, and adds them to each event."
            }
            CallKind::Identify => {
                "Ties a user to their actions and records traits about them, usually after sign-up or log-in."
            }
            CallKind::Group => "Associates a user with a group, such as a company, organisation or team account.",
            CallKind::Page => "Records a page view on a website.",
            CallKind::Screen => "Records a screen view in a mobile app.",
        }
    }
}

/// Something that refers to a declared type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum User {
    /// An event, by index in [`Plan::events`].
    Event(usize),
    /// A call.
    Call(CallKind),
    /// Another declared type.
    Type(TypeId),
}

/// The object or enum type declared for a definition itself (not one it refers to).
pub(crate) fn own_type(plan: &Plan, definition: &Definition) -> Option<TypeId> {
    match &definition.ty {
        Type::Object(id) | Type::Enum(id) if plan.ty(*id).definition.as_deref() == Some(definition.name.as_str()) => {
            Some(*id)
        }
        _ => None,
    }
}

/// Links and cross references of one plan's site.
#[derive(Debug)]
pub(crate) struct Catalog<'p> {
    /// The plan.
    pub(crate) plan: &'p Plan,
    /// Page of each event, relative to the site root, parallel to [`Plan::events`].
    event_files: Vec<String>,
    /// Page of each shared definition's type, relative to the site root, parallel to
    /// [`Plan::types`]; inline types are documented where they are declared and have none.
    type_files: Vec<Option<String>>,
    /// HTML id marking where an inline type is shown, parallel to [`Plan::types`].
    type_anchors: Vec<String>,
    /// Who refers to each declared type, parallel to [`Plan::types`], in plan order.
    users: Vec<Vec<User>>,
    /// Page of each shared definition, parallel to [`Plan::definitions`]: its type's page for
    /// an object or enum declared for it, else a page of its own.
    definition_files: Vec<String>,
    /// Properties that refer to each definition (their user and wire name), parallel to
    /// [`Plan::definitions`], in plan order.
    definition_users: Vec<Vec<(User, &'p str)>>,
}

impl<'p> Catalog<'p> {
    /// File names and cross references for `plan`.
    pub(crate) fn new(plan: &'p Plan) -> Self {
        let mut event_slugs = Slugs::default();
        let event_files =
            plan.events.iter().map(|e| format!("events/{}.html", event_slugs.claim(&e.snake_name, "event"))).collect();
        let mut type_slugs = Slugs::default();
        let slugs: Vec<String> =
            plan.types.iter().map(|t| type_slugs.claim(describe::type_title(plan, t.id), "type")).collect();
        let type_files: Vec<Option<String>> = plan
            .types
            .iter()
            .zip(&slugs)
            .map(|(t, slug)| t.definition.as_ref().map(|_| format!("types/{slug}.html")))
            .collect();
        let type_anchors = slugs.iter().map(|slug| format!("type-{slug}")).collect();
        let definition_files = plan
            .definitions
            .iter()
            .map(|definition| match own_type(plan, definition) {
                Some(id) => type_files[id.0].clone().unwrap_or_default(),
                None => format!("types/{}.html", type_slugs.claim(&definition.name, "definition")),
            })
            .collect();
        let mut catalog = Catalog {
            plan,
            event_files,
            type_files,
            type_anchors,
            users: vec![Vec::new(); plan.types.len()],
            definition_files,
            definition_users: vec![Vec::new(); plan.definitions.len()],
        };
        catalog.find_users();
        catalog
    }

    fn find_users(&mut self) {
        let plan = self.plan;
        for kind in CallKind::ALL {
            if let Some(call) = kind.of(plan) {
                self.record(User::Call(kind), &call.properties);
            }
        }
        for (index, event) in plan.events.iter().enumerate() {
            self.record(User::Event(index), &event.properties);
        }
        for ty in &plan.types {
            if let NamedKind::Object { properties } = &ty.kind {
                self.record(User::Type(ty.id), properties);
            }
        }
    }

    fn record(&mut self, user: User, properties: &'p [Property]) {
        for property in properties {
            if let Some(index) = property.definition.as_deref().and_then(|name| self.definition_index(name)) {
                self.definition_users[index].push((user, &property.name));
            }
            if let Some(id) = describe::named_type(&property.ty) {
                let users = &mut self.users[id.0];
                // One user's properties are visited together, so a repeat is always the last.
                if users.last() != Some(&user) {
                    users.push(user);
                }
            }
        }
    }

    fn definition_index(&self, name: &str) -> Option<usize> {
        self.plan.definitions.iter().position(|definition| definition.name == name)
    }

    /// Page of the shared definition with this name, relative to the site root.
    pub(crate) fn definition_file(&self, name: &str) -> Option<&str> {
        self.definition_index(name).map(|index| self.definition_files[index].as_str())
    }

    /// Page of the definition at `index` in [`Plan::definitions`], relative to the site root.
    pub(crate) fn definition_file_at(&self, index: usize) -> &str {
        &self.definition_files[index]
    }

    /// Properties referring to the definition at `index` in [`Plan::definitions`].
    pub(crate) fn definition_users(&self, index: usize) -> &[(User, &'p str)] {
        &self.definition_users[index]
    }

    /// Page of the event at `index` in [`Plan::events`], relative to the site root.
    pub(crate) fn event_file(&self, index: usize) -> &str {
        &self.event_files[index]
    }

    /// Page of a shared definition's type, relative to the site root.
    pub(crate) fn type_file(&self, id: TypeId) -> Option<&str> {
        self.type_files[id.0].as_deref()
    }

    /// HTML id of the place that shows an inline type.
    pub(crate) fn type_anchor(&self, id: TypeId) -> &str {
        &self.type_anchors[id.0]
    }

    /// Where a type is documented, relative to the site root: its own page for a shared
    /// definition, else the page (and place) of the event, call or shared type declaring it.
    pub(crate) fn type_link(&self, id: TypeId) -> Option<String> {
        let mut current = id;
        // Inline types nest at most as deep as the plan; the bound guards against a bad IR.
        for _ in 0..=self.plan.types.len() {
            if let Some(file) = self.type_file(current) {
                return Some(if current == id { file.to_owned() } else { format!("{file}#{}", self.type_anchor(id)) });
            }
            match self.users[current.0].first()? {
                User::Event(index) => return Some(format!("{}#{}", self.event_file(*index), self.type_anchor(id))),
                User::Call(kind) => return Some(format!("{}#{}", kind.file(), self.type_anchor(id))),
                User::Type(parent) => current = *parent,
            }
        }
        None
    }

    /// Who refers to a declared type.
    pub(crate) fn users(&self, id: TypeId) -> &[User] {
        &self.users[id.0]
    }

    /// Name and link (relative to the site root) of a user of a type.
    pub(crate) fn user_link(&self, user: User) -> (&str, String) {
        match user {
            User::Event(index) => (&self.plan.events[index].name, self.event_file(index).to_owned()),
            User::Call(kind) => (kind.title(), kind.file().to_owned()),
            User::Type(id) => (describe::type_title(self.plan, id), self.type_link(id).unwrap_or_default()),
        }
    }
}
