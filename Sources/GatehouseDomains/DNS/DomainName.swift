import Foundation

/// Domain name helpers: normalisation and validation (LDH labels plus `_` for service labels).
public enum DomainName {
    /// Lowercased, trimmed, without one trailing dot.
    public static func normalize(_ name: String) -> String {
        var n = name.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if n.hasSuffix(".") { n.removeLast() }
        return n
    }

    /// Nil when `name` is a syntactically valid host name (≤ 253 bytes, labels 1…63 bytes of `a-z0-9-_`),
    /// otherwise the reason.
    public static func problem(with name: String) -> String? {
        if name.isEmpty { return "the name is empty" }
        if name.utf8.count > 253 { return "the name is longer than 253 bytes" }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        if labels.count < 2 { return "'\(name)' has no dot; give the full domain such as example.com" }
        for label in labels {
            if label.isEmpty { return "'\(name)' has an empty label (two dots in a row)" }
            if label.utf8.count > 63 { return "label '\(label.prefix(20))…' is longer than 63 bytes" }
            if !label.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 95 }) {
                return "label '\(label)' has characters other than a-z, 0-9, '-' and '_' (write IDNs as xn--…)"
            }
        }
        return nil
    }

    /// Whether `name` equals `zone` or lies below it.
    public static func isWithin(_ name: String, zone: String) -> Bool {
        name == zone || name.hasSuffix("." + zone)
    }
}
