import Foundation

/// A usage or configuration problem (unreadable file, bad flag value): printed on stderr, exit code 2.
struct UsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

enum CLIOutput {
    /// Prints one JSON object on stdout, keys sorted so output is stable for tools and snapshot tests.
    static func printJSON(_ object: Any) {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    /// Prints an `Encodable` value as one JSON object on stdout.
    static func printJSON<T: Encodable>(encodable value: T, pretty: Bool = false) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    /// Reads a whole file or throws a ``UsageError`` naming it.
    /// - Parameter readAtMost: read no more than this many bytes (the caller checks sizes itself).
    static func readFile(_ path: String, what: String, limit: Int = 64 << 20, readAtMost: Int? = nil) throws -> Data {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw UsageError("cannot read \(what) '\(path)': no such file or not readable")
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: readAtMost ?? (limit + 1))) ?? Data()
        if data.count > limit { throw UsageError("\(what) '\(path)' is larger than \(limit) bytes") }
        return data
    }

    /// Parses `--now` values: ISO 8601 with or without fractional seconds.
    static func parseInstant(_ text: String) throws -> Date {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = fractional.date(from: text) { return date }
        throw UsageError("--now '\(text)' is not an ISO 8601 instant such as 2026-01-31T12:00:00Z")
    }
}
