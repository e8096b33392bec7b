{{ header }}
import Foundation

/// The tracking SDK of this plan: one function per event, typed identify, group, page and
/// screen calls. Every payload is checked against the plan under `AnalyticsOptions.policy`
/// before it reaches the ``Destination``.
public final class Analytics: @unchecked Sendable {
    private let trackplanCore: TrackplanCore

    /// Creates the SDK. Throws ``ValidationError`` when the global properties break the plan
    /// under `.errorOnInvalid`.
{%- if let Some(globals) = analytics.globals %}
    public init(destination: Destination, globalProperties: {{ globals.type_name }}, options: AnalyticsOptions = AnalyticsOptions()) throws {
        trackplanCore = try TrackplanCore(destination: destination, options: options, globals: globalProperties.trackplanJSON(), globalsSchema: {{ globals.schema_ref }})
    }
{%- else %}
    public init(destination: Destination, options: AnalyticsOptions = AnalyticsOptions()) throws {
        trackplanCore = try TrackplanCore(destination: destination, options: options, globals: nil, globalsSchema: nil)
    }
{%- endif %}

    /// Validates and sends any generated event.
    public func track(_ event: some TrackplanEvent) throws {
        try trackplanCore.track(event)
    }
{% for f in analytics.events %}
{{ f.doc }}
{%- if let Some(message) = f.deprecated %}    @available(*, deprecated, message: {{ message }})
{% endif %}    public func {{ f.function }}({% for param in f.params %}{{ param }}{% if !loop.last %}, {% endif %}{% endfor %}) throws {
        try trackplanCore.track({{ f.type_name }}({% for arg in f.args %}{{ arg }}{% if !loop.last %}, {% endif %}{% endfor %}))
    }
{% endfor %}
    /// Identifies the user; later calls carry `userId`.
{%- if let Some(call) = analytics.identify %}
    public func identify(userId: String, traits: {{ call.type_name }}) throws {
        try trackplanCore.identify(userId: userId, traits: traits.trackplanJSON(), schema: {{ call.schema_ref }})
    }
{%- else %}
    public func identify(userId: String) throws {
        try trackplanCore.identify(userId: userId, traits: TrackplanJSON.object(TrackplanObject()), schema: nil)
    }
{%- endif %}

    /// Associates the user with a group.
{%- if let Some(call) = analytics.group %}
    public func group(groupId: String, traits: {{ call.type_name }}) throws {
        try trackplanCore.group(groupId: groupId, traits: traits.trackplanJSON(), schema: {{ call.schema_ref }})
    }
{%- else %}
    public func group(groupId: String) throws {
        try trackplanCore.group(groupId: groupId, traits: TrackplanJSON.object(TrackplanObject()), schema: nil)
    }
{%- endif %}

    /// Records a page view.
{%- if let Some(call) = analytics.page %}
    public func page(name: String, properties: {{ call.type_name }}) throws {
        try trackplanCore.view(kind: .page, name: name, properties: properties.trackplanJSON(), schema: {{ call.schema_ref }})
    }
{%- else %}
    public func page(name: String) throws {
        try trackplanCore.view(kind: .page, name: name, properties: TrackplanJSON.object(TrackplanObject()), schema: nil)
    }
{%- endif %}

    /// Records a screen view.
{%- if let Some(call) = analytics.screen %}
    public func screen(name: String, properties: {{ call.type_name }}) throws {
        try trackplanCore.view(kind: .screen, name: name, properties: properties.trackplanJSON(), schema: {{ call.schema_ref }})
    }
{%- else %}
    public func screen(name: String) throws {
        try trackplanCore.view(kind: .screen, name: name, properties: TrackplanJSON.object(TrackplanObject()), schema: nil)
    }
{%- endif %}

    /// Delivers everything the destination has queued.
    public func flush() {
        trackplanCore.flush()
    }

    /// The violations of `properties` as the event named `event`, or nil when the plan has no such event.
    public static func validate(event: String, properties: TrackplanJSON) -> [Violation]? {
        TrackplanSchemas.events[event].map { TrackplanValidator.validate($0, properties) }
    }
{%- if let Some(globals) = analytics.globals %}

    /// The violations of `properties` as the plan's global properties.
    public static func validateGlobalProperties(_ properties: TrackplanJSON) -> [Violation] {
        TrackplanValidator.validate({{ globals.schema_ref }}, properties)
    }
{%- endif %}
}
