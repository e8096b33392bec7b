{{ common.header }}
package {{ common.package }}

import java.io.IOException
import java.net.HttpURLConnection
import java.net.URI
import java.util.Base64
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/**
 * The built-in transport: batches calls and posts them with HttpURLConnection to Segment's
 * HTTP Tracking API (`/v1/batch`), Amplitude's HTTP V2 API (`/2/httpapi`) or Mixpanel's
 * `/import` and `/engage`. Network work runs on one background thread. Calls that could not
 * be delivered after [maxAttempts] stay queued for the next flush; a batch the vendor refuses
 * as invalid (a 4xx other than 408 and 429) is dropped and reported to [onError].
 */
public class TrackplanHttpDestination(
    public val vendor: Vendor,
    /** Segment write key, Amplitude API key or Mixpanel project token. */
    private val key: String,
    private val baseUrl: String = vendor.defaultBaseUrl,
    private val batchSize: Int = 20,
    private val maxAttempts: Int = 3,
    private val retryDelayMillis: Long = 500,
    private val onError: ((String) -> Unit)? = null,
) : Destination, AutoCloseable {
    /** The vendor APIs the transport speaks. */
    public enum class Vendor(public val defaultBaseUrl: String) {
        SEGMENT("https://api.segment.io"),
        AMPLITUDE("https://api2.amplitude.com"),
        MIXPANEL("https://api.mixpanel.com"),
    }

    private val lock = Any()
    private val queue = ArrayDeque<Envelope>()
    private val worker = Executors.newSingleThreadExecutor { task -> Thread(task, "trackplan-http").apply { isDaemon = true } }

    /** Calls waiting to be delivered. */
    public val pending: Int get() = synchronized(lock) { queue.size }

    override fun send(envelope: Envelope) {
        val full = synchronized(lock) {
            queue.addLast(envelope)
            queue.size >= batchSize
        }
        // After close() the calls stay queued (see [pending]) instead of failing the caller.
        if (full && !worker.isShutdown) worker.execute { drain() }
    }

    /** Delivers everything queued and waits for it. */
    override fun flush() {
        worker.submit { drain() }.get()
    }

    /** Flushes, then stops the background thread. */
    override fun close() {
        flush()
        worker.shutdown()
        worker.awaitTermination(30, TimeUnit.SECONDS)
    }

    private fun drain() {
        while (true) {
            val batch = synchronized(lock) {
                val first = queue.firstOrNull() ?: return
                queue.asSequence().take(batchSize).takeWhile { endpoint(it) == endpoint(first) }.toList()
            }
            if (!deliver(batch)) return
            synchronized(lock) { repeat(batch.size) { queue.removeFirst() } }
        }
    }

    /** Mixpanel takes profile updates on `/engage`, events on `/import`. */
    private fun endpoint(envelope: Envelope): String = when {
        vendor == Vendor.SEGMENT -> "/v1/batch"
        vendor == Vendor.AMPLITUDE -> "/2/httpapi"
        envelope.kind == Envelope.Kind.IDENTIFY || envelope.kind == Envelope.Kind.GROUP -> "/engage"
        else -> "/import?strict=1"
    }

    /** True when the batch is done with (delivered, or refused for good). */
    private fun deliver(batch: List<Envelope>): Boolean {
        val path = endpoint(batch[0])
        val body = when (vendor) {
            Vendor.SEGMENT -> obj("batch" to TrackplanJson.JArray(batch.map(::segment)))
            Vendor.AMPLITUDE -> obj("api_key" to TrackplanJson.JString(key), "events" to TrackplanJson.JArray(batch.map(::amplitude)))
            Vendor.MIXPANEL -> TrackplanJson.JArray(batch.map { if (path == "/engage") engage(it) else mixpanel(it) })
        }.encode().toByteArray(Charsets.UTF_8)
        var attempt = 1
        while (true) {
            val status = try {
                post(path, body)
            } catch (error: IOException) {
                -1
            }
            when {
                status in 200..299 -> return true
                status == -1 || status == 408 || status == 429 || status >= 500 -> {
                    if (attempt >= maxAttempts) {
                        onError?.invoke("$vendor: batch of ${batch.size} not delivered after $attempt attempts (last status $status); kept for the next flush")
                        return false
                    }
                    Thread.sleep(retryDelayMillis shl (attempt - 1))
                    attempt++
                }
                else -> {
                    onError?.invoke("$vendor refused a batch of ${batch.size} with HTTP $status; dropped")
                    return true
                }
            }
        }
    }

    private fun post(path: String, body: ByteArray): Int {
        val connection = URI(baseUrl.trimEnd('/') + path).toURL().openConnection() as HttpURLConnection
        try {
            connection.requestMethod = "POST"
            connection.doOutput = true
            connection.connectTimeout = 10_000
            connection.readTimeout = 15_000
            connection.setRequestProperty("Content-Type", "application/json")
            if (vendor != Vendor.AMPLITUDE) {
                val credentials = Base64.getEncoder().encodeToString("$key:".toByteArray(Charsets.UTF_8))
                connection.setRequestProperty("Authorization", "Basic $credentials")
            }
            connection.outputStream.use { it.write(body) }
            val status = connection.responseCode
            (if (status >= 400) connection.errorStream else connection.inputStream)?.use { it.readBytes() }
            return status
        } finally {
            connection.disconnect()
        }
    }

    private fun obj(vararg members: Pair<String, TrackplanJson?>): TrackplanJson.JObject {
        val map = LinkedHashMap<String, TrackplanJson>()
        for ((name, value) in members) if (value != null) map[name] = value
        return TrackplanJson.JObject(map)
    }

    private fun text(value: String?): TrackplanJson? = value?.let { TrackplanJson.JString(it) }

    private fun segment(e: Envelope): TrackplanJson {
        val isTraits = e.kind == Envelope.Kind.IDENTIFY || e.kind == Envelope.Kind.GROUP
        return obj(
            "type" to TrackplanJson.JString(e.kind.name.lowercase()),
            "messageId" to TrackplanJson.JString(e.messageId),
            "timestamp" to TrackplanJson.JString(e.timestamp),
            "anonymousId" to TrackplanJson.JString(e.anonymousId),
            "userId" to text(e.userId),
            "event" to text(e.name.takeIf { e.kind == Envelope.Kind.TRACK }),
            "name" to text(e.name.takeIf { e.kind == Envelope.Kind.PAGE || e.kind == Envelope.Kind.SCREEN }),
            "groupId" to text(e.groupId),
            (if (isTraits) "traits" else "properties") to e.properties,
            "context" to obj("library" to obj("name" to TrackplanJson.JString("trackplan-kotlin"), "version" to TrackplanJson.JString("1"))),
        )
    }

    private fun amplitude(e: Envelope): TrackplanJson {
        val set = obj("\$set" to e.properties)
        return obj(
            "event_type" to TrackplanJson.JString(
                when (e.kind) {
                    Envelope.Kind.TRACK -> e.name ?: ""
                    Envelope.Kind.IDENTIFY -> "\$identify"
                    Envelope.Kind.GROUP -> "\$groupidentify"
                    Envelope.Kind.SCREEN -> "[Amplitude] Screen Viewed"
                    Envelope.Kind.PAGE -> "[Amplitude] Page Viewed"
                },
            ),
            "user_id" to text(e.userId),
            "device_id" to TrackplanJson.JString(e.anonymousId),
            "time" to TrackplanJson.JInteger(e.timestampMillis),
            "insert_id" to TrackplanJson.JString(e.messageId),
            "event_properties" to when (e.kind) {
                Envelope.Kind.TRACK -> e.properties
                Envelope.Kind.SCREEN -> TrackplanJson.JObject(mapOf("[Amplitude] Screen Name" to TrackplanJson.JString(e.name ?: "")) + e.properties.members)
                Envelope.Kind.PAGE -> TrackplanJson.JObject(mapOf("[Amplitude] Page Name" to TrackplanJson.JString(e.name ?: "")) + e.properties.members)
                else -> null
            },
            "user_properties" to set.takeIf { e.kind == Envelope.Kind.IDENTIFY },
            "groups" to e.groupId?.let { obj("group" to TrackplanJson.JString(it)) },
            "group_properties" to set.takeIf { e.kind == Envelope.Kind.GROUP },
        )
    }

    private fun mixpanel(e: Envelope): TrackplanJson {
        val name = when (e.kind) {
            Envelope.Kind.SCREEN -> "Screen Viewed"
            Envelope.Kind.PAGE -> "Page Viewed"
            else -> e.name ?: ""
        }
        val properties = LinkedHashMap<String, TrackplanJson>(e.properties.members)
        if (e.kind == Envelope.Kind.SCREEN || e.kind == Envelope.Kind.PAGE) properties["name"] = TrackplanJson.JString(e.name ?: "")
        properties["time"] = TrackplanJson.JInteger(e.timestampMillis)
        properties["distinct_id"] = TrackplanJson.JString(e.userId ?: e.anonymousId)
        properties["\$insert_id"] = TrackplanJson.JString(e.messageId)
        return obj("event" to TrackplanJson.JString(name), "properties" to TrackplanJson.JObject(properties))
    }

    private fun engage(e: Envelope): TrackplanJson = obj(
        "\$token" to TrackplanJson.JString(key),
        "\$distinct_id" to TrackplanJson.JString(e.userId ?: e.anonymousId),
        if (e.kind == Envelope.Kind.GROUP) {
            "\$union" to obj("group_id" to TrackplanJson.JArray(listOf(TrackplanJson.JString(e.groupId ?: ""))))
        } else {
            "\$set" to e.properties
        },
    )
}
