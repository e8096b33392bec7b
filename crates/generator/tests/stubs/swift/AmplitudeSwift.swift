// Stub of Amplitude-Swift's public event API (module AmplitudeSwift).
public class EventOptions {}

public class Amplitude {
    public init() {}
    @discardableResult
    public func track(eventType: String, eventProperties: [String: Any]? = nil, options: EventOptions? = nil) -> Amplitude { self }
    @discardableResult
    public func identify(userProperties: [String: Any]?, options: EventOptions? = nil) -> Amplitude { self }
    @discardableResult
    public func setUserId(userId: String?) -> Amplitude { self }
    @discardableResult
    public func setGroup(groupType: String, groupName: String, options: EventOptions? = nil) -> Amplitude { self }
    public func flush() {}
}
