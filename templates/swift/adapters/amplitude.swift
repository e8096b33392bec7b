{{ header }}
import AmplitudeSwift
import Foundation

/// Delivers through the Amplitude-Swift SDK, which batches and retries itself. Add this file
/// only to apps that depend on that SDK.
public final class TrackplanAmplitudeDestination: Destination {
    private let amplitude: Amplitude
    private let groupType: String

    /// Sends through `amplitude`; `group` calls set the group type `groupType`.
    public init(_ amplitude: Amplitude, groupType: String = "group") {
        self.amplitude = amplitude
        self.groupType = groupType
    }

    public func send(_ envelope: Envelope) {
        let properties = envelope.properties.plain
        switch envelope.kind {
        case .track:
            amplitude.track(eventType: envelope.name ?? "", eventProperties: properties)
        case .identify:
            amplitude.setUserId(userId: envelope.userId)
            amplitude.identify(userProperties: properties)
        case .group:
            amplitude.setGroup(groupType: groupType, groupName: envelope.groupId ?? "")
        case .screen:
            amplitude.track(eventType: "[Amplitude] Screen Viewed",
                            eventProperties: properties.merging(["[Amplitude] Screen Name": envelope.name ?? ""]) { own, _ in own })
        case .page:
            amplitude.track(eventType: "[Amplitude] Page Viewed",
                            eventProperties: properties.merging(["[Amplitude] Page Name": envelope.name ?? ""]) { own, _ in own })
        }
    }

    public func flush() {
        amplitude.flush()
    }
}
