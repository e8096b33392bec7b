{{ common.header }}
package {{ common.package }}
{% for e in enums %}
{{ e.doc }}public enum class {{ e.name }}(public val wireValue: String) {
{%- for variant in e.variants %}
    {{ variant }},
{%- endfor %}
    ;

    public companion object {
        /** The value with this wire value, or null. */
        public fun fromWireValue(wireValue: String): {{ e.name }}? = entries.firstOrNull { it.wireValue == wireValue }
    }
}
{% endfor %}
{%- for cls in classes %}
{% include "kotlin/data_class.kt" %}
{% endfor -%}
