// Stub of Amplitude-Kotlin's public event API (com.amplitude.core.Amplitude).
package com.amplitude.core

open class EventOptions

open class Amplitude {
    fun track(eventType: String, eventProperties: Map<String, Any?>? = null, options: EventOptions? = null): Amplitude = this

    fun identify(userProperties: Map<String, Any?>?, options: EventOptions? = null): Amplitude = this

    fun setUserId(userId: String?): Amplitude = this

    fun setGroup(groupType: String, groupName: String, options: EventOptions? = null): Amplitude = this

    fun groupIdentify(
        groupType: String,
        groupName: String,
        groupProperties: Map<String, Any?>?,
        options: EventOptions? = null,
    ): Amplitude = this

    fun flush() {}
}
