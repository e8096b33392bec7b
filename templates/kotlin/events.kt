{{ common.header }}
package {{ common.package }}
{% for cls in classes %}
{% include "kotlin/data_class.kt" %}
{% endfor -%}
