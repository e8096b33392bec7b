/** Every event's validator by wire name, for payloads that arrive as data. */
export const validators: ReadonlyMap<string, $.Validate> = /* @__PURE__ */ $.validators([
{% for (wire, check) in entries %}  [{{ wire }}, {{ check }}],
{% endfor %}]);
