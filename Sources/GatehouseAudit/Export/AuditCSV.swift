import Foundation

/// CSV cells per RFC 4180, made safe to open in a spreadsheet.
public enum AuditCSV {
    /// Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection").
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// The cell for `value`: a leading `'` if it starts like a formula; quoted (with `""` for `"`) if it contains a
    /// comma, quote, CR or LF, or was prefixed.
    public static func cell(_ value: String) -> String {
        var text = value
        if let first = text.first, formulaStarts.contains(first) { text = "'" + text }
        let needsQuotes = text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
            || text.hasPrefix("'") || text.hasPrefix(" ") || text.hasSuffix(" ")
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The header row.
    public static var header: String { AuditExportRecord.csvColumns.joined(separator: ",") }
}
