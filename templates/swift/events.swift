{{ header }}
import Foundation
{% for st in structs %}
{% include "swift/struct.swift" %}
{% endfor -%}
