//! The `Analytics` facade: one method per event, plus the plan's identify, group, page and
//! screen calls, over a runtime `Client` and the global properties.

use proc_macro2::TokenStream;
use quote::quote;
use trackplan_plan_model::model::{Plan, Status};

use super::docs::{Doc, inline};
use super::types::ident;

/// The facade struct and its methods.
pub fn analytics(plan: &Plan) -> TokenStream {
    let mut doc = Doc::default();
    doc.line(format!("Tracks the events of the plan “{}” {}.", inline(&plan.name), plan.version));
    doc.paragraph()
        .line("Every method validates the message (per the client's policy), serializes it once and hands it");
    doc.line("to the client's destinations.");
    let doc = doc.tokens();

    let (constructor, globals_field) = match &plan.global_properties {
        Some(globals) => {
            let globals_type = ident(&globals.type_name.rust);
            let doc = Doc::default()
                .line("Tracks through `client`, merging `global_properties` into every event; they are")
                .line("validated and serialized once, here.")
                .tokens();
            (
                quote! {
                    #doc
                    pub fn new(
                        client: ::trackplan_runtime::Client,
                        global_properties: #globals_type,
                    ) -> Result<Self, ::trackplan_runtime::TrackError> {
                        let globals = client.globals(&global_properties)?;
                        Ok(Self { client, globals })
                    }
                },
                quote!(globals: ::trackplan_runtime::Globals,),
            )
        }
        None => {
            let doc = Doc::default().line("Tracks through `client`.").tokens();
            (
                quote! {
                    #doc
                    pub fn new(client: ::trackplan_runtime::Client) -> Self {
                        Self { client }
                    }
                },
                quote!(),
            )
        }
    };
    let globals = if plan.global_properties.is_some() {
        quote!(&self.globals)
    } else {
        quote!(&::trackplan_runtime::Globals::none())
    };

    let events = plan.events.iter().map(|event| {
        let method = ident(&event.function_name.rust);
        let ty = ident(&event.type_name.rust);
        let mut doc = Doc::default();
        doc.line(format!("Tracks “{}” (version {}).", inline(&event.name), event.version));
        if let Some(description) = &event.description {
            doc.paragraph().text(description);
        }
        let deprecated = match (&event.status, &event.deprecation) {
            (Status::Deprecated, note) => {
                let note = note.as_deref().map(inline).unwrap_or_else(|| "deprecated in the tracking plan".to_owned());
                quote!(#[deprecated(note = #note)])
            }
            _ => quote!(),
        };
        let doc = doc.tokens();
        quote! {
            #doc
            #deprecated
            pub fn #method(&self, user: &::trackplan_runtime::User, event: #ty) -> Result<(), ::trackplan_runtime::TrackError> {
                self.client.track(user, &event, #globals)
            }
        }
    });

    let calls = [("identify", &plan.identify), ("group", &plan.group), ("page", &plan.page), ("screen", &plan.screen)];
    let calls = calls.into_iter().filter_map(|(name, call)| call.as_ref().map(|call| (name, call))).map(|(name, call)| {
        let method = ident(name);
        let ty = ident(&call.type_name.rust);
        let mut doc = Doc::default();
        doc.line(format!("The {name} call."));
        if let Some(description) = &call.description {
            doc.paragraph().text(description);
        }
        let doc = doc.tokens();
        if name == "group" {
            quote! {
                #doc
                pub fn #method(&self, user: &::trackplan_runtime::User, group_id: &str, traits: #ty) -> Result<(), ::trackplan_runtime::TrackError> {
                    self.client.call(user, Some(group_id), &traits)
                }
            }
        } else {
            quote! {
                #doc
                pub fn #method(&self, user: &::trackplan_runtime::User, message: #ty) -> Result<(), ::trackplan_runtime::TrackError> {
                    self.client.call(user, None, &message)
                }
            }
        }
    });

    quote! {
        #doc
        #[derive(Debug, Clone)]
        pub struct Analytics {
            client: ::trackplan_runtime::Client,
            #globals_field
        }

        impl Analytics {
            #constructor

            /// The client messages go through.
            pub fn client(&self) -> &::trackplan_runtime::Client {
                &self.client
            }

            #(#events)*
            #(#calls)*
        }
    }
}
