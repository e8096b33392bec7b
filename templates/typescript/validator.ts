/** Violations of {{ subject }}; empty when valid. */
const {{ name }}: $.Validate = /* @__PURE__ */ $.V({{ checker }});
