// Stub of Segment analytics-kotlin's public event API (com.segment.analytics.kotlin.core.Analytics).
package com.segment.analytics.kotlin.core

import kotlinx.serialization.json.JsonObject

val emptyJsonObject = JsonObject(emptyMap())

open class Analytics {
    fun track(name: String, properties: JsonObject = emptyJsonObject) {}

    fun identify(userId: String, traits: JsonObject = emptyJsonObject) {}

    fun screen(title: String, properties: JsonObject = emptyJsonObject, category: String = "") {}

    fun group(groupId: String, traits: JsonObject = emptyJsonObject) {}

    fun flush() {}
}
