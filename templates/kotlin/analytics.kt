{{ common.header }}
package {{ common.package }}

/**
 * The tracking SDK of this plan: one function per event, typed identify, group, page and
 * screen calls. Every payload is checked against the plan under [AnalyticsOptions.policy]
 * before it reaches the [Destination].
 */
public class Analytics(
    destination: Destination,
{%- if let Some(globals) = analytics.globals %}
    /** Sent with every track call; validated once, here. */
    globalProperties: {{ globals.type_name }},
{%- endif %}
    options: AnalyticsOptions = AnalyticsOptions(),
) {
{%- if let Some(globals) = analytics.globals %}
    private val trackplanCore = TrackplanCore(destination, options, globalProperties.trackplanJson(), {{ globals.schema_ref }})
{%- else %}
    private val trackplanCore = TrackplanCore(destination, options, null, null)
{%- endif %}

    /** Validates and sends any generated event. */
    public fun track(event: TrackplanEvent) {
        trackplanCore.track(event)
    }
{% for f in analytics.events %}
{{ f.doc }}
{%- if let Some(message) = f.deprecated %}    @Deprecated({{ message }})
{% endif %}    public fun {{ f.function }}(
{%- for param in f.params %}
        {{ param }},
{%- endfor %}
    ) {
        trackplanCore.track({{ f.class_name }}({% for arg in f.args %}{{ arg }}{% if !loop.last %}, {% endif %}{% endfor %}))
    }
{% endfor %}
{%- if let Some(call) = analytics.identify %}
    /** Identifies the user; later calls carry `userId`. */
    public fun identify(userId: String, traits: {{ call.type_name }}) {
        trackplanCore.identify(userId, traits.trackplanJson(), {{ call.schema_ref }})
    }
{%- else %}
    /** Identifies the user; later calls carry `userId`. */
    public fun identify(userId: String) {
        trackplanCore.identify(userId, TrackplanJson.JObject(emptyMap()), null)
    }
{%- endif %}
{% if let Some(call) = analytics.group %}
    /** Associates the user with a group. */
    public fun group(groupId: String, traits: {{ call.type_name }}) {
        trackplanCore.group(groupId, traits.trackplanJson(), {{ call.schema_ref }})
    }
{%- else %}
    /** Associates the user with a group. */
    public fun group(groupId: String) {
        trackplanCore.group(groupId, TrackplanJson.JObject(emptyMap()), null)
    }
{%- endif %}
{% if let Some(call) = analytics.page %}
    /** Records a page view. */
    public fun page(name: String, properties: {{ call.type_name }}) {
        trackplanCore.view(Envelope.Kind.PAGE, name, properties.trackplanJson(), {{ call.schema_ref }})
    }
{%- else %}
    /** Records a page view. */
    public fun page(name: String) {
        trackplanCore.view(Envelope.Kind.PAGE, name, TrackplanJson.JObject(emptyMap()), null)
    }
{%- endif %}
{% if let Some(call) = analytics.screen %}
    /** Records a screen view. */
    public fun screen(name: String, properties: {{ call.type_name }}) {
        trackplanCore.view(Envelope.Kind.SCREEN, name, properties.trackplanJson(), {{ call.schema_ref }})
    }
{%- else %}
    /** Records a screen view. */
    public fun screen(name: String) {
        trackplanCore.view(Envelope.Kind.SCREEN, name, TrackplanJson.JObject(emptyMap()), null)
    }
{%- endif %}

    /** Delivers everything the destination has queued. */
    public fun flush() {
        trackplanCore.flush()
    }

    public companion object {
        /** The violations of `properties` as the event named `event`, or null when the plan has no such event. */
        public fun validate(event: String, properties: TrackplanJson): List<Violation>? =
            TrackplanSchemaIndex.event(event)?.let { TrackplanValidator.validate(it, properties) }
{%- if let Some(globals) = analytics.globals %}

        /** The violations of `properties` as the plan's global properties. */
        public fun validateGlobalProperties(properties: TrackplanJson): List<Violation> =
            TrackplanValidator.validate({{ globals.schema_ref }}, properties)
{%- endif %}
    }
}
