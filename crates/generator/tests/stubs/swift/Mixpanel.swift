// Stub of Mixpanel-swift's public API (module Mixpanel).
import Foundation

public protocol MixpanelType: Any {}
extension String: MixpanelType {}
extension Int: MixpanelType {}
extension Double: MixpanelType {}
extension Bool: MixpanelType {}
extension NSNull: MixpanelType {}
extension Array: MixpanelType {}
extension Dictionary: MixpanelType {}

public typealias Properties = [String: MixpanelType]

public class People {
    public func set(properties: Properties) {}
}

public class MixpanelInstance {
    public let people = People()
    public init() {}
    public func track(event: String?, properties: Properties? = nil) {}
    public func identify(distinctId: String, usePeople: Bool = true, completion: (() -> Void)? = nil) {}
    public func setGroup(groupKey: String, groupID: MixpanelType) {}
    public func flush(performFullFlush: Bool = false, completion: (() -> Void)? = nil) {}
}
