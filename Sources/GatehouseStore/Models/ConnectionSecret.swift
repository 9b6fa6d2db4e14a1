/// A connection secret as the store holds it.
///
/// - `.environment(name)`: stored as `env:NAME`; the value is read from the process environment when resolved, so
///   the database never holds it.
/// - `.sealed(text)`: AES-GCM ciphertext (`aesgcm:v1:<base64>`) under the key in `GATEHOUSE_SECRET_KEY`.
///   Build it with ``SecretBox/seal(_:)``; read it with ``SecretBox/resolve(_:)``.
public struct ConnectionSecret: Sendable, Hashable {
    enum Storage: Sendable, Hashable {
        case environment(String)
        case sealed(String)
    }
    let storage: Storage

    /// A reference to an environment variable (`env:NAME`).
    public static func environment(_ name: String) -> Self { Self(storage: .environment(name)) }

    /// The stored column text.
    var columnText: String {
        switch storage {
        case .environment(let name): "env:\(name)"
        case .sealed(let text): text
        }
    }

    init(storage: Storage) { self.storage = storage }

    init?(columnText: String?) {
        guard let text = columnText, !text.isEmpty else { return nil }
        if text.hasPrefix("env:") {
            self.storage = .environment(String(text.dropFirst(4)))
        } else {
            self.storage = .sealed(text)
        }
    }

    /// `true` when the secret is an environment reference rather than ciphertext.
    public var isEnvironmentReference: Bool {
        if case .environment = storage { return true }
        return false
    }
}
