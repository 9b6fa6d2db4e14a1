public import Foundation
import Crypto

/// Where an organization's audit events are delivered: an HTTPS URL and the shared secret the body is signed with.
///
/// - Warning: `allowPlainHTTP` sends events (user names, IPs) unencrypted to a non-loopback host; the signature still
///   protects integrity, not confidentiality. Loopback (`127.0.0.1`, `::1`, `localhost`) may always use `http`.
public struct AuditWebhook: Sendable {
    public let url: URL
    let key: SymmetricKey

    /// Throws `audit.webhook_invalid` for a URL that is not http(s), has no host, carries credentials, or is plain
    /// http to a non-loopback host without `allowPlainHTTP`, and for an empty secret.
    public init(url: URL, secret: String, allowPlainHTTP: Bool = false) throws {
        guard let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http" else {
            throw AuditError.webhookInvalid("webhook URL must be https:// (got scheme '\(url.scheme ?? "")')")
        }
        guard let host = url.host, !host.isEmpty else { throw AuditError.webhookInvalid("webhook URL has no host") }
        guard url.user == nil, url.password == nil else {
            throw AuditError.webhookInvalid("webhook URL must not carry credentials; use the secret")
        }
        if scheme == "http", !allowPlainHTTP, !Self.isLoopback(host) {
            throw AuditError.webhookInvalid("webhook URL must be https:// for host '\(host)'")
        }
        guard !secret.isEmpty else { throw AuditError.webhookInvalid("webhook secret is empty") }
        self.url = url
        self.key = SymmetricKey(data: Data(secret.utf8))
    }

    static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        return bare == "localhost" || bare == "::1" || bare.hasPrefix("127.")
    }
}
