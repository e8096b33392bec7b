{{ header }}
import Foundation
{% for e in enums %}
{{ e.doc }}public enum {{ e.name }}: String, Codable, Sendable, CaseIterable {
{%- for case in e.cases %}
    case {{ case }}
{%- endfor %}
}
{% endfor %}
{%- for st in structs %}
{% include "swift/struct.swift" %}
{% endfor -%}
