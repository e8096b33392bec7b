{{ common.header }}
package {{ common.package }}

/**
 * Delivers through the Mixpanel Android SDK (`com.mixpanel.android:mixpanel-android`),
 * which batches and retries itself. Add this file only to apps that depend on that SDK.
 */
public class TrackplanMixpanelDestination(
    private val mixpanel: com.mixpanel.android.mpmetrics.MixpanelAPI,
    /** Mixpanel group key that `group` calls set. */
    private val groupKey: String = "group_id",
) : Destination {
    override fun send(envelope: Envelope) {
        @Suppress("UNCHECKED_CAST")
        val properties = envelope.properties.toPlain() as Map<String, Any?>
        when (envelope.kind) {
            Envelope.Kind.TRACK -> mixpanel.trackMap(envelope.name ?: "", properties)
            Envelope.Kind.IDENTIFY -> {
                envelope.userId?.let { mixpanel.identify(it) }
                mixpanel.getPeople().setMap(properties)
            }
            Envelope.Kind.GROUP -> mixpanel.setGroup(groupKey, envelope.groupId ?: "")
            Envelope.Kind.SCREEN -> mixpanel.trackMap("Screen Viewed", mapOf("name" to envelope.name) + properties)
            Envelope.Kind.PAGE -> mixpanel.trackMap("Page Viewed", mapOf("name" to envelope.name) + properties)
        }
    }

    override fun flush() {
        mixpanel.flush()
    }
}
