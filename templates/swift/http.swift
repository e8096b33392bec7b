{{ header }}
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The built-in transport: batches calls and posts them with URLSession to Segment's HTTP
/// Tracking API (`/v1/batch`), Amplitude's HTTP V2 API (`/2/httpapi`) or Mixpanel's `/import`
/// and `/engage`. Network work runs on one serial background queue. Calls that could not be
/// delivered after `maxAttempts` stay queued for the next flush; a batch the vendor refuses
/// as invalid (a 4xx other than 408 and 429) is dropped and reported to `onError`.
public final class TrackplanHTTPDestination: Destination, @unchecked Sendable {
    /// The vendor APIs the transport speaks.
    public enum Vendor: String, Sendable {
        case segment, amplitude, mixpanel

        /// The vendor's production endpoint.
        public var defaultBaseURL: String {
            switch self {
            case .segment: return "https://api.segment.io"
            case .amplitude: return "https://api2.amplitude.com"
            case .mixpanel: return "https://api.mixpanel.com"
            }
        }
    }

    private let vendor: Vendor
    private let key: String
    private let baseURL: String
    private let batchSize: Int
    private let maxAttempts: Int
    private let retryDelay: TimeInterval
    private let onError: ((String) -> Void)?
    private let session: URLSession
    private let lock = NSLock()
    private var queue: [Envelope] = []
    private let worker = DispatchQueue(label: "trackplan-http")

    /// A transport for `vendor`; `key` is the Segment write key, Amplitude API key or Mixpanel project token.
    public init(vendor: Vendor, key: String, baseURL: String? = nil, batchSize: Int = 20, maxAttempts: Int = 3,
                retryDelay: TimeInterval = 0.5, onError: ((String) -> Void)? = nil) {
        self.vendor = vendor
        self.key = key
        self.baseURL = baseURL ?? vendor.defaultBaseURL
        self.batchSize = max(1, batchSize)
        self.maxAttempts = max(1, maxAttempts)
        self.retryDelay = retryDelay
        self.onError = onError
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 15
        session = URLSession(configuration: configuration)
    }

    /// Calls waiting to be delivered.
    public var pending: Int {
        lock.lock()
        defer { lock.unlock() }
        return queue.count
    }

    public func send(_ envelope: Envelope) {
        lock.lock()
        queue.append(envelope)
        let full = queue.count >= batchSize
        lock.unlock()
        if full { worker.async { self.drain() } }
    }

    /// Delivers everything queued and waits for it.
    public func flush() {
        worker.sync { self.drain() }
    }

    private func drain() {
        while true {
            lock.lock()
            guard let first = queue.first else {
                lock.unlock()
                return
            }
            let batch = Array(queue.prefix(batchSize).prefix(while: { endpoint($0) == endpoint(first) }))
            lock.unlock()
            if !deliver(batch) { return }
            lock.lock()
            queue.removeFirst(batch.count)
            lock.unlock()
        }
    }

    /// Mixpanel takes profile updates on `/engage`, events on `/import`.
    private func endpoint(_ envelope: Envelope) -> String {
        switch vendor {
        case .segment: return "/v1/batch"
        case .amplitude: return "/2/httpapi"
        case .mixpanel: return envelope.kind == .identify || envelope.kind == .group ? "/engage" : "/import?strict=1"
        }
    }

    /// True when the batch is done with (delivered, or refused for good).
    private func deliver(_ batch: [Envelope]) -> Bool {
        let path = endpoint(batch[0])
        let body: TrackplanJSON
        switch vendor {
        case .segment: body = object(["batch": .array(batch.map(segment))], order: ["batch"])
        case .amplitude:
            body = object(["api_key": .string(key), "events": .array(batch.map(amplitude))], order: ["api_key", "events"])
        case .mixpanel: body = .array(batch.map { path == "/engage" ? engage($0) : mixpanel($0) })
        }
        let data = Data(body.encoded().utf8)
        var attempt = 1
        while true {
            let status = post(path, data)
            if (200..<300).contains(status) { return true }
            if status == -1 || status == 408 || status == 429 || status >= 500 {
                if attempt >= maxAttempts {
                    onError?("\(vendor): batch of \(batch.count) not delivered after \(attempt) attempts (last status \(status)); kept for the next flush")
                    return false
                }
                Thread.sleep(forTimeInterval: retryDelay * Double(1 << (attempt - 1)))
                attempt += 1
            } else {
                onError?("\(vendor) refused a batch of \(batch.count) with HTTP \(status); dropped")
                return true
            }
        }
    }

    /// Posts synchronously (the caller is the background queue); -1 when no response came.
    private func post(_ path: String, _ body: Data) -> Int {
        guard let url = URL(string: baseURL.hasSuffix("/") ? String(baseURL.dropLast()) + path : baseURL + path) else { return 0 }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if vendor != .amplitude {
            request.setValue("Basic " + Data("\(key):".utf8).base64EncodedString(), forHTTPHeaderField: "Authorization")
        }
        let done = DispatchSemaphore(value: 0)
        let result = StatusBox()
        session.dataTask(with: request) { _, response, _ in
            result.status = (response as? HTTPURLResponse)?.statusCode ?? -1
            done.signal()
        }.resume()
        done.wait()
        return result.status
    }

    /// The status handed from URLSession's callback to the waiting queue.
    private final class StatusBox: @unchecked Sendable {
        var status = -1
    }

    private func object(_ members: [String: TrackplanJSON?], order: [String]) -> TrackplanJSON {
        var out = TrackplanObject()
        for name in order {
            if let member = members[name], let value = member { out[name] = value }
        }
        return .object(out)
    }

    private func text(_ value: String?) -> TrackplanJSON? { value.map { .string($0) } }

    private func segment(_ e: Envelope) -> TrackplanJSON {
        let isTraits = e.kind == .identify || e.kind == .group
        let library = object(["name": .string("trackplan-swift"), "version": .string("1")], order: ["name", "version"])
        return object([
            "type": .string(e.kind.rawValue),
            "messageId": .string(e.messageId),
            "timestamp": .string(e.timestamp),
            "anonymousId": .string(e.anonymousId),
            "userId": text(e.userId),
            "event": e.kind == .track ? text(e.name) : nil,
            "name": e.kind == .page || e.kind == .screen ? text(e.name) : nil,
            "groupId": text(e.groupId),
            isTraits ? "traits" : "properties": .object(e.properties),
            "context": object(["library": library], order: ["library"]),
        ], order: ["type", "messageId", "timestamp", "anonymousId", "userId", "event", "name", "groupId", "traits", "properties", "context"])
    }

    private func amplitude(_ e: Envelope) -> TrackplanJSON {
        let set = object(["$set": .object(e.properties)], order: ["$set"])
        let eventType: String
        var eventProperties: TrackplanJSON?
        switch e.kind {
        case .track:
            eventType = e.name ?? ""
            eventProperties = .object(e.properties)
        case .identify: eventType = "$identify"
        case .group: eventType = "$groupidentify"
        case .screen, .page:
            eventType = e.kind == .screen ? "[Amplitude] Screen Viewed" : "[Amplitude] Page Viewed"
            var named = TrackplanObject()
            named[e.kind == .screen ? "[Amplitude] Screen Name" : "[Amplitude] Page Name"] = .string(e.name ?? "")
            eventProperties = .object(named.merging(e.properties))
        }
        return object([
            "event_type": .string(eventType),
            "user_id": text(e.userId),
            "device_id": .string(e.anonymousId),
            "time": .integer(Int(e.timestampMillis)),
            "insert_id": .string(e.messageId),
            "event_properties": eventProperties,
            "user_properties": e.kind == .identify ? set : nil,
            "groups": e.groupId.map { object(["group": .string($0)], order: ["group"]) },
            "group_properties": e.kind == .group ? set : nil,
        ], order: ["event_type", "user_id", "device_id", "time", "insert_id", "event_properties", "user_properties", "groups", "group_properties"])
    }

    private func mixpanel(_ e: Envelope) -> TrackplanJSON {
        var properties = e.properties
        let name: String
        switch e.kind {
        case .screen:
            name = "Screen Viewed"
            properties["name"] = .string(e.name ?? "")
        case .page:
            name = "Page Viewed"
            properties["name"] = .string(e.name ?? "")
        default: name = e.name ?? ""
        }
        properties["time"] = .integer(Int(e.timestampMillis))
        properties["distinct_id"] = .string(e.userId ?? e.anonymousId)
        properties["$insert_id"] = .string(e.messageId)
        return object(["event": .string(name), "properties": .object(properties)], order: ["event", "properties"])
    }

    private func engage(_ e: Envelope) -> TrackplanJSON {
        let operation: String
        let value: TrackplanJSON
        if e.kind == .group {
            operation = "$union"
            value = object(["group_id": .array([.string(e.groupId ?? "")])], order: ["group_id"])
        } else {
            operation = "$set"
            value = .object(e.properties)
        }
        return object(["$token": .string(key), "$distinct_id": .string(e.userId ?? e.anonymousId), operation: value],
                      order: ["$token", "$distinct_id", operation])
    }
}
