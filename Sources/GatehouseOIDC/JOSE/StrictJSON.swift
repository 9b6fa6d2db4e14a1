/// A small, strict RFC 8259 parser for JOSE headers, claims sets, JWKS and discovery documents.
///
/// Unlike `JSONSerialization` (which silently keeps one of two equal keys) it rejects duplicate object keys, compared
/// after unescaping (`"a"` and `"\u0061"` collide). It also rejects invalid UTF-8, lone surrogates, control characters
/// in strings, leading zeros, trailing content, and nesting deeper than `maxDepth`; it runs in time linear in the input.
package enum StrictJSON {
    package enum Failure: Error, Equatable {
        case syntax(String, offset: Int)
        case duplicateKey(String)
        case tooDeep(Int)

        package var message: String {
            switch self {
            case .syntax(let what, let offset): "invalid JSON at byte \(offset): \(what)"
            case .duplicateKey(let key): "duplicate JSON key '\(key)'"
            case .tooDeep(let depth): "JSON nested deeper than \(depth) levels"
            }
        }
    }

    package static func parse(_ bytes: some Collection<UInt8>, maxDepth: Int = 32) throws(Failure) -> JSONValue {
        try parse(bytes: Array(bytes), maxDepth: maxDepth)
    }

    package static func parse(bytes array: [UInt8], maxDepth: Int = 32) throws(Failure) -> JSONValue {
        let result: Result<JSONValue, Failure> = array.withUnsafeBufferPointer { buffer in
            var parser = Parser(b: buffer, maxDepth: maxDepth)
            parser.skipWhitespace()
            do throws(Failure) {
                let value = try parser.parseValue(depth: 0)
                parser.skipWhitespace()
                guard parser.i == buffer.count else {
                    return .failure(.syntax("unexpected content after the JSON value", offset: parser.i))
                }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Parses and requires a top-level object (concrete, for the hot path).
    package static func parseObject(bytes: [UInt8], maxDepth: Int = 32) throws(Failure) -> [String: JSONValue] {
        guard case .object(let object) = try parse(bytes: bytes, maxDepth: maxDepth) else {
            throw .syntax("expected a JSON object at the top level", offset: 0)
        }
        return object
    }

    /// Parses and requires a top-level object.
    package static func parseObject(_ bytes: some Collection<UInt8>, maxDepth: Int = 32) throws(Failure) -> [String: JSONValue] {
        guard case .object(let object) = try parse(bytes, maxDepth: maxDepth) else {
            throw .syntax("expected a JSON object at the top level", offset: 0)
        }
        return object
    }

    private struct Parser {
        let b: UnsafeBufferPointer<UInt8>
        let maxDepth: Int
        var i = 0

        mutating func skipWhitespace() {
            while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
        }

        mutating func parseValue(depth: Int) throws(Failure) -> JSONValue {
            guard i < b.count else { throw .syntax("unexpected end of input", offset: i) }
            switch b[i] {
            case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
            case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
            default: throw .syntax("unexpected character", offset: i)
            }
        }

        mutating func literal(_ word: StaticString) throws(Failure) {
            let n = word.utf8CodeUnitCount
            guard i + n <= b.count else { throw .syntax("unexpected end of input", offset: i) }
            for k in 0..<n where b[i + k] != word.utf8Start[k] { throw .syntax("invalid literal", offset: i) }
            i += n
        }

        mutating func parseObject(depth: Int) throws(Failure) -> JSONValue {
            guard depth <= maxDepth else { throw .tooDeep(maxDepth) }
            i += 1
            var keys: [String] = []
            var values: [JSONValue] = []
            keys.reserveCapacity(16)
            values.reserveCapacity(16)
            skipWhitespace()
            if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return .object([:]) }
            while true {
                skipWhitespace()
                guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw .syntax("expected a string key", offset: i) }
                let key = try parseString()
                skipWhitespace()
                guard i < b.count, b[i] == UInt8(ascii: ":") else { throw .syntax("expected ':'", offset: i) }
                i += 1
                skipWhitespace()
                keys.append(key)
                values.append(try parseValue(depth: depth))
                skipWhitespace()
                guard i < b.count else { throw .syntax("unexpected end of input in an object", offset: i) }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == UInt8(ascii: "}") {
                    i += 1
                    var object = [String: JSONValue](minimumCapacity: keys.count)
                    for index in keys.indices where object.updateValue(values[index], forKey: keys[index]) != nil {
                        throw .duplicateKey(keys[index])
                    }
                    return .object(object)
                }
                throw .syntax("expected ',' or '}'", offset: i)
            }
        }

        mutating func parseArray(depth: Int) throws(Failure) -> JSONValue {
            guard depth <= maxDepth else { throw .tooDeep(maxDepth) }
            i += 1
            var array: [JSONValue] = []
            skipWhitespace()
            if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; return .array(array) }
            while true {
                skipWhitespace()
                array.append(try parseValue(depth: depth))
                skipWhitespace()
                guard i < b.count else { throw .syntax("unexpected end of input in an array", offset: i) }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == UInt8(ascii: "]") { i += 1; return .array(array) }
                throw .syntax("expected ',' or ']'", offset: i)
            }
        }

        mutating func parseNumber() throws(Failure) -> JSONValue {
            let start = i
            var integral = true
            if b[i] == UInt8(ascii: "-") { i += 1 }
            guard i < b.count, isDigit(b[i]) else { throw .syntax("invalid number", offset: start) }
            if b[i] == UInt8(ascii: "0") {
                i += 1
                if i < b.count, isDigit(b[i]) { throw .syntax("leading zero in a number", offset: start) }
            } else {
                while i < b.count, isDigit(b[i]) { i += 1 }
            }
            if i < b.count, b[i] == UInt8(ascii: ".") {
                integral = false
                i += 1
                guard i < b.count, isDigit(b[i]) else { throw .syntax("invalid fraction", offset: start) }
                while i < b.count, isDigit(b[i]) { i += 1 }
            }
            if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
                integral = false
                i += 1
                if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
                guard i < b.count, isDigit(b[i]) else { throw .syntax("invalid exponent", offset: start) }
                while i < b.count, isDigit(b[i]) { i += 1 }
            }
            guard i - start <= 64 else { throw .syntax("number longer than 64 characters", offset: start) }
            let text = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
            if integral, let value = Int64(text) { return .integer(value) }
            guard let value = Double(text), value.isFinite else { throw .syntax("number out of range", offset: start) }
            return .double(value)
        }

        func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

        mutating func parseString() throws(Failure) -> String {
            let start = i
            i += 1
            let contentStart = i
            // Fast path: no escapes.
            var ascii = true
            while i < b.count {
                let c = b[i]
                if c == UInt8(ascii: "\"") {
                    let slice = UnsafeBufferPointer(rebasing: b[contentStart..<i])
                    i += 1
                    if ascii { return String(decoding: slice, as: UTF8.self) }
                    guard let s = String(validating: slice, as: UTF8.self) else {
                        throw .syntax("invalid UTF-8 in a string", offset: start)
                    }
                    return s
                }
                if c == UInt8(ascii: "\\") { break }
                if c < 0x20 { throw .syntax("control character in a string", offset: i) }
                if c >= 0x80 { ascii = false }
                i += 1
            }
            var out = [UInt8](UnsafeBufferPointer(rebasing: b[contentStart..<i]))
            while i < b.count {
                let c = b[i]
                if c == UInt8(ascii: "\"") {
                    i += 1
                    guard let s = String(validating: out, as: UTF8.self) else {
                        throw .syntax("invalid UTF-8 in a string", offset: start)
                    }
                    return s
                }
                if c < 0x20 { throw .syntax("control character in a string", offset: i) }
                if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
                i += 1
                guard i < b.count else { break }
                let e = b[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard i + 1 < b.count, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u") else {
                            throw .syntax("lone surrogate in a string", offset: i)
                        }
                        i += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw .syntax("invalid surrogate pair", offset: i) }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw .syntax("lone surrogate in a string", offset: i)
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw .syntax("invalid \\u escape", offset: i) }
                    out.append(contentsOf: UTF8.encode(u)!)
                default: throw .syntax("invalid escape", offset: i - 1)
                }
            }
            throw .syntax("unterminated string", offset: start)
        }

        mutating func hex4() throws(Failure) -> UInt32 {
            guard i + 4 <= b.count else { throw .syntax("truncated \\u escape", offset: i) }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = b[i]
                let d: UInt32
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
                default: throw .syntax("invalid hex digit in \\u escape", offset: i)
                }
                v = v << 4 | d
                i += 1
            }
            return v
        }
    }
}
