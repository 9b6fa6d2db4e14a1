/// Recognizers for group values that are probably not what the admin meant.
enum GroupShape {
    /// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in hex: the shape of Entra ID group object IDs.
    static func looksLikeObjectID(_ s: String) -> Bool {
        let utf8 = s.utf8
        guard utf8.count == 36 else { return false }
        var i = 0
        for c in utf8 {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                if c != UInt8(ascii: "-") { return false }
            } else if !((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)) {
                return false
            }
            i += 1
        }
        return true
    }

    /// `s.lowercased()`, without allocating when `s` is ASCII with no capital letters (the common case).
    static func lowercased(_ s: String) -> String {
        for c in s.utf8 where c >= 65 && (c <= 90 || c >= 128) { return s.lowercased() }
        return s
    }

    /// Contains `,` or `;`: several names joined into one value.
    static func looksJoined(_ s: String) -> Bool {
        s.utf8.contains { $0 == 44 || $0 == 59 }
    }

    static func splitJoined(_ s: String) -> [String] {
        s.split(whereSeparator: { $0 == "," || $0 == ";" }).map(String.init)
    }

    static func trimmed(_ s: String) -> String {
        guard let first = s.utf8.first, let last = s.utf8.last else { return s }
        if !isSpace(first) && !isSpace(last) { return s }
        return String(s.drop(while: { $0.isWhitespace }).reversed().drop(while: { $0.isWhitespace }).reversed())
    }

    private static func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 }

    /// Attribute names IdPs use for groups when the connection expects another one.
    static let alternativeGroupAttributes = [
        "groups", "Groups", "group", "memberOf", "member_of", "Group",
        "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups",
        "http://schemas.xmlsoap.org/claims/Group",
    ]
}
