{{ header }}
import Foundation

/// A JSON value as the SDK builds and sends it. Object members keep their insertion order;
/// numbers print as ECMAScript prints them, so every Trackplan runtime sends the same text.
public enum TrackplanJSON: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A whole number.
    case integer(Int)
    /// Any other number.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([TrackplanJSON])
    /// An object; members in insertion order.
    case object(TrackplanObject)

    /// Compact JSON text.
    public func encoded() -> String {
        var out = ""
        write(to: &out)
        return out
    }

    /// The value as Foundation values (`[String: Any]`, `[Any]`, `String`, `Int`, `Double`,
    /// `Bool`, `NSNull`), for SDKs that take untyped dictionaries.
    public var plain: Any {
        switch self {
        case .null: return NSNull()
        case .bool(let value): return value
        case .integer(let value): return value
        case .number(let value): return value
        case .string(let value): return value
        case .array(let items): return items.map { $0.plain }
        case .object(let members): return members.plain
        }
    }

    func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .integer(let value): out += String(value)
        case .number(let value): out += TrackplanJSON.formatNumber(value)
        case .string(let value): TrackplanJSON.quote(value, into: &out)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, key) in members.keys.enumerated() {
                if index > 0 { out += "," }
                TrackplanJSON.quote(key, into: &out)
                out += ":"
                members[key]?.write(to: &out)
            }
            out += "}"
        }
    }

    /// `text` as a JSON string literal, escaped as serde_json and JSON.stringify escape it.
    public static func quote(_ text: String, into out: inout String) {
        let hex = Array("0123456789abcdef")
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{8}": out += "\\b"
            case "\u{C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    out += "\\u00"
                    out.append(hex[Int(scalar.value >> 4)])
                    out.append(hex[Int(scalar.value & 15)])
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// A number as ECMAScript's `String(x)` prints it: `5` not `5.0`, `1e+21`, `1.5e-7`.
    public static func formatNumber(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x > 0 ? "Infinity" : "-Infinity" }
        if x == 0 { return "0" }
        // Swift's description is the shortest text that reads back as `x`; take its digits
        // and decimal exponent and lay them out by ECMAScript's Number::toString rules.
        let text = x.magnitude.description
        let parts = text.split(separator: "e", maxSplits: 1)
        let mantissa = Array(parts[0])
        let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        var digits = mantissa.filter { $0 != "." }
        var point = mantissa.firstIndex(of: ".") ?? mantissa.count
        while digits.count > 1 && digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while digits.count > 1 && digits.last == "0" { digits.removeLast() }
        let k = digits.count
        let n = point + exponent
        let all = String(digits)
        var body: String
        if k <= n && n <= 21 {
            body = all + String(repeating: "0", count: n - k)
        } else if 0 < n && n <= 21 {
            body = String(digits[0..<n]) + "." + String(digits[n...])
        } else if -6 < n && n <= 0 {
            body = "0." + String(repeating: "0", count: -n) + all
        } else {
            let e = n - 1
            body = k == 1 ? all : String(digits[0]) + "." + String(digits[1...])
            body += "e" + (e < 0 ? "-" : "+") + String(abs(e))
        }
        return (x < 0 ? "-" : "") + body
    }

    /// Parses JSON text.
    public static func parse(_ text: String) throws -> TrackplanJSON {
        var parser = TrackplanJSONParser(bytes: Array(text.utf8))
        return try parser.document()
    }
}

/// A JSON object whose members keep their insertion order.
public struct TrackplanObject: Sendable, Equatable {
    /// Member names in insertion order.
    public private(set) var keys: [String] = []
    private var members: [String: TrackplanJSON] = [:]

    /// An empty object.
    public init() {}

    /// The member named `key`; setting nil removes it.
    public subscript(key: String) -> TrackplanJSON? {
        get { members[key] }
        set {
            if let value = newValue {
                if members.updateValue(value, forKey: key) == nil { keys.append(key) }
            } else if members.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    /// Number of members.
    public var count: Int { keys.count }

    /// The object as `[String: Any]`.
    public var plain: [String: Any] {
        var out: [String: Any] = [:]
        for key in keys { out[key] = members[key]?.plain }
        return out
    }

    /// This object with `other`'s members added after its own.
    public func merging(_ other: TrackplanObject) -> TrackplanObject {
        var merged = self
        for key in other.keys { merged[key] = other[key] }
        return merged
    }
}

/// A JSON parser over UTF-8 bytes for ``TrackplanJSON/parse(_:)``.
struct TrackplanJSONParser {
    let bytes: [UInt8]
    var at = 0

    /// Why text is not JSON.
    struct Failure: Error, CustomStringConvertible {
        let offset: Int
        let message: String
        var description: String { "invalid JSON at offset \(offset): \(message)" }
    }

    mutating func document() throws -> TrackplanJSON {
        let result = try value()
        space()
        if at != bytes.count { throw Failure(offset: at, message: "unexpected text after the value") }
        return result
    }

    mutating func space() {
        while at < bytes.count && [0x20, 0x09, 0x0A, 0x0D].contains(bytes[at]) { at += 1 }
    }

    mutating func expect(_ word: String) throws {
        for byte in word.utf8 {
            guard at < bytes.count && bytes[at] == byte else { throw Failure(offset: at, message: "expected `\(word)`") }
            at += 1
        }
    }

    mutating func value() throws -> TrackplanJSON {
        space()
        guard at < bytes.count else { throw Failure(offset: at, message: "unexpected end") }
        switch bytes[at] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        default: return try number()
        }
    }

    mutating func object() throws -> TrackplanJSON {
        at += 1
        var members = TrackplanObject()
        space()
        if at < bytes.count && bytes[at] == UInt8(ascii: "}") {
            at += 1
            return .object(members)
        }
        while true {
            space()
            guard at < bytes.count && bytes[at] == UInt8(ascii: "\"") else { throw Failure(offset: at, message: "expected a key") }
            let key = try string()
            space()
            try expect(":")
            members[key] = try value()
            space()
            guard at < bytes.count else { throw Failure(offset: at, message: "unexpected end in an object") }
            let next = bytes[at]
            at += 1
            if next == UInt8(ascii: "}") { return .object(members) }
            if next != UInt8(ascii: ",") { throw Failure(offset: at - 1, message: "expected `,` or `}`") }
        }
    }

    mutating func array() throws -> TrackplanJSON {
        at += 1
        var items: [TrackplanJSON] = []
        space()
        if at < bytes.count && bytes[at] == UInt8(ascii: "]") {
            at += 1
            return .array(items)
        }
        while true {
            items.append(try value())
            space()
            guard at < bytes.count else { throw Failure(offset: at, message: "unexpected end in an array") }
            let next = bytes[at]
            at += 1
            if next == UInt8(ascii: "]") { return .array(items) }
            if next != UInt8(ascii: ",") { throw Failure(offset: at - 1, message: "expected `,` or `]`") }
        }
    }

    mutating func hex4() throws -> UInt32 {
        guard at + 4 <= bytes.count, let code = UInt32(String(decoding: bytes[at..<at + 4], as: UTF8.self), radix: 16) else {
            throw Failure(offset: at, message: "bad \\u escape")
        }
        at += 4
        return code
    }

    mutating func string() throws -> String {
        at += 1
        var out = String.UnicodeScalarView()
        var run: [UInt8] = []
        func flush(_ run: inout [UInt8], into out: inout String.UnicodeScalarView) {
            out.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars)
            run.removeAll()
        }
        while true {
            guard at < bytes.count else { throw Failure(offset: at, message: "unterminated string") }
            let byte = bytes[at]
            at += 1
            if byte == UInt8(ascii: "\"") {
                flush(&run, into: &out)
                return String(out)
            }
            if byte < 0x20 { throw Failure(offset: at - 1, message: "control character in a string") }
            if byte != UInt8(ascii: "\\") {
                run.append(byte)
                continue
            }
            flush(&run, into: &out)
            guard at < bytes.count else { throw Failure(offset: at, message: "unterminated escape") }
            let escape = bytes[at]
            at += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(Unicode.Scalar(escape))
            case UInt8(ascii: "b"): out.append("\u{8}")
            case UInt8(ascii: "f"): out.append("\u{C}")
            case UInt8(ascii: "n"): out.append("\n")
            case UInt8(ascii: "r"): out.append("\r")
            case UInt8(ascii: "t"): out.append("\t")
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800..<0xDC00).contains(code), at + 6 <= bytes.count, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u") {
                    at += 2
                    let low = try hex4()
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                out.append(Unicode.Scalar(code) ?? "\u{FFFD}")
            default: throw Failure(offset: at - 1, message: "bad escape")
            }
        }
    }

    mutating func number() throws -> TrackplanJSON {
        let start = at
        while at < bytes.count, "+-0123456789.eE".utf8.contains(bytes[at]) { at += 1 }
        let literal = String(decoding: bytes[start..<at], as: UTF8.self)
        guard !literal.isEmpty else { throw Failure(offset: at, message: "unexpected character") }
        if !literal.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let whole = Int(literal) {
            return .integer(whole)
        }
        guard let number = Double(literal) else { throw Failure(offset: start, message: "bad number `\(literal)`") }
        return .number(number)
    }
}

/// Something the SDK can turn into JSON: generated structs.
public protocol TrackplanEncodable {
    /// The value as it is sent.
    func trackplanJSON() -> TrackplanJSON
}

/// A generated event struct.
public protocol TrackplanEvent: TrackplanEncodable {
    /// The event's wire name.
    var trackplanEventName: String { get }
    /// The rules its properties follow.
    var trackplanSchema: TrackplanObjectSchema { get }
}

/// A compiled `pattern`: `source` as written in the plan, matched with NSRegularExpression.
public final class TrackplanPattern: @unchecked Sendable {
    /// The pattern as written in the plan.
    public let source: String
    let regex: NSRegularExpression?

    /// Compiles `icuPattern`, the plan pattern in ICU form.
    public init(_ source: String, _ icuPattern: String) {
        self.source = source
        regex = try? NSRegularExpression(pattern: icuPattern)
    }

    func matches(_ text: String) -> Bool {
        guard let regex else { return true }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}

/// A `minimum` or `maximum`.
public struct TrackplanBound: Sendable {
    let value: Double
    let exclusive: Bool
    let expected: String

    /// A bound and its `expected` text.
    public init(_ value: Double, exclusive: Bool, expected: String) {
        self.value = value
        self.exclusive = exclusive
        self.expected = expected
    }
}

/// Allowed values of an integer.
public struct TrackplanAllowed: Sendable {
    let values: [Int]
    let expected: String

    /// The values and their `expected` text.
    public init(_ values: [Int], expected: String) {
        self.values = values
        self.expected = expected
    }
}

/// A property of an object schema.
public struct TrackplanProperty: Sendable {
    let name: String
    let schema: TrackplanSchema
    let required: Bool
    let nullable: Bool

    /// A property named `name` on the wire.
    public init(_ name: String, _ schema: TrackplanSchema, required: Bool, nullable: Bool) {
        self.name = name
        self.schema = schema
        self.required = required
        self.nullable = nullable
    }
}

/// The rules of an object, generated from the plan.
public final class TrackplanObjectSchema: Sendable {
    let properties: [TrackplanProperty]

    /// An object with these properties.
    public init(_ properties: [TrackplanProperty]) {
        self.properties = properties
    }
}

/// The rules of one value, generated from the plan.
public indirect enum TrackplanSchema: Sendable {
    /// A string.
    case string(minLength: Int? = nil, maxLength: Int? = nil, pattern: TrackplanPattern? = nil, format: String? = nil)
    /// An integer or number.
    case number(integer: Bool, minimum: TrackplanBound? = nil, maximum: TrackplanBound? = nil, allowed: TrackplanAllowed? = nil)
    /// A boolean.
    case boolean
    /// A list.
    case array(items: TrackplanSchema, itemsNullable: Bool, minItems: Int? = nil, maxItems: Int? = nil, unique: Bool = false)
    /// An object.
    case object(TrackplanObjectSchema)
    /// A string enum.
    case enumeration(values: Set<String>, expected: String)

    var keyword: String {
        switch self {
        case .string, .enumeration: return "string"
        case .number(let integer, _, _, _): return integer ? "integer" : "number"
        case .boolean: return "boolean"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

/// One rule a payload breaks, in the format every Trackplan runtime shares: `path` inside
/// the properties (`products[0].price`, `$` for the object), the plan keyword `rule`, and
/// `expected` / `actual` texts.
public struct Violation: Sendable, Equatable, Hashable, Codable {
    /// Where, e.g. `products[0].price`.
    public let path: String
    /// The plan keyword, e.g. `minimum`.
    public let rule: String
    /// What the rule expects, e.g. `>= 0`.
    public let expected: String
    /// What the payload holds, e.g. `-1`.
    public let actual: String

    /// A violation.
    public init(path: String, rule: String, expected: String, actual: String) {
        self.path = path
        self.rule = rule
        self.expected = expected
        self.actual = actual
    }

    /// The violation as a JSON object.
    public var json: TrackplanJSON {
        var object = TrackplanObject()
        object["path"] = .string(path)
        object["rule"] = .string(rule)
        object["expected"] = .string(expected)
        object["actual"] = .string(actual)
        return .object(object)
    }
}

/// Checks JSON values against generated schemas, exactly as the reference validator does.
public enum TrackplanValidator {
    /// Every violation of `value` as an object of `schema`.
    public static func validate(_ schema: TrackplanObjectSchema, _ value: TrackplanJSON) -> [Violation] {
        var found: [Violation] = []
        checkObject(schema, value, "", &found)
        return found
    }

    static func add(_ found: inout [Violation], _ path: String, _ rule: String, _ expected: String, _ actual: String) {
        found.append(Violation(path: path.isEmpty ? "$" : path, rule: rule, expected: expected, actual: actual))
    }

    static func isPlainKey(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first else { return false }
        func letter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_" || c == "$" }
        return letter(first) && key.unicodeScalars.allSatisfy { letter($0) || ("0"..."9").contains($0) }
    }

    static func key(_ path: String, _ key: String) -> String {
        if !isPlainKey(key) {
            var quoted = ""
            TrackplanJSON.quote(key, into: &quoted)
            return path + "[" + quoted + "]"
        }
        return path.isEmpty ? key : path + "." + key
    }

    static func isWhole(_ x: Double) -> Bool { x.isFinite && x.rounded(.towardZero) == x }

    static func typeOf(_ value: TrackplanJSON) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "boolean"
        case .integer: return "integer"
        case .number(let x): return isWhole(x) ? "integer" : "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    static func checkObject(_ schema: TrackplanObjectSchema, _ value: TrackplanJSON, _ path: String, _ found: inout [Violation]) {
        guard case .object(let members) = value else {
            add(&found, path, "type", "object", typeOf(value))
            return
        }
        for property in schema.properties {
            let memberPath = key(path, property.name)
            if let member = members[property.name] {
                check(property.schema, property.nullable, member, memberPath, &found)
            } else if property.required {
                add(&found, memberPath, "required", "present", "missing")
            }
        }
        for name in members.keys where !schema.properties.contains(where: { $0.name == name }) {
            add(&found, key(path, name), "additionalProperties", "no undeclared properties", "present")
        }
    }

    static func check(_ schema: TrackplanSchema, _ nullable: Bool, _ value: TrackplanJSON, _ path: String, _ found: inout [Violation]) {
        if case .null = value {
            if !nullable { add(&found, path, "type", schema.keyword, "null") }
            return
        }
        let fits: Bool
        switch (schema, value) {
        case (.string, .string), (.enumeration, .string), (.boolean, .bool), (.array, .array), (.object, .object): fits = true
        case (.number(let integer, _, _, _), _): fits = integer ? typeOf(value) == "integer" : typeOf(value) == "integer" || typeOf(value) == "number"
        default: fits = false
        }
        if !fits {
            add(&found, path, "type", schema.keyword, typeOf(value))
            return
        }
        switch (schema, value) {
        case (.string(let minLength, let maxLength, let pattern, let format), .string(let text)):
            let length = text.unicodeScalars.count
            if let min = minLength, length < min { add(&found, path, "minLength", "length >= \(min)", "length \(length)") }
            if let max = maxLength, length > max { add(&found, path, "maxLength", "length <= \(max)", "length \(length)") }
            if let pattern, !pattern.matches(text) { add(&found, path, "pattern", pattern.source, value.encoded()) }
            if let format, !TrackplanFormats.isValid(format, text) { add(&found, path, "format", format, value.encoded()) }
        case (.number(_, let minimum, let maximum, let allowed), _):
            let x: Double
            switch value {
            case .integer(let whole): x = Double(whole)
            case .number(let number): x = number
            default: return
            }
            if let bound = minimum, !(bound.exclusive ? x > bound.value : x >= bound.value) {
                add(&found, path, bound.exclusive ? "exclusiveMinimum" : "minimum", bound.expected, value.encoded())
            }
            if let bound = maximum, !(bound.exclusive ? x < bound.value : x <= bound.value) {
                add(&found, path, bound.exclusive ? "exclusiveMaximum" : "maximum", bound.expected, value.encoded())
            }
            if let allowed, !allowed.values.contains(where: { Double($0) == x }) {
                add(&found, path, "enum", allowed.expected, value.encoded())
            }
        case (.enumeration(let values, let expected), .string(let text)):
            if !values.contains(text) { add(&found, path, "enum", expected, value.encoded()) }
        case (.array(let itemSchema, let itemsNullable, let minItems, let maxItems, let unique), .array(let items)):
            let count = items.count
            if let min = minItems, count < min { add(&found, path, "minItems", "items >= \(min)", "items \(count)") }
            if let max = maxItems, count > max { add(&found, path, "maxItems", "items <= \(max)", "items \(count)") }
            if unique, let duplicate = items.indices.dropFirst().first(where: { j in (0..<j).contains { jsonEqual(items[$0], items[j]) } }) {
                add(&found, path, "uniqueItems", "unique items", "duplicate at [\(duplicate)]")
            }
            for (index, item) in items.enumerated() {
                check(itemSchema, itemsNullable, item, path + "[\(index)]", &found)
            }
        case (.object(let objectSchema), _):
            checkObject(objectSchema, value, path, &found)
        default:
            break
        }
    }

    static func numberOf(_ value: TrackplanJSON) -> Double? {
        switch value {
        case .integer(let whole): return Double(whole)
        case .number(let number): return number
        default: return nil
        }
    }

    /// Equality as JSON Schema's `uniqueItems` defines it: `1` and `1.0` are equal.
    static func jsonEqual(_ a: TrackplanJSON, _ b: TrackplanJSON) -> Bool {
        let x = numberOf(a)
        let y = numberOf(b)
        if x != nil || y != nil { return x != nil && x == y }
        switch (a, b) {
        case (.array(let xs), .array(let ys)):
            return xs.count == ys.count && zip(xs, ys).allSatisfy { jsonEqual($0, $1) }
        case (.object(let xs), .object(let ys)):
            return xs.count == ys.count && xs.keys.allSatisfy { key in ys[key].map { jsonEqual(xs[key] ?? .null, $0) } ?? false }
        default:
            return a == b
        }
    }
}

/// The plan's string formats, checked as every Trackplan runtime checks them.
public enum TrackplanFormats {
    /// Whether `text` is a valid value of the format named `format`.
    public static func isValid(_ format: String, _ text: String) -> Bool {
        switch format {
        case "date-time": return isDateTime(text)
        case "date": return isDate(text)
        case "email": return isEmail(text)
        case "uri": return isUri(text)
        case "uuid": return isUuid(text)
        default: return true
        }
    }

    /// The ASCII digits `s[from..<to]` as a number, or nil when any is not a digit.
    static func number(_ s: [Unicode.Scalar], _ from: Int, _ to: Int) -> Int? {
        guard to <= s.count, from < to else { return nil }
        var value = 0
        for c in s[from..<to] {
            guard ("0"..."9").contains(c) else { return nil }
            value = value * 10 + Int(c.value - 48)
        }
        return value
    }

    static func isDate(_ text: String) -> Bool {
        isDate(Array(text.unicodeScalars))
    }

    static func isDate(_ s: [Unicode.Scalar]) -> Bool {
        guard s.count == 10, s[4] == "-", s[7] == "-",
              let year = number(s, 0, 4), let month = number(s, 5, 7), let day = number(s, 8, 10) else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days: Int
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: days = 31
        case 4, 6, 9, 11: days = 30
        case 2: days = leap ? 29 : 28
        default: return false
        }
        return (1...days).contains(day)
    }

    static func isDateTime(_ text: String) -> Bool {
        let s = Array(text.unicodeScalars)
        guard s.allSatisfy({ $0.isASCII }), s.count >= 20, isDate(Array(s[0..<10])) else { return false }
        guard s[10] == "T" || s[10] == "t", s[13] == ":", s[16] == ":",
              let hour = number(s, 11, 13), let minute = number(s, 14, 16), let second = number(s, 17, 19),
              hour <= 23, minute <= 59, second <= 60 else { return false }
        var zone = Array(s[19...])
        if zone.first == "." {
            let count = zone.dropFirst().prefix(while: { ("0"..."9").contains($0) }).count
            if count == 0 { return false }
            zone = Array(zone.dropFirst(1 + count))
        }
        if zone == ["Z"] || zone == ["z"] { return true }
        guard zone.count == 6, zone[0] == "+" || zone[0] == "-", zone[3] == ":",
              let h = number(zone, 1, 3), let m = number(zone, 4, 6) else { return false }
        return h <= 23 && m <= 59
    }

    /// Unicode White_Space, as Rust's `char::is_whitespace` defines it.
    static func isWhiteSpace(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    static func isControl(_ c: Unicode.Scalar) -> Bool { c.value < 0x20 || (0x7F...0x9F).contains(c.value) }

    static func isEmail(_ text: String) -> Bool {
        guard let at = text.firstIndex(of: "@") else { return false }
        let local = text[..<at]
        let domain = text[text.index(after: at)...]
        return !local.isEmpty && !domain.isEmpty && !domain.contains("@")
            && !text.unicodeScalars.contains(where: { isWhiteSpace($0) || isControl($0) })
            && !domain.hasPrefix(".") && !domain.hasSuffix(".") && !domain.contains("..")
    }

    static func isUri(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        let scheme = Array(text[..<colon].unicodeScalars)
        let rest = text[text.index(after: colon)...]
        func letter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) }
        guard let first = scheme.first, letter(first),
              scheme.allSatisfy({ letter($0) || ("0"..."9").contains($0) || $0 == "+" || $0 == "-" || $0 == "." }),
              !rest.isEmpty else { return false }
        return !text.unicodeScalars.contains(where: { isWhiteSpace($0) || isControl($0) || "<>\"{}|\\^`".unicodeScalars.contains($0) })
    }

    static func isUuid(_ text: String) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        return groups.count == 5 && zip(groups, [8, 4, 4, 4, 12]).allSatisfy { group, length in
            group.unicodeScalars.count == length && group.unicodeScalars.allSatisfy { $0.properties.isASCIIHexDigit }
        }
    }
}

/// What to do with a payload that breaks the plan.
public enum ValidationPolicy: Sendable {
    /// Do not validate.
    case disabled
    /// Send it anyway and report the violations.
    case trackOnInvalid
    /// Drop it and report the violations.
    case skipOnInvalid
    /// Throw a ``ValidationError`` carrying the violations (the default in debug builds).
    case errorOnInvalid
}

/// Thrown under `.errorOnInvalid`: what was invalid and why.
public struct ValidationError: Error, CustomStringConvertible {
    /// The event name, or `identify`, `group`, `page`, `screen`, `global properties`.
    public let call: String
    /// Every rule broken.
    public let violations: [Violation]

    public var description: String {
        "\(call) breaks the tracking plan: " + violations.map { "\($0.path) \($0.rule) (expected \($0.expected), got \($0.actual))" }.joined(separator: "; ")
    }
}

/// Settings of ``Analytics``.
public struct AnalyticsOptions {
    /// What to do with payloads that break the plan: `.errorOnInvalid` in debug builds,
    /// `.trackOnInvalid` in release builds.
    public var policy: ValidationPolicy
    /// Called with the call's name and the violations whenever a payload breaks the plan.
    public var onViolations: ((String, [Violation]) -> Void)?
    /// The anonymous id sent until (and after) `identify`.
    public var anonymousId: String

    /// Options; every argument may be left out.
    public init(policy: ValidationPolicy? = nil, onViolations: ((String, [Violation]) -> Void)? = nil, anonymousId: String = UUID().uuidString.lowercased()) {
        #if DEBUG
        self.policy = policy ?? .errorOnInvalid
        #else
        self.policy = policy ?? .trackOnInvalid
        #endif
        self.onViolations = onViolations
        self.anonymousId = anonymousId
    }
}

/// One call as delivered to a ``Destination``.
public struct Envelope: Sendable {
    /// The kinds of call.
    public enum Kind: String, Sendable {
        case track, identify, group, page, screen
    }

    /// What kind of call.
    public let kind: Kind
    /// Event name (track), or screen / page name.
    public let name: String?
    /// Properties (track, page, screen) or traits (identify, group); global properties merged in for track.
    public let properties: TrackplanObject
    /// The user id set by `identify`.
    public let userId: String?
    /// The anonymous id.
    public let anonymousId: String
    /// The group id of a group call.
    public let groupId: String?
    /// Unique id of the call; vendors deduplicate by it.
    public let messageId: String
    /// When the call was made, in milliseconds since the epoch.
    public let timestampMillis: Int64

    /// `timestampMillis` as ISO 8601 with milliseconds.
    public var timestamp: String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: Double(timestampMillis) / 1000))
    }
}

/// Where calls go: the built-in HTTP transport, a vendor SDK adapter, or a ``RecordingClient``.
public protocol Destination: AnyObject {
    /// Queues or delivers one call.
    func send(_ envelope: Envelope)
    /// Delivers everything queued.
    func flush()
}

extension Destination {
    /// Nothing is queued by default.
    public func flush() {}
}

/// A ``Destination`` that keeps every call, for tests.
public final class RecordingClient: Destination, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [Envelope] = []

    /// An empty recorder.
    public init() {}

    /// The calls received so far, oldest first.
    public var envelopes: [Envelope] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    public func send(_ envelope: Envelope) {
        lock.lock()
        recorded.append(envelope)
        lock.unlock()
    }

    /// Forgets every recorded call.
    public func clear() {
        lock.lock()
        recorded.removeAll()
        lock.unlock()
    }
}

/// The plan-independent part of ``Analytics``: policies, identity, merging global properties.
final class TrackplanCore: @unchecked Sendable {
    private let destination: Destination
    private let options: AnalyticsOptions
    private let globals: TrackplanObject
    private let lock = NSLock()
    private var userId: String?

    init(destination: Destination, options: AnalyticsOptions, globals: TrackplanJSON?, globalsSchema: TrackplanObjectSchema?) throws {
        self.destination = destination
        self.options = options
        var accepted = TrackplanObject()
        if let globals, let globalsSchema, case .object(let members) = globals {
            if try TrackplanCore.accept("global properties", globalsSchema, globals, options) { accepted = members }
        }
        self.globals = accepted
    }

    private static func accept(_ call: String, _ schema: TrackplanObjectSchema, _ json: TrackplanJSON, _ options: AnalyticsOptions) throws -> Bool {
        if case .disabled = options.policy { return true }
        let violations = TrackplanValidator.validate(schema, json)
        if violations.isEmpty { return true }
        options.onViolations?(call, violations)
        switch options.policy {
        case .disabled, .trackOnInvalid: return true
        case .skipOnInvalid: return false
        case .errorOnInvalid: throw ValidationError(call: call, violations: violations)
        }
    }

    private func deliver(_ kind: Envelope.Kind, _ name: String?, _ properties: TrackplanObject, _ groupId: String?) {
        lock.lock()
        let user = userId
        lock.unlock()
        destination.send(Envelope(
            kind: kind, name: name, properties: properties, userId: user, anonymousId: options.anonymousId,
            groupId: groupId, messageId: UUID().uuidString.lowercased(),
            timestampMillis: Int64((Date().timeIntervalSince1970 * 1000).rounded())))
    }

    private static func members(_ json: TrackplanJSON) -> TrackplanObject {
        if case .object(let members) = json { return members }
        return TrackplanObject()
    }

    func track(_ event: some TrackplanEvent) throws {
        let json = event.trackplanJSON()
        guard try TrackplanCore.accept(event.trackplanEventName, event.trackplanSchema, json, options) else { return }
        deliver(.track, event.trackplanEventName, TrackplanCore.members(json).merging(globals), nil)
    }

    func identify(userId: String, traits: TrackplanJSON, schema: TrackplanObjectSchema?) throws {
        if let schema, try !TrackplanCore.accept("identify", schema, traits, options) { return }
        lock.lock()
        self.userId = userId
        lock.unlock()
        deliver(.identify, nil, TrackplanCore.members(traits), nil)
    }

    func group(groupId: String, traits: TrackplanJSON, schema: TrackplanObjectSchema?) throws {
        if let schema, try !TrackplanCore.accept("group", schema, traits, options) { return }
        deliver(.group, nil, TrackplanCore.members(traits), groupId)
    }

    func view(kind: Envelope.Kind, name: String, properties: TrackplanJSON, schema: TrackplanObjectSchema?) throws {
        if let schema, try !TrackplanCore.accept(kind.rawValue, schema, properties, options) { return }
        deliver(kind, name, TrackplanCore.members(properties), nil)
    }

    func flush() {
        destination.flush()
    }
}
