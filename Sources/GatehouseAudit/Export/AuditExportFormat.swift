/// An export format: JSON Lines (one object per line) or CSV (RFC 4180, header row, injection-safe).
public struct AuditExportFormat: Hashable, Sendable, CustomStringConvertible {
    enum Base: String, Sendable { case jsonLines = "jsonl", csv }
    let base: Base

    /// One JSON object per line, keys sorted; `details` is an object.
    public static let jsonLines = Self(base: .jsonLines)
    /// RFC 4180 with a header row and CRLF line ends; `details` is its JSON text. A cell starting with `=`, `+`, `-`
    /// or `@` (or tab/CR) gets a leading `'`, so spreadsheets do not evaluate it as a formula.
    public static let csv = Self(base: .csv)

    public var description: String { base.rawValue }

    /// `jsonl` (also `json-lines`, `ndjson`) or `csv`; throws `audit.invalid_format`.
    public init(parsing text: String) throws {
        switch text.lowercased() {
        case "jsonl", "json-lines", "ndjson": self = .jsonLines
        case "csv": self = .csv
        default: throw AuditError.invalidFormat(text)
        }
    }

    init(base: Base) { self.base = base }
}
