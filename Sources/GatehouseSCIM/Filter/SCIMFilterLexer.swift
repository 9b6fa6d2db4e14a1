/// Tokens of the filter and path grammar.
enum SCIMFilterToken: Sendable, Hashable {
    case lparen, rparen, lbracket, rbracket
    /// An attribute path or keyword (`and`, `eq`, `true`, `name.givenName`, `urn:…:User:manager`, `.value`).
    case word(String)
    case string(String)
    case number(Double)
}

enum SCIMFilterLexer {
    static func tokens(_ text: String, error: SCIMError.Code) throws(SCIMError) -> [SCIMFilterToken] {
        let b = Array(text.utf8)
        var i = 0
        var out: [SCIMFilterToken] = []
        func fail(_ what: String) -> SCIMError { SCIMError(error, "\(what) at character \(i + 1) of '\(text.prefix(200))'") }
        while i < b.count {
            let c = b[i]
            switch c {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            case UInt8(ascii: "("): out.append(.lparen); i += 1
            case UInt8(ascii: ")"): out.append(.rparen); i += 1
            case UInt8(ascii: "["): out.append(.lbracket); i += 1
            case UInt8(ascii: "]"): out.append(.rbracket); i += 1
            case UInt8(ascii: "\""):
                // A JSON string literal; also accept the typographic quotes some admins paste.
                var j = i + 1
                var escaped = false
                while j < b.count {
                    if escaped { escaped = false } else if b[j] == UInt8(ascii: "\\") { escaped = true } else if b[j] == 0x22 { break }
                    j += 1
                }
                guard j < b.count else { throw fail("unterminated string") }
                let literal = Array(b[i...j])
                guard case .string(let s) = try? JSONParser.parse(literal, maxDepth: 1) else { throw fail("invalid string") }
                out.append(.string(s))
                i = j + 1
            case UInt8(ascii: "-"), 0x30...0x39:
                var j = i + 1
                while j < b.count, (0x30...0x39).contains(b[j]) || b[j] == UInt8(ascii: ".") || b[j] == UInt8(ascii: "e")
                    || b[j] == UInt8(ascii: "E") || b[j] == UInt8(ascii: "+") || b[j] == UInt8(ascii: "-")
                {
                    j += 1
                }
                guard let d = Double(String(decoding: b[i..<j], as: UTF8.self)), d.isFinite else { throw fail("invalid number") }
                out.append(.number(d))
                i = j
            default:
                guard isWordByte(c) else { throw fail("unexpected character") }
                var j = i
                while j < b.count, isWordByte(b[j]) { j += 1 }
                out.append(.word(String(decoding: b[i..<j], as: UTF8.self)))
                i = j
            }
        }
        return out
    }

    static func isWordByte(_ c: UInt8) -> Bool {
        (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) || (0x30...0x39).contains(c)
            || c == UInt8(ascii: ":") || c == UInt8(ascii: ".") || c == UInt8(ascii: "$") || c == UInt8(ascii: "_")
            || c == UInt8(ascii: "-")
    }

    /// Splits `urn:…:User:name.givenName` into its URN, attribute and sub-attribute.
    static func attributePath(_ word: String, error: SCIMError.Code) throws(SCIMError) -> SCIMAttributePath {
        var urn: String?
        var rest = Substring(word)
        if word.lowercased().hasPrefix("urn:") {
            guard let colon = word.lastIndex(of: ":") else { throw SCIMError(error, "invalid attribute path '\(word)'") }
            urn = String(word[..<colon])
            rest = word[word.index(after: colon)...]
        }
        let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ isName($0) }) else {
            throw SCIMError(error, "invalid attribute path '\(word.prefix(200))'")
        }
        return SCIMAttributePath(urn: urn, attribute: String(parts[0]), subAttribute: parts.count == 2 ? String(parts[1]) : nil)
    }

    /// ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA; plus `$ref`.
    static func isName(_ s: Substring) -> Bool {
        guard let first = s.utf8.first else { return false }
        if s == "$ref" { return true }
        let alpha = (0x41...0x5A).contains(first) || (0x61...0x7A).contains(first)
        return alpha && s.utf8.allSatisfy { isWordByte($0) && $0 != UInt8(ascii: ":") && $0 != UInt8(ascii: ".") && $0 != UInt8(ascii: "$") }
    }
}
