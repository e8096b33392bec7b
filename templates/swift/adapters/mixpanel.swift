{{ header }}
import Foundation
import Mixpanel

/// Delivers through the Mixpanel-swift SDK, which batches and retries itself. Add this file
/// only to apps that depend on that SDK.
public final class TrackplanMixpanelDestination: Destination {
    private let mixpanel: MixpanelInstance
    private let groupKey: String

    /// Sends through `mixpanel`; `group` calls set the group key `groupKey`.
    public init(_ mixpanel: MixpanelInstance, groupKey: String = "group_id") {
        self.mixpanel = mixpanel
        self.groupKey = groupKey
    }

    public func send(_ envelope: Envelope) {
        var properties = Properties()
        for key in envelope.properties.keys {
            if let value = envelope.properties[key] { properties[key] = TrackplanMixpanelDestination.convert(value) }
        }
        switch envelope.kind {
        case .track:
            mixpanel.track(event: envelope.name, properties: properties)
        case .identify:
            if let userId = envelope.userId { mixpanel.identify(distinctId: userId) }
            mixpanel.people.set(properties: properties)
        case .group:
            mixpanel.setGroup(groupKey: groupKey, groupID: envelope.groupId ?? "")
        case .screen, .page:
            properties["name"] = envelope.name ?? ""
            mixpanel.track(event: envelope.kind == .screen ? "Screen Viewed" : "Page Viewed", properties: properties)
        }
    }

    public func flush() {
        mixpanel.flush()
    }

    private static func convert(_ value: TrackplanJSON) -> MixpanelType {
        switch value {
        case .null: return NSNull()
        case .bool(let flag): return flag
        case .integer(let whole): return whole
        case .number(let number): return number
        case .string(let text): return text
        case .array(let items): return items.map(convert)
        case .object(let members):
            var out: [String: MixpanelType] = [:]
            for key in members.keys {
                if let member = members[key] { out[key] = convert(member) }
            }
            return out
        }
    }
}
