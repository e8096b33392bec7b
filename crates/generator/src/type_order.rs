//! The order declared types are emitted in when a language initialises them eagerly.

use trackplan_plan_model::model::{NamedKind, Plan, Type, TypeId};

/// Every declared type, each after the object types its properties refer to, so that an
/// eagerly initialised table (Kotlin `object` members) never reads one not yet built. The
/// loader refuses definition cycles, so such an order always exists.
pub(crate) fn dependencies_first(plan: &Plan) -> Vec<TypeId> {
    let mut order = Vec::with_capacity(plan.types.len());
    let mut placed = vec![false; plan.types.len()];
    for named in &plan.types {
        visit(plan, named.id, &mut placed, &mut order);
    }
    order
}

fn visit(plan: &Plan, id: TypeId, placed: &mut [bool], order: &mut Vec<TypeId>) {
    if placed[id.0] {
        return;
    }
    placed[id.0] = true;
    if let NamedKind::Object { properties } = &plan.ty(id).kind {
        for property in properties {
            if let Some(dependency) = referenced_type(&property.ty) {
                visit(plan, dependency, placed, order);
            }
        }
    }
    order.push(id);
}

/// The declared type a value type refers to, looking through arrays.
pub(crate) fn referenced_type(ty: &Type) -> Option<TypeId> {
    match ty {
        Type::Object(id) | Type::Enum(id) => Some(*id),
        Type::Array(array) => referenced_type(&array.items),
        _ => None,
    }
}
