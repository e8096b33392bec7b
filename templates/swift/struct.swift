{{ st.doc }}public struct {{ st.name }}: Codable, Sendable, Equatable, {% if st.event_literal.is_some() %}TrackplanEvent{% else %}TrackplanEncodable{% endif %} {
{%- for field in st.fields %}
{{ field.doc }}    public var {{ field.name }}: {{ field.ty }}
{%- endfor %}
{%- if let Some(literal) = st.event_literal %}

    /// The event's name on the wire.
    public var trackplanEventName: String { {{ literal }} }

    /// The rules the event's properties follow.
    public var trackplanSchema: TrackplanObjectSchema { {{ st.schema_ref }} }
{%- endif %}

    /// Creates the value; optional properties may be left out.
    public init({% for field in st.fields %}{{ field.param }}{% if !loop.last %}, {% endif %}{% endfor %}) {
{%- for field in st.fields %}
        self.{{ field.name }} = {{ field.name }}
{%- endfor %}
    }

    /// The value as it is sent.
    public func trackplanJSON() -> TrackplanJSON {
{%- if st.fields.is_empty() %}
        return TrackplanJSON.object(TrackplanObject())
{%- else %}
        var trackplanMembers = TrackplanObject()
{%- for field in st.fields %}
        {{ field.to_json }}
{%- endfor %}
        return TrackplanJSON.object(trackplanMembers)
{%- endif %}
    }
{%- if !st.fields.is_empty() %}

    enum CodingKeys: String, CodingKey {
{%- for field in st.fields %}
        case {{ field.key }}
{%- endfor %}
    }
{%- if st.custom_codable %}

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
{%- for field in st.fields %}
        {{ field.decode }}
{%- endfor %}
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
{%- for field in st.fields %}
        {{ field.encode }}
{%- endfor %}
    }
{%- endif %}
{%- endif %}
}
