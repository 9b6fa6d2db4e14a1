import Foundation
import GatehouseMockIdP

enum TestSupport {
    static let instant = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15T08:00:00Z

    static let keys: MockKeyRing = {
        let here = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        guard let dir = MockKeyRing.locateCertsDirectory(from: here) else { fatalError("certs/ not found above \(here.path)") }
        return try! MockKeyRing.load(from: dir)
    }()

    static let sp = ServiceProvider(entityID: "https://sp.test/metadata", acsURL: "https://sp.test/acs")
    static let client = OIDCClient(clientID: "rp", clientSecret: "rp-secret", redirectURIs: ["https://rp.test/cb"])

    static func idp(seed: UInt64? = 7) -> MockIdP {
        MockIdP(configuration: MockIdPConfiguration(publicBaseURL: "http://idp.test", serviceProviders: [sp], clients: [client], seed: seed),
                keys: keys, clock: MockClock(frozenAt: instant))
    }

    static func count(_ needle: String, in hay: String) -> Int { hay.components(separatedBy: needle).count - 1 }

    /// The text between `<tag ...>` and `</tag>` for the first occurrence.
    static func text(of tag: String, in xml: String) -> String? {
        guard let open = xml.range(of: "<\(tag)>") ?? xml.range(of: "<\(tag) "), let gt = xml[open.lowerBound...].firstIndex(of: ">"),
              let close = xml[gt...].range(of: "</\(tag)>") else { return nil }
        return String(xml[xml.index(after: gt)..<close.lowerBound])
    }

    static func attribute(_ name: String, in xml: String) -> String? {
        guard let r = xml.range(of: " \(name)=\"") else { return nil }
        return String(xml[r.upperBound...].prefix { $0 != "\"" })
    }

    static func jwtParts(_ token: String) -> (header: [String: Any], claims: [String: Any], signature: String) {
        let p = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        func decode(_ s: String) -> [String: Any] {
            var b = s.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            while b.count % 4 != 0 { b += "=" }
            return (try? JSONSerialization.jsonObject(with: Data(base64Encoded: b) ?? Data())) as? [String: Any] ?? [:]
        }
        return (decode(p[0]), decode(p[1]), p.count > 2 ? p[2] : "")
    }
}
