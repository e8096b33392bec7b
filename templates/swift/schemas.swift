{{ header }}
import Foundation

/// The validation schema of every type, event and call of the plan.
enum TrackplanSchemas {
{%- for (name, kind, expression) in schemas %}
    static let {{ name }}: {{ kind }} = {{ expression }}
{%- endfor %}

    /// Event schemas by wire name.
    static let events: [String: TrackplanObjectSchema] = [
{%- for (literal, name) in events %}
        {{ literal }}: TrackplanSchemas.{{ name }},
{%- endfor %}
{%- if events.is_empty() %}:{% endif %}
    ]
}
