import Foundation

/// An email address as typed at `/login`: trimmed, with a lower-cased domain. Only the shape is checked; the IdP
/// decides whether the mailbox exists.
public struct EmailAddress: Hashable, Sendable, CustomStringConvertible {
    public let local: String
    /// Lower-cased, without a trailing dot.
    public let domain: String
    public var description: String { "\(local)@\(domain)" }

    public init(_ text: String) throws(GatewayError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.utf8.count <= 320, let at = trimmed.lastIndex(of: "@") else {
            throw GatewayError(.emailInvalid, "'\(text.prefix(64))' is not an email address (no @)")
        }
        let local = String(trimmed[..<at])
        var domain = String(trimmed[trimmed.index(after: at)...]).lowercased()
        if domain.hasSuffix(".") { domain.removeLast() }
        guard !local.isEmpty, local.utf8.count <= 64, !domain.isEmpty, domain.contains("."),
              !trimmed.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F }),
              domain.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }),
              !domain.hasPrefix("."), !domain.contains("..")
        else {
            throw GatewayError(.emailInvalid, "'\(text.prefix(64))' is not an email address")
        }
        self.local = local
        self.domain = domain
    }
}
