{{ cls.doc }}{% if cls.fields.is_empty() -%}
public class {{ cls.name }} : {% if cls.event_literal.is_some() %}TrackplanEvent{% else %}TrackplanEncodable{% endif %} {
{%- else -%}
public data class {{ cls.name }}(
{%- for field in cls.fields %}
{{ field.doc }}    val {{ field.param }},
{%- endfor %}
) : {% if cls.event_literal.is_some() %}TrackplanEvent{% else %}TrackplanEncodable{% endif %} {
{%- endif %}
{%- if let Some(literal) = cls.event_literal %}
    override val trackplanEventName: String get() = {{ literal }}

    override val trackplanSchema: TrackplanSchema.Obj get() = {{ cls.schema_ref }}
{% endif %}
    override fun trackplanJson(): TrackplanJson.JObject {
        val trackplanMembers = LinkedHashMap<String, TrackplanJson>()
{%- for field in cls.fields %}
        {{ field.encode }}
{%- endfor %}
        return TrackplanJson.JObject(trackplanMembers)
    }
{%- if cls.fields.is_empty() %}

    override fun equals(other: Any?): Boolean = other is {{ cls.name }}

    override fun hashCode(): Int = {{ cls.name }}::class.hashCode()
{%- endif %}
}
