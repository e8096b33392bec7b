{{ common.header }}
package {{ common.package }}

/**
 * Delivers through Amplitude's Kotlin SDK (`com.amplitude:analytics-android`, or the JVM
 * `com.amplitude.core.Amplitude`), which batches and retries itself. Add this file only to
 * apps that depend on that SDK.
 */
public class TrackplanAmplitudeDestination(
    private val amplitude: com.amplitude.core.Amplitude,
    /** Amplitude group type that `group` calls set. */
    private val groupType: String = "group",
) : Destination {
    override fun send(envelope: Envelope) {
        @Suppress("UNCHECKED_CAST")
        val properties = envelope.properties.toPlain() as Map<String, Any?>
        when (envelope.kind) {
            Envelope.Kind.TRACK -> amplitude.track(envelope.name ?: "", properties)
            Envelope.Kind.IDENTIFY -> {
                amplitude.setUserId(envelope.userId)
                amplitude.identify(properties)
            }
            Envelope.Kind.GROUP -> {
                amplitude.setGroup(groupType, envelope.groupId ?: "")
                amplitude.groupIdentify(groupType, envelope.groupId ?: "", properties)
            }
            Envelope.Kind.SCREEN -> amplitude.track("[Amplitude] Screen Viewed", mapOf("[Amplitude] Screen Name" to envelope.name) + properties)
            Envelope.Kind.PAGE -> amplitude.track("[Amplitude] Page Viewed", mapOf("[Amplitude] Page Name" to envelope.name) + properties)
        }
    }

    override fun flush() {
        amplitude.flush()
    }
}
