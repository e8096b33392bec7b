// Stub of the kotlinx.serialization.json element types (public constructors and factories).
package kotlinx.serialization.json

sealed class JsonElement

class JsonObject(private val content: Map<String, JsonElement>) : JsonElement(), Map<String, JsonElement> by content

class JsonArray(private val content: List<JsonElement>) : JsonElement(), List<JsonElement> by content

sealed class JsonPrimitive : JsonElement() {
    abstract val content: String
}

object JsonNull : JsonPrimitive() {
    override val content: String get() = "null"
}

private class JsonLiteral(override val content: String) : JsonPrimitive()

fun JsonPrimitive(value: Boolean?): JsonPrimitive = if (value == null) JsonNull else JsonLiteral(value.toString())

fun JsonPrimitive(value: Number?): JsonPrimitive = if (value == null) JsonNull else JsonLiteral(value.toString())

fun JsonPrimitive(value: String?): JsonPrimitive = if (value == null) JsonNull else JsonLiteral(value)
