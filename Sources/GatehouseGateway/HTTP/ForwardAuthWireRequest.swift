/// A `GET /auth/check` read straight from the connection's bytes by ``ForwardAuthWirePath``, under a grammar stricter
/// than NIO's HTTP/1 parser: anything this parser does not accept goes to NIO's parser instead, so the wire path
/// never frames a message differently from it.
///
/// Accepted: `GET /auth/check` or `GET /auth/check?…` (visible ASCII target), `HTTP/1.1` or `HTTP/1.0`, CRLF line
/// ends only, header names of RFC 9110 token characters directly followed by `:`, values of HTAB, SP, visible ASCII
/// and obs-text, no `Content-Length` or `Transfer-Encoding` (no body, so no body framing to disagree about), no line
/// folding, the whole head within ``maximumLength``.
package struct ForwardAuthWireRequest {
    /// Heads longer than this go to NIO's parser (its limits apply there).
    package static let maximumLength = 8 * 1024

    package var isHTTP10: Bool
    /// After `Connection` (HTTP/1.1: unless `close`; HTTP/1.0: only with `keep-alive`), as NIO's `isKeepAlive`.
    package var keepAlive: Bool
    /// Every `Cookie` header's value, in order.
    package var cookies: [String] = []
    /// The headers ``ForwardAuthAnswer`` may ask for (`X-Original-URL`, `X-Forwarded-Proto/Host/Uri`), first value
    /// of each, lowercased name.
    package var forwarded: [(String, String)] = []

    /// The first value of a header ``ForwardAuthAnswer/make(identity:runtime:header:)`` asks for.
    package func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return forwarded.first { $0.0 == lowered }?.1
    }

    package enum Parse {
        /// A complete check whose head is the first `length` bytes.
        case check(ForwardAuthWireRequest, length: Int)
        /// A prefix of what may become a check: wait for more bytes.
        case needMore
        /// Not a check this parser accepts: NIO's parser must have these bytes.
        case notEligible
    }

    private static let prefix = Array("GET /auth/check".utf8)
    private static let forwardedNames: [StaticString] = ["x-original-url", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-uri"]

    /// - Parameter searchFrom: how many bytes an earlier `.needMore` answer already searched for the end of the
    ///   head (a head trickled in byte by byte is then scanned once, not once per byte).
    package static func parse(_ bytes: UnsafeRawBufferPointer, searchFrom: Int = 0) -> Parse {
        parseBytes(bytes, searchFrom: searchFrom)
    }

    /// ``parse(_:)`` for tests.
    package static func parse(_ text: String) -> Parse {
        Array(text.utf8).withUnsafeBytes { parseBytes($0, searchFrom: 0) }
    }

    private static func parseBytes(_ bytes: UnsafeRawBufferPointer, searchFrom: Int) -> Parse {
        let count = bytes.count
        let prefixLength = min(count, prefix.count)
        for i in 0..<prefixLength where bytes[i] != prefix[i] { return .notEligible }
        // The end of the head: the first CRLF CRLF.
        var end = -1
        var i = max(prefix.count, searchFrom - 3)
        while i + 3 < count {
            if bytes[i] == 13, bytes[i + 1] == 10, bytes[i + 2] == 13, bytes[i + 3] == 10 {
                end = i + 4
                break
            }
            i += 1
        }
        if end < 0 { return count > maximumLength ? .notEligible : .needMore }
        if end > maximumLength { return .notEligible }
        guard let request = parseHead(bytes, end: end) else { return .notEligible }
        return .check(request, length: end)
    }

    /// Parses `bytes[0..<end]`, which ends with CRLF CRLF.
    private static func parseHead(_ bytes: UnsafeRawBufferPointer, end: Int) -> ForwardAuthWireRequest? {
        // Request line: "GET " target " HTTP/1.x" CRLF; the target is "/auth/check" then nothing or "?…".
        var i = prefix.count
        if bytes[i] == UInt8(ascii: "?") {
            while i < end, bytes[i] > 0x20, bytes[i] < 0x7F { i += 1 }
        }
        guard i + 10 < end, bytes[i] == UInt8(ascii: " ") else { return nil }
        let version = Array("HTTP/1.".utf8)
        for (offset, byte) in version.enumerated() where bytes[i + 1 + offset] != byte { return nil }
        let minor = bytes[i + 8]
        guard minor == UInt8(ascii: "1") || minor == UInt8(ascii: "0"), bytes[i + 9] == 13, bytes[i + 10] == 10 else {
            return nil
        }
        var request = ForwardAuthWireRequest(isHTTP10: minor == UInt8(ascii: "0"), keepAlive: minor == UInt8(ascii: "1"))
        var sawClose = false, sawKeepAlive = false
        i += 11
        // Header lines until the empty line at end - 2.
        while i < end - 2 {
            let nameStart = i
            while i < end, isTokenCharacter(bytes[i]) { i += 1 }
            guard i > nameStart, i < end, bytes[i] == UInt8(ascii: ":") else { return nil }
            let nameEnd = i
            i += 1
            while i < end, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
            let valueStart = i
            while i < end, bytes[i] != 13 {
                let byte = bytes[i]
                guard byte == 0x09 || (byte >= 0x20 && byte != 0x7F) else { return nil }
                i += 1
            }
            guard i + 1 < end, bytes[i + 1] == 10 else { return nil }
            var valueEnd = i
            while valueEnd > valueStart, bytes[valueEnd - 1] == 0x20 || bytes[valueEnd - 1] == 0x09 { valueEnd -= 1 }
            i += 2
            let name = UnsafeRawBufferPointer(rebasing: bytes[nameStart..<nameEnd])
            let value = UnsafeRawBufferPointer(rebasing: bytes[valueStart..<valueEnd])
            if equalsLowercase(name, "cookie") {
                request.cookies.append(String(decoding: value, as: UTF8.self))
            } else if equalsLowercase(name, "connection") {
                // Comma-separated options, each trimmed of SP/HTAB.
                var start = 0
                while start <= value.count {
                    var stop = start
                    while stop < value.count, value[stop] != UInt8(ascii: ",") { stop += 1 }
                    var first = start, last = stop
                    while first < last, value[first] == 0x20 || value[first] == 0x09 { first += 1 }
                    while last > first, value[last - 1] == 0x20 || value[last - 1] == 0x09 { last -= 1 }
                    let option = UnsafeRawBufferPointer(rebasing: value[first..<last])
                    if equalsLowercase(option, "close") { sawClose = true }
                    if equalsLowercase(option, "keep-alive") { sawKeepAlive = true }
                    start = stop + 1
                }
            } else if equalsLowercase(name, "content-length") || equalsLowercase(name, "transfer-encoding") {
                return nil
            } else if name.count > 2, name[0] | 0x20 == UInt8(ascii: "x"), name[1] == UInt8(ascii: "-") {
                for wanted in forwardedNames where equalsLowercase(name, wanted) {
                    let wantedName = wanted.description
                    if !request.forwarded.contains(where: { $0.0 == wantedName }) {
                        request.forwarded.append((wantedName, String(decoding: value, as: UTF8.self)))
                    }
                }
            }
        }
        guard i == end - 2 else { return nil }
        request.keepAlive = request.isHTTP10 ? (sawKeepAlive && !sawClose) : !sawClose
        return request
    }

    /// RFC 9110 `tchar`.
    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
            UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
            UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// ASCII case-insensitive comparison with a lowercase name.
    private static func equalsLowercase(_ bytes: UnsafeRawBufferPointer, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        let wanted = lowercase.utf8Start
        for i in 0..<bytes.count {
            var byte = bytes[i]
            if byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") { byte |= 0x20 }
            if byte != wanted[i] { return false }
        }
        return true
    }
}
