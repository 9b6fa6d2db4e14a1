import Foundation

extension MemberFileParser {
    static func parseCSV(_ data: Data) throws(PolicyError) -> [OrgMember] {
        guard let text = String(data: data, encoding: .utf8) else {
            throw PolicyError(.invalidMembersFile, "The members CSV is not UTF-8 text.")
        }
        let rows = try CSVReader.rows(text)
        guard let header = rows.first else {
            throw PolicyError(.invalidMembersFile, "The members CSV is empty; expected a header row with an 'email' column.")
        }
        let columns = header.map { $0.trimmingCharacters(in: .whitespaces) }
        guard let emailColumn = columns.firstIndex(of: "email") else {
            throw PolicyError(.invalidMembersFile, "The members CSV header has no 'email' column (found: \(columns.joined(separator: ", "))).")
        }
        let known: Set<String> = [
            "email", "name", "role", "email_verified", "groups", "group_ids", "groups_overage", "connection", "vendor",
            "in_idp", "scim_present", "last_sso_login", "subject",
        ]
        for c in columns where !known.contains(c) && !c.hasPrefix("attr:") {
            throw PolicyError(
                .invalidMembersFile,
                "The members CSV has an unknown column '\(c)'; expected \(known.sorted().joined(separator: ", ")) or attr:NAME.")
        }
        func index(_ name: String) -> Int? { columns.firstIndex(of: name) }
        let attrColumns = columns.enumerated().filter { $0.element.hasPrefix("attr:") }.map { ($0.offset, String($0.element.dropFirst(5))) }
        var members: [OrgMember] = []
        members.reserveCapacity(rows.count)
        for (r, row) in rows.dropFirst().enumerated() {
            if row.count == 1 && row[0].isEmpty { continue }
            let line = "line \(r + 2)"
            guard row.count == columns.count else {
                throw PolicyError(.invalidMembersFile, "\(line): \(row.count) fields, expected \(columns.count) as in the header.")
            }
            func cell(_ name: String) -> String? { index(name).map { row[$0] } }
            func list(_ value: String) -> [String] { value.isEmpty ? [] : value.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
            func flag(_ name: String) throws(PolicyError) -> Bool? {
                guard let v = cell(name)?.lowercased(), !v.isEmpty else { return nil }
                switch v {
                case "true", "yes", "1": return true
                case "false", "no", "0": return false
                default: throw PolicyError(.invalidMembersFile, "\(line), column '\(name)': '\(v)' is not true or false.")
                }
            }
            var record = MemberRecord()
            record.email = row[emailColumn].trimmingCharacters(in: .whitespaces)
            record.name = cell("name").flatMap { $0.isEmpty ? nil : $0 }
            record.role = cell("role").flatMap { $0.isEmpty ? nil : $0 }
            record.subject = cell("subject").flatMap { $0.isEmpty ? nil : $0 }
            record.emailVerified = try flag("email_verified")
            if let g = cell("groups"), g != "-" { record.groups = list(g) }
            record.groupIDs = cell("group_ids").map(list)
            record.groupsOverage = try flag("groups_overage")
            record.connection = cell("connection").flatMap { $0.isEmpty ? nil : $0 }
            record.vendor = cell("vendor").flatMap { $0.isEmpty ? nil : $0 }
            record.inIdP = try flag("in_idp")
            record.scimPresent = try flag("scim_present")
            record.lastSSOLogin = cell("last_sso_login").flatMap { $0.isEmpty ? nil : $0 }
            var attributes: [String: [String]] = [:]
            for (i, name) in attrColumns where !row[i].isEmpty { attributes[name] = list(row[i]) }
            record.attributes = attributes.isEmpty ? nil : attributes.mapValues { MemberRecord.AttributeValues(values: $0) }
            members.append(try member(from: record, at: line))
        }
        return members
    }
}

extension MemberRecord.AttributeValues {
    init(values: [String]) { self.values = values }
}

/// RFC 4180 CSV: quoted fields with `""` escapes and embedded newlines; CRLF or LF line ends.
enum CSVReader {
    static func rows(_ text: String) throws(PolicyError) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var afterQuote = false
        var line = 1
        let bytes = Array(text.utf8)
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        func finishField() {
            row.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            afterQuote = false
        }
        while i < bytes.count {
            let c = bytes[i]
            if inQuotes {
                if c == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") {
                        field.append(c)
                        i += 1
                    } else {
                        inQuotes = false
                        afterQuote = true
                    }
                } else {
                    if c == 10 { line += 1 }
                    field.append(c)
                }
            } else if c == UInt8(ascii: ",") {
                finishField()
            } else if c == 10 || c == 13 {
                if c == 13 && i + 1 < bytes.count && bytes[i + 1] == 10 { i += 1 }
                finishField()
                rows.append(row)
                row = []
                line += 1
            } else if c == UInt8(ascii: "\"") && field.isEmpty && !afterQuote {
                inQuotes = true
            } else if afterQuote {
                throw PolicyError(.invalidMembersFile, "CSV line \(line): text after a closing quote.")
            } else {
                field.append(c)
            }
            i += 1
        }
        if inQuotes { throw PolicyError(.invalidMembersFile, "CSV line \(line): a quoted field is not closed.") }
        if !field.isEmpty || !row.isEmpty {
            finishField()
            rows.append(row)
        }
        return rows
    }
}
