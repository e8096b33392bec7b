/** Violations of {{ subject }}, sorted as found; empty when valid. */
export function {{ name }}(properties: unknown): $.Violation[] {
  const o: $.Violation[] = [];
  $.O(properties, o, "", "", 1, {{ checker }});
  return o;
}
