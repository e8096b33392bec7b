// Stub of mixpanel-android's public API (com.mixpanel.android.mpmetrics.MixpanelAPI), a Java
// class: Java's Map<String, Object> is seen from Kotlin as Map<String, Any?>.
package com.mixpanel.android.mpmetrics

open class MixpanelAPI {
    interface People {
        fun setMap(properties: Map<String, Any?>)
    }

    private val people = object : People {
        override fun setMap(properties: Map<String, Any?>) {}
    }

    fun trackMap(eventName: String, properties: Map<String, Any?>) {}

    fun identify(distinctId: String) {}

    fun getPeople(): People = people

    fun setGroup(groupKey: String, groupID: Any) {}

    fun flush() {}
}
