{{ common.header }}
package {{ common.package }}

import java.math.BigDecimal
import java.time.Instant
import java.util.UUID

/**
 * A JSON value as the SDK builds and sends it. Object members keep their insertion order;
 * numbers print as ECMAScript prints them, so every Trackplan runtime sends the same text.
 */
public sealed class TrackplanJson {
    /** `null`. */
    public object JNull : TrackplanJson()

    /** `true` or `false`. */
    public data class JBool(val value: Boolean) : TrackplanJson()

    /** A whole number. */
    public data class JInteger(val value: Long) : TrackplanJson()

    /** Any other number. */
    public data class JNumber(val value: Double) : TrackplanJson()

    /** A string. */
    public data class JString(val value: String) : TrackplanJson()

    /** An array. */
    public data class JArray(val items: List<TrackplanJson>) : TrackplanJson()

    /** An object; members in insertion order. */
    public data class JObject(val members: Map<String, TrackplanJson>) : TrackplanJson()

    /** Compact JSON text. */
    public fun encode(): String = StringBuilder().also { write(it) }.toString()

    /** The value as plain Kotlin values: `Map<String, Any?>`, `List<Any?>`, `String`, `Long`, `Double`, `Boolean` or null. */
    public fun toPlain(): Any? = when (this) {
        is JNull -> null
        is JBool -> value
        is JInteger -> value
        is JNumber -> value
        is JString -> value
        is JArray -> items.map { it.toPlain() }
        is JObject -> LinkedHashMap<String, Any?>().also { plain -> members.forEach { (key, member) -> plain[key] = member.toPlain() } }
    }

    internal fun write(out: StringBuilder) {
        when (this) {
            is JNull -> out.append("null")
            is JBool -> out.append(if (value) "true" else "false")
            is JInteger -> out.append(value)
            is JNumber -> out.append(formatNumber(value))
            is JString -> quote(value, out)
            is JArray -> {
                out.append('[')
                items.forEachIndexed { index, item ->
                    if (index > 0) out.append(',')
                    item.write(out)
                }
                out.append(']')
            }
            is JObject -> {
                out.append('{')
                var first = true
                for ((key, member) in members) {
                    if (!first) out.append(',')
                    first = false
                    quote(key, out)
                    out.append(':')
                    member.write(out)
                }
                out.append('}')
            }
        }
    }

    public companion object {
        private const val HEX = "0123456789abcdef"

        /** Parses JSON text; throws [IllegalArgumentException] with the offset of the first error. */
        public fun parse(text: String): TrackplanJson = TrackplanJsonParser(text).document()

        /** `text` as a JSON string literal, escaped as serde_json and JSON.stringify escape it. */
        public fun quote(text: String, out: StringBuilder) {
            out.append('"')
            for (c in text) {
                when (c) {
                    '"' -> out.append("\\\"")
                    '\\' -> out.append("\\\\")
                    '\n' -> out.append("\\n")
                    '\r' -> out.append("\\r")
                    '\t' -> out.append("\\t")
                    '\b' -> out.append("\\b")
                    '\u000C' -> out.append("\\f")
                    else -> if (c < ' ') {
                        out.append("\\u00").append(HEX[c.code shr 4]).append(HEX[c.code and 15])
                    } else {
                        out.append(c)
                    }
                }
            }
            out.append('"')
        }

        /** A number as ECMAScript's `String(x)` prints it: `5` not `5.0`, `1e+21`, `1.5e-7`. */
        public fun formatNumber(x: Double): String {
            if (x.isNaN()) return "NaN"
            if (x.isInfinite()) return if (x > 0) "Infinity" else "-Infinity"
            if (x == 0.0) return "0"
            val decimal = BigDecimal(x.toString()).stripTrailingZeros()
            val digits = decimal.unscaledValue().abs().toString()
            val k = digits.length
            val n = k - decimal.scale()
            val sign = if (x < 0) "-" else ""
            val body = when {
                n in k..21 -> digits + "0".repeat(n - k)
                n in 1..21 -> digits.substring(0, n) + "." + digits.substring(n)
                n in -5..0 -> "0." + "0".repeat(-n) + digits
                else -> {
                    val exponent = n - 1
                    val mantissa = if (k == 1) digits else digits.substring(0, 1) + "." + digits.substring(1)
                    mantissa + "e" + (if (exponent < 0) "-" else "+") + kotlin.math.abs(exponent)
                }
            }
            return sign + body
        }
    }
}

/** A recursive-descent JSON parser for [TrackplanJson.parse]. */
private class TrackplanJsonParser(private val text: String) {
    private var at = 0

    fun document(): TrackplanJson {
        val value = value()
        space()
        if (at != text.length) fail("unexpected text after the value")
        return value
    }

    private fun fail(message: String): Nothing = throw IllegalArgumentException("invalid JSON at offset $at: $message")

    private fun space() {
        while (at < text.length && text[at] in " \t\r\n") at++
    }

    private fun expect(word: String) {
        if (!text.startsWith(word, at)) fail("expected `$word`")
        at += word.length
    }

    private fun value(): TrackplanJson {
        space()
        if (at >= text.length) fail("unexpected end")
        return when (text[at]) {
            '{' -> obj()
            '[' -> array()
            '"' -> TrackplanJson.JString(string())
            't' -> { expect("true"); TrackplanJson.JBool(true) }
            'f' -> { expect("false"); TrackplanJson.JBool(false) }
            'n' -> { expect("null"); TrackplanJson.JNull }
            else -> number()
        }
    }

    private fun obj(): TrackplanJson {
        at++
        val members = LinkedHashMap<String, TrackplanJson>()
        space()
        if (at < text.length && text[at] == '}') { at++; return TrackplanJson.JObject(members) }
        while (true) {
            space()
            if (at >= text.length || text[at] != '"') fail("expected a key")
            val key = string()
            space()
            expect(":")
            members[key] = value()
            space()
            if (at >= text.length) fail("unexpected end in an object")
            when (text[at++]) {
                ',' -> continue
                '}' -> return TrackplanJson.JObject(members)
                else -> { at--; fail("expected `,` or `}`") }
            }
        }
    }

    private fun array(): TrackplanJson {
        at++
        val items = ArrayList<TrackplanJson>()
        space()
        if (at < text.length && text[at] == ']') { at++; return TrackplanJson.JArray(items) }
        while (true) {
            items.add(value())
            space()
            if (at >= text.length) fail("unexpected end in an array")
            when (text[at++]) {
                ',' -> continue
                ']' -> return TrackplanJson.JArray(items)
                else -> { at--; fail("expected `,` or `]`") }
            }
        }
    }

    private fun string(): String {
        at++
        val out = StringBuilder()
        while (true) {
            if (at >= text.length) fail("unterminated string")
            val c = text[at++]
            when {
                c == '"' -> return out.toString()
                c == '\\' -> {
                    if (at >= text.length) fail("unterminated escape")
                    when (val e = text[at++]) {
                        '"', '\\', '/' -> out.append(e)
                        'b' -> out.append('\b')
                        'f' -> out.append('\u000C')
                        'n' -> out.append('\n')
                        'r' -> out.append('\r')
                        't' -> out.append('\t')
                        'u' -> {
                            if (at + 4 > text.length) fail("short \\u escape")
                            out.append(text.substring(at, at + 4).toIntOrNull(16)?.toChar() ?: fail("bad \\u escape"))
                            at += 4
                        }
                        else -> fail("bad escape")
                    }
                }
                c < ' ' -> fail("control character in a string")
                else -> out.append(c)
            }
        }
    }

    private fun number(): TrackplanJson {
        val start = at
        while (at < text.length && text[at] in "+-0123456789.eE") at++
        val literal = text.substring(start, at)
        if (literal.isEmpty()) fail("unexpected character")
        val whole = literal.none { it == '.' || it == 'e' || it == 'E' }
        if (whole) literal.toLongOrNull()?.let { return TrackplanJson.JInteger(it) }
        return TrackplanJson.JNumber(literal.toDoubleOrNull() ?: fail("bad number `$literal`"))
    }
}

/** Something the SDK can turn into JSON: generated data classes and enum classes. */
public interface TrackplanEncodable {
    /** The value as it is sent. */
    public fun trackplanJson(): TrackplanJson
}

/** A generated event class. */
public interface TrackplanEvent : TrackplanEncodable {
    /** The event's wire name. */
    public val trackplanEventName: String

    /** The rules its properties must follow. */
    public val trackplanSchema: TrackplanSchema.Obj

    override fun trackplanJson(): TrackplanJson.JObject
}

/**
 * An optional property that may also be sent as an explicit `null`: pass `null` for the
 * parameter to leave the property out, `TrackplanNullable(null)` to send `null`.
 */
public data class TrackplanNullable<out T : Any>(val value: T?)

/** A compiled `pattern`: [source] as written in the plan, matched with java.util.regex. */
public class TrackplanPattern(public val source: String, javaPattern: String) {
    internal val regex: Regex = Regex(javaPattern)
}

/** A `minimum` or `maximum`. */
public class TrackplanBound(public val value: Double, public val exclusive: Boolean, public val expected: String)

/** Allowed values of an integer. */
public class TrackplanAllowed(public val values: List<Long>, public val expected: String)

/** A property of an object schema. */
public class TrackplanProperty(
    public val name: String,
    public val schema: TrackplanSchema,
    public val required: Boolean,
    public val nullable: Boolean,
)

/** The rules of one value, generated from the plan. */
public sealed class TrackplanSchema {
    /** The plan keyword of the type. */
    public abstract val keyword: String

    /** A string. */
    public class Str(
        public val minLength: Long? = null,
        public val maxLength: Long? = null,
        public val pattern: TrackplanPattern? = null,
        public val format: String? = null,
    ) : TrackplanSchema() {
        override val keyword: String get() = "string"
    }

    /** An integer or number. */
    public class Num(
        public val integer: Boolean,
        public val minimum: TrackplanBound? = null,
        public val maximum: TrackplanBound? = null,
        public val allowed: TrackplanAllowed? = null,
    ) : TrackplanSchema() {
        override val keyword: String get() = if (integer) "integer" else "number"
    }

    /** A boolean. */
    public object Bool : TrackplanSchema() {
        override val keyword: String get() = "boolean"
    }

    /** A list. */
    public class Arr(
        public val items: TrackplanSchema,
        public val itemsNullable: Boolean,
        public val minItems: Long? = null,
        public val maxItems: Long? = null,
        public val unique: Boolean = false,
    ) : TrackplanSchema() {
        override val keyword: String get() = "array"
    }

    /** An object. */
    public class Obj(public val properties: List<TrackplanProperty>) : TrackplanSchema() {
        override val keyword: String get() = "object"
    }

    /** A string enum. */
    public class Enumeration(public val values: Set<String>, public val expected: String) : TrackplanSchema() {
        override val keyword: String get() = "string"
    }
}

/**
 * One rule a payload breaks, in the format every Trackplan runtime shares:
 * [path] inside the properties (`products[0].price`, `$` for the object), the plan keyword
 * [rule], and [expected] / [actual] texts.
 */
public data class Violation(val path: String, val rule: String, val expected: String, val actual: String) {
    /** The violation as a JSON object. */
    public fun toJson(): TrackplanJson = TrackplanJson.JObject(
        linkedMapOf(
            "path" to TrackplanJson.JString(path),
            "rule" to TrackplanJson.JString(rule),
            "expected" to TrackplanJson.JString(expected),
            "actual" to TrackplanJson.JString(actual),
        ),
    )
}

/** Checks JSON values against generated schemas, exactly as the reference validator does. */
public object TrackplanValidator {
    /** Every violation of `value` as an object of `schema`. */
    public fun validate(schema: TrackplanSchema.Obj, value: TrackplanJson): List<Violation> {
        val found = ArrayList<Violation>()
        checkObject(schema, value, "", found)
        return found
    }

    private fun add(found: MutableList<Violation>, path: String, rule: String, expected: String, actual: String) {
        found.add(Violation(if (path.isEmpty()) "\$" else path, rule, expected, actual))
    }

    private fun isPlainKey(key: String): Boolean {
        if (key.isEmpty()) return false
        val first = key[0]
        if (!(first in 'a'..'z' || first in 'A'..'Z' || first == '_' || first == '$')) return false
        return key.all { it in 'a'..'z' || it in 'A'..'Z' || it in '0'..'9' || it == '_' || it == '$' }
    }

    private fun key(path: String, key: String): String = when {
        !isPlainKey(key) -> path + "[" + StringBuilder().also { TrackplanJson.quote(key, it) } + "]"
        path.isEmpty() -> key
        else -> "$path.$key"
    }

    private fun typeOf(value: TrackplanJson): String = when (value) {
        is TrackplanJson.JNull -> "null"
        is TrackplanJson.JBool -> "boolean"
        is TrackplanJson.JInteger -> "integer"
        is TrackplanJson.JNumber -> if (isWhole(value.value)) "integer" else "number"
        is TrackplanJson.JString -> "string"
        is TrackplanJson.JArray -> "array"
        is TrackplanJson.JObject -> "object"
    }

    private fun isWhole(x: Double): Boolean = !x.isInfinite() && !x.isNaN() && x == kotlin.math.floor(x)

    private fun checkObject(schema: TrackplanSchema.Obj, value: TrackplanJson, path: String, found: MutableList<Violation>) {
        if (value !is TrackplanJson.JObject) {
            add(found, path, "type", "object", typeOf(value))
            return
        }
        for (property in schema.properties) {
            val member = value.members[property.name]
            val memberPath = key(path, property.name)
            if (member != null) {
                check(property.schema, property.nullable, member, memberPath, found)
            } else if (property.required) {
                add(found, memberPath, "required", "present", "missing")
            }
        }
        for (name in value.members.keys) {
            if (schema.properties.none { it.name == name }) {
                add(found, key(path, name), "additionalProperties", "no undeclared properties", "present")
            }
        }
    }

    private fun check(schema: TrackplanSchema, nullable: Boolean, value: TrackplanJson, path: String, found: MutableList<Violation>) {
        if (value is TrackplanJson.JNull) {
            if (!nullable) add(found, path, "type", schema.keyword, "null")
            return
        }
        val fits = when (schema) {
            is TrackplanSchema.Str, is TrackplanSchema.Enumeration -> value is TrackplanJson.JString
            is TrackplanSchema.Num -> if (schema.integer) typeOf(value) == "integer" else value is TrackplanJson.JInteger || value is TrackplanJson.JNumber
            is TrackplanSchema.Bool -> value is TrackplanJson.JBool
            is TrackplanSchema.Arr -> value is TrackplanJson.JArray
            is TrackplanSchema.Obj -> value is TrackplanJson.JObject
        }
        if (!fits) {
            add(found, path, "type", schema.keyword, typeOf(value))
            return
        }
        when (schema) {
            is TrackplanSchema.Str -> checkString(schema, (value as TrackplanJson.JString).value, value, path, found)
            is TrackplanSchema.Num -> checkNumber(schema, value, path, found)
            is TrackplanSchema.Enumeration -> if ((value as TrackplanJson.JString).value !in schema.values) {
                add(found, path, "enum", schema.expected, value.encode())
            }
            is TrackplanSchema.Arr -> checkArray(schema, value as TrackplanJson.JArray, path, found)
            is TrackplanSchema.Obj -> checkObject(schema, value, path, found)
            is TrackplanSchema.Bool -> {}
        }
    }

    private fun checkString(schema: TrackplanSchema.Str, text: String, value: TrackplanJson, path: String, found: MutableList<Violation>) {
        val length = text.codePointCount(0, text.length).toLong()
        schema.minLength?.let { if (length < it) add(found, path, "minLength", "length >= $it", "length $length") }
        schema.maxLength?.let { if (length > it) add(found, path, "maxLength", "length <= $it", "length $length") }
        schema.pattern?.let { if (!it.regex.containsMatchIn(text)) add(found, path, "pattern", it.source, value.encode()) }
        schema.format?.let { if (!TrackplanFormats.isValid(it, text)) add(found, path, "format", it, value.encode()) }
    }

    private fun checkNumber(schema: TrackplanSchema.Num, value: TrackplanJson, path: String, found: MutableList<Violation>) {
        val x = when (value) {
            is TrackplanJson.JInteger -> value.value.toDouble()
            is TrackplanJson.JNumber -> value.value
            else -> return
        }
        schema.minimum?.let {
            if (!(if (it.exclusive) x > it.value else x >= it.value)) {
                add(found, path, if (it.exclusive) "exclusiveMinimum" else "minimum", it.expected, value.encode())
            }
        }
        schema.maximum?.let {
            if (!(if (it.exclusive) x < it.value else x <= it.value)) {
                add(found, path, if (it.exclusive) "exclusiveMaximum" else "maximum", it.expected, value.encode())
            }
        }
        schema.allowed?.let { allowed ->
            if (allowed.values.none { it.toDouble() == x }) add(found, path, "enum", allowed.expected, value.encode())
        }
    }

    private fun checkArray(schema: TrackplanSchema.Arr, value: TrackplanJson.JArray, path: String, found: MutableList<Violation>) {
        val items = value.items
        val count = items.size.toLong()
        schema.minItems?.let { if (count < it) add(found, path, "minItems", "items >= $it", "items $count") }
        schema.maxItems?.let { if (count > it) add(found, path, "maxItems", "items <= $it", "items $count") }
        if (schema.unique) {
            val repeat = (1 until items.size).firstOrNull { j -> (0 until j).any { i -> jsonEqual(items[i], items[j]) } }
            if (repeat != null) add(found, path, "uniqueItems", "unique items", "duplicate at [$repeat]")
        }
        items.forEachIndexed { index, item -> check(schema.items, schema.itemsNullable, item, "$path[$index]", found) }
    }

    /** Equality as JSON Schema's `uniqueItems` defines it: `1` and `1.0` are equal. */
    private fun jsonEqual(a: TrackplanJson, b: TrackplanJson): Boolean {
        val x = numberOf(a)
        val y = numberOf(b)
        if (x != null || y != null) return x != null && y != null && x == y
        return when {
            a is TrackplanJson.JArray && b is TrackplanJson.JArray ->
                a.items.size == b.items.size && a.items.indices.all { jsonEqual(a.items[it], b.items[it]) }
            a is TrackplanJson.JObject && b is TrackplanJson.JObject ->
                a.members.size == b.members.size && a.members.all { (k, v) -> b.members[k]?.let { jsonEqual(v, it) } ?: false }
            else -> a == b
        }
    }

    private fun numberOf(value: TrackplanJson): Double? = when (value) {
        is TrackplanJson.JInteger -> value.value.toDouble()
        is TrackplanJson.JNumber -> value.value
        else -> null
    }
}

/** The plan's string formats, checked as every Trackplan runtime checks them. */
public object TrackplanFormats {
    /** Whether `text` is a valid value of the format named `format`. */
    public fun isValid(format: String, text: String): Boolean = when (format) {
        "date-time" -> isDateTime(text)
        "date" -> isDate(text)
        "email" -> isEmail(text)
        "uri" -> isUri(text)
        "uuid" -> isUuid(text)
        else -> true
    }

    private fun digits(text: String): Int? =
        if (text.isNotEmpty() && text.all { it in '0'..'9' }) text.toIntOrNull() else null

    private fun isDate(text: String): Boolean {
        if (text.length != 10 || text[4] != '-' || text[7] != '-') return false
        val year = digits(text.substring(0, 4)) ?: return false
        val month = digits(text.substring(5, 7)) ?: return false
        val day = digits(text.substring(8, 10)) ?: return false
        val leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        val days = when (month) {
            1, 3, 5, 7, 8, 10, 12 -> 31
            4, 6, 9, 11 -> 30
            2 -> if (leap) 29 else 28
            else -> return false
        }
        return day in 1..days
    }

    private fun isDateTime(text: String): Boolean {
        if (text.any { it.code > 127 } || text.length < 20 || !isDate(text.substring(0, 10))) return false
        if (text[10] != 'T' && text[10] != 't') return false
        val time = text.substring(11, 19)
        if (time[2] != ':' || time[5] != ':') return false
        val hour = digits(time.substring(0, 2)) ?: return false
        val minute = digits(time.substring(3, 5)) ?: return false
        val second = digits(time.substring(6, 8)) ?: return false
        if (hour > 23 || minute > 59 || second > 60) return false
        var zone = text.substring(19)
        if (zone.startsWith(".")) {
            val fraction = zone.substring(1)
            val end = fraction.takeWhile { it in '0'..'9' }.length
            if (end == 0) return false
            zone = fraction.substring(end)
        }
        if (zone == "Z" || zone == "z") return true
        if (zone.length != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':') return false
        val h = digits(zone.substring(1, 3)) ?: return false
        val m = digits(zone.substring(4, 6)) ?: return false
        return h <= 23 && m <= 59
    }

    /** Unicode White_Space, as Rust's `char::is_whitespace` defines it. */
    private fun isWhiteSpace(c: Char): Boolean =
        c in '\t'..'\r' || c == ' ' || c == '\u0085' || c == '\u00A0' || c == '\u1680' ||
            c in '\u2000'..'\u200A' || c == '\u2028' || c == '\u2029' || c == '\u202F' || c == '\u205F' || c == '\u3000'

    private fun isControl(c: Char): Boolean = c < ' ' || c in '\u007F'..'\u009F'

    private fun isEmail(text: String): Boolean {
        val at = text.indexOf('@')
        if (at < 0) return false
        val local = text.substring(0, at)
        val domain = text.substring(at + 1)
        return local.isNotEmpty() && domain.isNotEmpty() && '@' !in domain &&
            text.none { isWhiteSpace(it) || isControl(it) } &&
            !domain.startsWith(".") && !domain.endsWith(".") && ".." !in domain
    }

    private fun isUri(text: String): Boolean {
        val colon = text.indexOf(':')
        if (colon < 0) return false
        val scheme = text.substring(0, colon)
        val rest = text.substring(colon + 1)
        fun ascii(c: Char) = c in 'a'..'z' || c in 'A'..'Z'
        return scheme.isNotEmpty() && ascii(scheme[0]) &&
            scheme.all { ascii(it) || it in '0'..'9' || it == '+' || it == '-' || it == '.' } &&
            rest.isNotEmpty() &&
            text.none { isWhiteSpace(it) || isControl(it) || it in "<>\"{}|\\^`" }
    }

    private fun isUuid(text: String): Boolean {
        val groups = text.split('-')
        return groups.size == 5 && groups.zip(listOf(8, 4, 4, 4, 12)).all { (group, length) ->
            group.length == length && group.all { it in '0'..'9' || it in 'a'..'f' || it in 'A'..'F' }
        }
    }
}

/** What to do with a payload that breaks the plan. */
public enum class ValidationPolicy {
    /** Do not validate. */
    DISABLED,

    /** Send it anyway and report the violations. */
    TRACK_ON_INVALID,

    /** Drop it and report the violations. */
    SKIP_ON_INVALID,

    /** Throw a [ValidationError] carrying the violations (the default: tests and debug builds). */
    ERROR_ON_INVALID,
}

/** Thrown under [ValidationPolicy.ERROR_ON_INVALID]: what was invalid and why. */
public class ValidationError(public val call: String, public val violations: List<Violation>) :
    RuntimeException("$call breaks the tracking plan: " + violations.joinToString("; ") { "${it.path} ${it.rule} (expected ${it.expected}, got ${it.actual})" })

/** Settings of [Analytics]. */
public class AnalyticsOptions(
    /** What to do with payloads that break the plan. */
    public val policy: ValidationPolicy = ValidationPolicy.ERROR_ON_INVALID,
    /** Called with the call's name and the violations whenever a payload breaks the plan. */
    public val onViolations: ((String, List<Violation>) -> Unit)? = null,
    /** The anonymous id sent until (and after) `identify`. */
    public val anonymousId: String = UUID.randomUUID().toString(),
)

/** One call as delivered to a [Destination]. */
public data class Envelope(
    val kind: Kind,
    /** Event name (track), or screen / page name. */
    val name: String?,
    /** Properties (track, page, screen) or traits (identify, group); global properties merged in for track. */
    val properties: TrackplanJson.JObject,
    val userId: String?,
    val anonymousId: String,
    val groupId: String?,
    /** Unique id of the call; vendors deduplicate by it. */
    val messageId: String,
    /** When the call was made, in milliseconds since the epoch. */
    val timestampMillis: Long,
) {
    /** The kinds of call. */
    public enum class Kind { TRACK, IDENTIFY, GROUP, PAGE, SCREEN }

    /** [timestampMillis] as ISO 8601. */
    val timestamp: String get() = Instant.ofEpochMilli(timestampMillis).toString()
}

/** Where calls go: the built-in HTTP transport, a vendor SDK adapter, or a [RecordingClient]. */
public interface Destination {
    /** Queues or delivers one call. */
    public fun send(envelope: Envelope)

    /** Delivers everything queued. */
    public fun flush() {}
}

/** A [Destination] that keeps every call, for tests. */
public class RecordingClient : Destination {
    private val recorded = ArrayList<Envelope>()

    /** The calls received so far, oldest first. */
    public val envelopes: List<Envelope> get() = synchronized(recorded) { recorded.toList() }

    override fun send(envelope: Envelope) {
        synchronized(recorded) { recorded.add(envelope) }
    }

    /** Forgets every recorded call. */
    public fun clear() {
        synchronized(recorded) { recorded.clear() }
    }
}

/** The plan-independent part of [Analytics]: policies, identity, merging global properties. */
public class TrackplanCore(
    private val destination: Destination,
    private val options: AnalyticsOptions,
    globalProperties: TrackplanJson.JObject?,
    globalsSchema: TrackplanSchema.Obj?,
) {
    private val globals: Map<String, TrackplanJson>
    @Volatile private var userId: String? = null

    init {
        globals = if (globalProperties != null && globalsSchema != null && accept("global properties", globalsSchema, globalProperties)) {
            globalProperties.members
        } else {
            emptyMap()
        }
    }

    private fun accept(call: String, schema: TrackplanSchema.Obj, json: TrackplanJson.JObject): Boolean {
        if (options.policy == ValidationPolicy.DISABLED) return true
        val violations = TrackplanValidator.validate(schema, json)
        if (violations.isEmpty()) return true
        options.onViolations?.invoke(call, violations)
        return when (options.policy) {
            ValidationPolicy.DISABLED, ValidationPolicy.TRACK_ON_INVALID -> true
            ValidationPolicy.SKIP_ON_INVALID -> false
            ValidationPolicy.ERROR_ON_INVALID -> throw ValidationError(call, violations)
        }
    }

    private fun deliver(kind: Envelope.Kind, name: String?, properties: TrackplanJson.JObject, groupId: String?) {
        destination.send(
            Envelope(kind, name, properties, userId, options.anonymousId, groupId, UUID.randomUUID().toString(), System.currentTimeMillis()),
        )
    }

    /** Validates and sends a track call, global properties merged in. */
    public fun track(event: TrackplanEvent) {
        val json = event.trackplanJson()
        if (!accept(event.trackplanEventName, event.trackplanSchema, json)) return
        deliver(Envelope.Kind.TRACK, event.trackplanEventName, TrackplanJson.JObject(json.members + globals), null)
    }

    /** Validates and sends an identify call; later calls carry `userId`. */
    public fun identify(userId: String, traits: TrackplanJson.JObject, schema: TrackplanSchema.Obj?) {
        if (schema != null && !accept("identify", schema, traits)) return
        this.userId = userId
        deliver(Envelope.Kind.IDENTIFY, null, traits, null)
    }

    /** Validates and sends a group call. */
    public fun group(groupId: String, traits: TrackplanJson.JObject, schema: TrackplanSchema.Obj?) {
        if (schema != null && !accept("group", schema, traits)) return
        deliver(Envelope.Kind.GROUP, null, traits, groupId)
    }

    /** Validates and sends a page or screen call. */
    public fun view(kind: Envelope.Kind, name: String, properties: TrackplanJson.JObject, schema: TrackplanSchema.Obj?) {
        if (schema != null && !accept(kind.name.lowercase(), schema, properties)) return
        deliver(kind, name, properties, null)
    }

    /** Delivers everything the destination queued. */
    public fun flush() {
        destination.flush()
    }
}
