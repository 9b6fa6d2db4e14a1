public import struct Foundation.Date
import Synchronization

/// One journal entry: what was asked, which scenarios fired, what came out. Secrets are never recorded.
public struct RequestLogEntry: Sendable, Codable, Hashable {
    public var sequence: Int
    public var time: Date
    public var method: String
    public var path: String
    public var kind: String          // e.g. saml.sso, oidc.token, saml.metadata
    public var tenant: String?
    public var user: String?
    public var scenarios: [String]
    public var outcome: String       // e.g. "response signed=both", "400 invalid_grant"
}

/// The request log, bounded (oldest dropped first), queryable from Swift and over HTTP.
public final class RequestLog: Sendable {
    private let entries = Mutex<[RequestLogEntry]>([])
    private let next = Mutex(1)
    public let capacity: Int

    public init(capacity: Int = 2000) { self.capacity = capacity }

    func record(_ time: Date, _ method: String, _ path: String, kind: String, tenant: String?, user: String?,
                scenarios: [ScenarioRef], outcome: String) {
        let seq = next.withLock { n in defer { n += 1 }; return n }
        let entry = RequestLogEntry(sequence: seq, time: time, method: method, path: path, kind: kind, tenant: tenant,
                                    user: user, scenarios: scenarios.map(\.description), outcome: outcome)
        entries.withLock { e in
            e.append(entry)
            if e.count > capacity { e.removeFirst(e.count - capacity) }
        }
    }

    /// All entries, or those where `scenario` fired.
    public func query(scenario: String? = nil) -> [RequestLogEntry] {
        entries.withLock { e in scenario.map { s in e.filter { $0.scenarios.contains { $0 == s || $0.hasPrefix(s + "(") } } } ?? e }
    }

    public func clear() { entries.withLock { $0.removeAll() } }
}
