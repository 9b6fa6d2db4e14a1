public import Foundation

/// The mock's TEST-ONLY keys, by name, loaded from a `certs/` folder (`NAME.key.pem` + `NAME.crt.pem`).
///
/// *Published* keys (metadata, JWKS) are kept apart from the *signing* key, the axes of rotation lockouts:
/// scenarios change either one without the other.
public struct MockKeyRing: Sendable {
    public static let standardNames = ["idp-rsa", "idp-rsa-next", "idp-ec", "idp-rsa-expired", "idp-rsa-future", "attacker-rsa",
                                       "sp-rsa", "sp-rsa-old"]
    public let keys: [String: MockKey]

    public init(keys: [MockKey]) {
        self.keys = Dictionary(keys.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Loads every standard key present in `directory`.
    /// - Warning: these keys are public test keys; never configure them as trusted on a real connection.
    public static func load(from directory: URL) throws -> MockKeyRing {
        var loaded: [MockKey] = []
        for name in standardNames {
            let keyURL = directory.appendingPathComponent("\(name).key.pem")
            let certURL = directory.appendingPathComponent("\(name).crt.pem")
            guard FileManager.default.fileExists(atPath: keyURL.path) else { continue }
            do {
                let key = try String(contentsOf: keyURL, encoding: .utf8)
                let cert = try String(contentsOf: certURL, encoding: .utf8)
                loaded.append(try MockKey(name: name, privateKeyPEM: key, certificatePEM: cert))
            } catch let error as MockIdPError {
                throw error
            } catch {
                throw MockIdPError(.keyUnreadable, "\(keyURL.path): \(error)")
            }
        }
        guard loaded.contains(where: { $0.name == "idp-rsa" }) else {
            throw MockIdPError(.keyUnreadable, "\(directory.path) has no idp-rsa.key.pem/idp-rsa.crt.pem")
        }
        return MockKeyRing(keys: loaded)
    }

    /// Finds `certs/` by walking up from `start` (the repository root holds it), or `$GATEHOUSE_CERTS`.
    public static func locateCertsDirectory(from start: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) -> URL? {
        if let env = ProcessInfo.processInfo.environment["GATEHOUSE_CERTS"] { return URL(fileURLWithPath: env) }
        var dir = start
        for _ in 0..<8 {
            let candidate = dir.appendingPathComponent("certs/idp-rsa.key.pem")
            if FileManager.default.fileExists(atPath: candidate.path) { return dir.appendingPathComponent("certs") }
            dir.deleteLastPathComponent()
        }
        return nil
    }

    public func key(_ name: String) throws -> MockKey {
        guard let key = keys[name] else {
            throw MockIdPError(.keyUnreadable, "no key named \(name); have \(keys.keys.sorted().joined(separator: ", "))")
        }
        return key
    }
}
