/// A strict RFC 4180 reader (CRLF records, quoted fields with `""`), to check that exports parse back.
enum CSVReader {
    struct Malformed: Error {}

    static func parse(_ text: String) throws -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
                } else {
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: quoted = true
            case "\"": throw Malformed()
            case ",": record.append(field); field = ""
            case "\r\n":
                record.append(field)
                records.append(record)
                record = []
                field = ""
            case "\r", "\n": throw Malformed()
            default: field.append(c)
            }
        }
        guard !quoted, field.isEmpty, record.isEmpty else { throw Malformed() }
        return records
    }
}
