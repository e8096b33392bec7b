{{ header }}
import Foundation
import Segment

/// Delivers through Segment's analytics-swift SDK, which batches, retries and adds device
/// context itself. Add this file only to apps that depend on that SDK.
public final class TrackplanSegmentDestination: Destination {
    private let segment: Segment.Analytics

    /// Sends through `segment`.
    public init(_ segment: Segment.Analytics) {
        self.segment = segment
    }

    public func send(_ envelope: Envelope) {
        let properties = envelope.properties.plain
        switch envelope.kind {
        case .track: segment.track(name: envelope.name ?? "", properties: properties)
        case .identify: segment.identify(userId: envelope.userId ?? envelope.anonymousId, traits: properties)
        case .group: segment.group(groupId: envelope.groupId ?? "", traits: properties)
        case .screen, .page: segment.screen(title: envelope.name ?? "", category: nil, properties: properties)
        }
    }

    public func flush() {
        segment.flush()
    }
}
