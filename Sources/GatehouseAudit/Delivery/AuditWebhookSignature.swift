public import Crypto
import Foundation

/// The webhook signature: `X-Gatehouse-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>`, with
/// `timestamp` the `X-Gatehouse-Timestamp` header (Unix seconds). Receivers recompute it over the raw body bytes,
/// compare in constant time, and reject timestamps far from their clock (replays).
public enum AuditWebhookSignature {
    /// The `X-Gatehouse-Signature` header value for `body` sent at `timestamp`.
    public static func header(body: [UInt8], timestamp: String, key: SymmetricKey) -> String {
        var hmac = HMAC<SHA256>(key: key)
        hmac.update(data: Array(timestamp.utf8))
        hmac.update(data: [UInt8(ascii: ".")])
        hmac.update(data: body)
        return "sha256=" + hmac.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `header` is a valid signature of `body` at `timestamp` under `secret`, and the timestamp is within
    /// `tolerance` seconds of `now` (Unix seconds). Constant-time comparison.
    public static func verify(
        body: [UInt8], timestamp: String, header: String, secret: String, now: Int64, tolerance: Int64 = 300
    ) -> Bool {
        guard let sent = Int64(timestamp), abs(now - sent) <= tolerance, header.hasPrefix("sha256="),
              let mac = hexBytes(header.dropFirst("sha256=".count))
        else { return false }
        var message = Array(timestamp.utf8)
        message.append(UInt8(ascii: "."))
        message += body
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: message, using: SymmetricKey(data: Data(secret.utf8)))
    }

    static func hexBytes(_ text: Substring) -> [UInt8]? {
        guard text.count == 64 else { return nil }
        var out: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            out.append(byte)
            index = next
        }
        return out
    }
}
