{% if fields.is_empty() %}{{ doc }}export type {{ name }} = Record<string, never>;
{% else %}{{ doc }}export interface {{ name }} {
{% for field in fields %}{{ field.doc }}  readonly {{ field.key }}{{ field.optional }}: {{ field.label }};
{% endfor %}}
{% endif %}
