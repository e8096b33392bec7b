// Stub of analytics-swift's untyped event API (module Segment).
public class Analytics {
    public init() {}
    public func track(name: String, properties: [String: Any]? = nil) {}
    public func identify(userId: String, traits: [String: Any]? = nil) {}
    public func screen(title: String, category: String? = nil, properties: [String: Any]? = nil) {}
    public func group(groupId: String, traits: [String: Any]? = nil) {}
    public func flush(completion: (() -> Void)? = nil) {}
}
