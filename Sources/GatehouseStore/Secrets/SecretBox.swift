import Crypto
public import Foundation

/// Seals connection secrets with AES-256-GCM under a key from the environment, and resolves `env:NAME` references.
///
/// The key is 32 bytes, base64, in `GATEHOUSE_SECRET_KEY` (``SecretBox/fromEnvironment(_:)``). The ciphertext format
/// is `aesgcm:v1:<base64(nonce ‖ ciphertext ‖ tag)>`; the connection ID is bound as authenticated data, so a
/// ciphertext copied onto another connection does not decrypt.
/// - Warning: losing the key makes every sealed secret unreadable (`store.secret_undecryptable`); rotate by
///   re-saving connections under the new key.
public struct SecretBox: Sendable {
    public static let keyVariable = "GATEHOUSE_SECRET_KEY"
    static let prefix = "aesgcm:v1:"
    private let key: SymmetricKey?
    private let environment: @Sendable (String) -> String?

    /// - Parameters:
    ///   - keyData: 32 bytes, or `nil` when no key is configured (only `env:` references then work).
    ///   - environment: reads `env:NAME` references (injected in tests).
    public init(keyData: Data?, environment: @escaping @Sendable (String) -> String? = { ProcessInfo.processInfo.environment[$0] }) {
        self.key = keyData.flatMap { $0.count == 32 ? SymmetricKey(data: $0) : nil }
        self.environment = environment
    }

    /// The key from `$GATEHOUSE_SECRET_KEY` (base64); no key when unset.
    public static func fromEnvironment(_ variables: [String: String] = ProcessInfo.processInfo.environment) -> SecretBox {
        let key = variables[keyVariable].flatMap { Data(base64Encoded: $0.trimmingCharacters(in: .whitespaces)) }
        return SecretBox(keyData: key)
    }

    /// Encrypts `plaintext` for connection `context`.
    public func seal(_ plaintext: String, context: String) throws -> ConnectionSecret {
        guard let key else { throw StoreError.secretKeyMissing(Self.keyVariable) }
        do {
            let box = try AES.GCM.seal(Data(plaintext.utf8), using: key, authenticating: Data(context.utf8))
            guard let combined = box.combined else { throw StoreError.secretUndecryptable("AES-GCM produced no output") }
            return ConnectionSecret(storage: .sealed(Self.prefix + combined.base64EncodedString()))
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.secretUndecryptable("AES-GCM sealing failed: \(error)")
        }
    }

    /// The secret's plaintext: decrypted, or read from the named environment variable.
    public func resolve(_ secret: ConnectionSecret, context: String) throws -> String {
        switch secret.storage {
        case .environment(let name):
            guard let value = environment(name) else {
                throw StoreError.secretUndecryptable("secret references $\(name), which is not set")
            }
            return value
        case .sealed(let text):
            guard let key else { throw StoreError.secretKeyMissing(Self.keyVariable) }
            guard text.hasPrefix(Self.prefix), let data = Data(base64Encoded: String(text.dropFirst(Self.prefix.count))) else {
                throw StoreError.secretUndecryptable("expected '\(Self.prefix)<base64>', found another format")
            }
            do {
                let box = try AES.GCM.SealedBox(combined: data)
                let plain = try AES.GCM.open(box, using: key, authenticating: Data(context.utf8))
                return String(decoding: plain, as: UTF8.self)
            } catch {
                throw StoreError.secretUndecryptable(
                    "AES-GCM authentication failed for '\(context)': wrong \(Self.keyVariable), or the ciphertext belongs to another connection")
            }
        }
    }
}
