{{ common.header }}
package {{ common.package }}

import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * Delivers through Segment's analytics-kotlin SDK (`com.segment.analytics-kotlin:android`),
 * which batches, retries and adds device context itself. Add this file only to apps that
 * depend on that SDK.
 */
public class TrackplanSegmentDestination(
    private val segment: com.segment.analytics.kotlin.core.Analytics,
) : Destination {
    override fun send(envelope: Envelope) {
        val properties = toJsonObject(envelope.properties)
        when (envelope.kind) {
            Envelope.Kind.TRACK -> segment.track(envelope.name ?: "", properties)
            Envelope.Kind.IDENTIFY -> segment.identify(envelope.userId ?: envelope.anonymousId, properties)
            Envelope.Kind.GROUP -> segment.group(envelope.groupId ?: "", properties)
            Envelope.Kind.SCREEN, Envelope.Kind.PAGE -> segment.screen(envelope.name ?: "", properties)
        }
    }

    override fun flush() {
        segment.flush()
    }

    private fun toJsonObject(value: TrackplanJson.JObject): JsonObject =
        JsonObject(value.members.mapValues { (_, member) -> toElement(member) })

    private fun toElement(value: TrackplanJson): JsonElement = when (value) {
        is TrackplanJson.JNull -> JsonNull
        is TrackplanJson.JBool -> JsonPrimitive(value.value)
        is TrackplanJson.JInteger -> JsonPrimitive(value.value)
        is TrackplanJson.JNumber -> JsonPrimitive(value.value)
        is TrackplanJson.JString -> JsonPrimitive(value.value)
        is TrackplanJson.JArray -> JsonArray(value.items.map { toElement(it) })
        is TrackplanJson.JObject -> toJsonObject(value)
    }
}
