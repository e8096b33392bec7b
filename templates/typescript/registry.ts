/** Every event's validator by wire name, for payloads that arrive as data. */
export const validators: ReadonlyMap<string, (properties: unknown) => readonly $.Violation[]> = /* @__PURE__ */ new Map([
{% for (wire, validate) in entries %}  [{{ wire }}, {{ validate }}],
{% endfor %}]);
