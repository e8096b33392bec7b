{{ common.header }}
package {{ common.package }}

/** Finds the schema of an event by its wire name. */
internal object TrackplanSchemaIndex {
    /** The schema of the event named `name`, or null when the plan has no such event. */
    fun event(name: String): TrackplanSchema.Obj? =
{%- if chunks.is_empty() %} null{% endif %}
{%- for chunk in chunks %}
        TrackplanSchemas{{ chunk.index }}.events[name]{% if !loop.last %} ?:{% endif %}
{%- endfor %}
}
{% for chunk in chunks %}
internal object TrackplanSchemas{{ chunk.index }} {
{%- for (name, kind, expression) in chunk.values %}
    val {{ name }}: {{ kind }} = {{ expression }}
{%- endfor %}

    val events: Map<String, TrackplanSchema.Obj> = mapOf(
{%- for (literal, name) in chunk.events %}
        {{ literal }} to {{ name }},
{%- endfor %}
    )
}
{% endfor -%}
