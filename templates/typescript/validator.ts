/** Violations of {{ subject }}; empty when valid. */
const {{ name }}: $.Validate = (v) => ($.begin(v) && {{ checker }}(v), $.end());
