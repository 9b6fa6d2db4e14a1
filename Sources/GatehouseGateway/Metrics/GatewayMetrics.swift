import Foundation
import Synchronization

/// The gateway's Prometheus metrics, rendered in the text exposition format at `GET /metrics`.
///
/// - `gatehouse_logins_total{protocol,result,code}`: completed logins by outcome and error code.
/// - `gatehouse_auth_checks_total{result}`: forward-auth answers (`allowed`, `denied`).
/// - `gatehouse_auth_checks_fast_path_total`: how many of those were answered before the router (by
///   ``ForwardAuthWirePath`` or ``ForwardAuthFastPath``); `gatehouse_auth_checks_wire_total`: the wire path's share.
/// - `gatehouse_http_request_duration_seconds{route}`: latency histogram per route.
/// Label values are fixed strings or error codes, never user input, so cardinality stays bounded.
package final class GatewayMetrics: Sendable {
    static let buckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

    struct Histogram {
        var counts = [UInt64](repeating: 0, count: GatewayMetrics.buckets.count)
        var sum = 0.0
        var count: UInt64 = 0

        mutating func record(_ seconds: Double) {
            for (i, bound) in GatewayMetrics.buckets.enumerated() where seconds <= bound { counts[i] += 1 }
            sum += seconds
            count += 1
        }

        mutating func merge(_ other: Histogram) {
            for i in counts.indices { counts[i] += other.counts[i] }
            sum += other.sum
            count += other.count
        }
    }

    struct State {
        var logins: [String: UInt64] = [:]
        var allowed: UInt64 = 0
        var denied: UInt64 = 0
        var fastPathChecks: UInt64 = 0
        var wireChecks: UInt64 = 0
        /// The fast path's share of route `/auth/check` (kept apart: no route-name hashing per check).
        var fastPathLatency = Histogram()
        var latency: [String: Histogram] = [:]
    }

    private let state = Mutex(State())

    package init() {}

    package func login(protocol proto: String, result: String, code: String) {
        let key = "protocol=\"\(proto)\",result=\"\(result)\",code=\"\(Self.sanitize(code))\""
        state.withLock { $0.logins[key, default: 0] += 1 }
    }

    package func authCheck(allowed: Bool) {
        state.withLock { s in if allowed { s.allowed += 1 } else { s.denied += 1 } }
    }

    package func observe(route: String, seconds: Double) {
        state.withLock { $0.latency[route, default: Histogram()].record(seconds) }
    }

    /// One answer given before the router (by ``ForwardAuthWirePath`` when `wire`, else ``ForwardAuthFastPath``): its
    /// result, the counters and its latency since `start`, under one lock.
    package func fastPathAuthCheck(allowed: Bool, since start: ContinuousClock.Instant, wire: Bool = false) {
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        state.withLock { s in
            if allowed { s.allowed += 1 } else { s.denied += 1 }
            s.fastPathChecks += 1
            if wire { s.wireChecks += 1 }
            s.fastPathLatency.record(seconds)
        }
    }

    /// How many forward-auth checks ``ForwardAuthFastPath`` answered.
    package var fastPathChecks: UInt64 { state.withLock { $0.fastPathChecks } }

    /// How many of ``fastPathChecks`` ``ForwardAuthWirePath`` answered from the bytes.
    package var wireChecks: UInt64 { state.withLock { $0.wireChecks } }

    package func render() -> String {
        let s = state.withLock { $0 }
        var out = "# HELP gatehouse_logins_total Completed logins by protocol, result and error code.\n# TYPE gatehouse_logins_total counter\n"
        for (k, v) in s.logins.sorted(by: { $0.key < $1.key }) { out += "gatehouse_logins_total{\(k)} \(v)\n" }
        out += "# HELP gatehouse_auth_checks_total Forward-auth answers.\n# TYPE gatehouse_auth_checks_total counter\n"
        out += "gatehouse_auth_checks_total{result=\"allowed\"} \(s.allowed)\ngatehouse_auth_checks_total{result=\"denied\"} \(s.denied)\n"
        out += "# HELP gatehouse_auth_checks_fast_path_total Forward-auth answers given before the router.\n"
        out += "# TYPE gatehouse_auth_checks_fast_path_total counter\ngatehouse_auth_checks_fast_path_total \(s.fastPathChecks)\n"
        out += "# HELP gatehouse_auth_checks_wire_total Forward-auth answers given from the connection's bytes, before HTTP parsing.\n"
        out += "# TYPE gatehouse_auth_checks_wire_total counter\ngatehouse_auth_checks_wire_total \(s.wireChecks)\n"
        out += "# HELP gatehouse_http_request_duration_seconds Request latency per route.\n# TYPE gatehouse_http_request_duration_seconds histogram\n"
        var latency = s.latency
        if s.fastPathLatency.count > 0 { latency["/auth/check", default: Histogram()].merge(s.fastPathLatency) }
        for (route, h) in latency.sorted(by: { $0.key < $1.key }) {
            for (i, bound) in Self.buckets.enumerated() {
                out += "gatehouse_http_request_duration_seconds_bucket{route=\"\(route)\",le=\"\(bound)\"} \(h.counts[i])\n"
            }
            out += "gatehouse_http_request_duration_seconds_bucket{route=\"\(route)\",le=\"+Inf\"} \(h.count)\n"
            out += "gatehouse_http_request_duration_seconds_sum{route=\"\(route)\"} \(h.sum)\n"
            out += "gatehouse_http_request_duration_seconds_count{route=\"\(route)\"} \(h.count)\n"
        }
        return out
    }

    /// Codes are `[a-z0-9_.]`; anything else becomes `_` (defence in depth against label injection).
    static func sanitize(_ code: String) -> String {
        String(code.prefix(64).map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" ? $0 : "_" })
    }
}
