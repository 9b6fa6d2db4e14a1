public import Foundation

/// Parses `--members` exports (JSON or CSV) and `--claims` files. Pure: takes bytes, returns members.
///
/// JSON: `{"members": [ {…}, … ]}` or a bare array; the keys are listed on ``MemberRecord`` and in docs/policy.md.
/// CSV: a header row naming columns `email` (required), `name`, `role`, `email_verified`, `groups`, `group_ids`,
/// `groups_overage`, `connection`, `vendor`, `in_idp`, `scim_present`, `last_sso_login`, and `attr:NAME` for attributes.
/// Multiple values in one cell are separated by `|`. A missing `groups` column, or the cell `-`, means the groups
/// claim is absent; an empty cell means present and empty.
public enum MemberFileParser {
    public enum Format: String, Sendable { case json, csv }

    /// Picks the format from the file name (`.csv`), else by content (`[` or `{` first → JSON).
    public static func detectFormat(path: String, data: Data) -> Format {
        if path.lowercased().hasSuffix(".csv") { return .csv }
        if path.lowercased().hasSuffix(".json") { return .json }
        let first = data.first(where: { $0 != 32 && $0 != 9 && $0 != 10 && $0 != 13 && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF })
        return first == UInt8(ascii: "[") || first == UInt8(ascii: "{") ? .json : .csv
    }

    public static func parse(_ data: Data, format: Format) throws(PolicyError) -> [OrgMember] {
        switch format {
        case .json: try parseJSON(data)
        case .csv: try parseCSV(data)
        }
    }

    /// A claims file for `policy explain`: one JSON object with the member keys. `role` is the current role.
    public static func parseClaims(_ data: Data) throws(PolicyError) -> (claims: LoginClaims, currentRole: Role?) {
        do {
            let record = try JSONDecoder().decode(MemberRecord.self, from: data)
            return (record.claims(), record.role.map(Role.init(name:)))
        } catch {
            throw PolicyError(.invalidClaimsFile, "The claims file is not a JSON object with the expected keys: \(describe(error))")
        }
    }

    static func parseJSON(_ data: Data) throws(PolicyError) -> [OrgMember] {
        struct Wrapped: Decodable { var members: [MemberRecord] }
        let records: [MemberRecord]
        do {
            if detectArray(data) {
                records = try JSONDecoder().decode([MemberRecord].self, from: data)
            } else {
                records = try JSONDecoder().decode(Wrapped.self, from: data).members
            }
        } catch {
            throw PolicyError(.invalidMembersFile, "The members file is not valid: \(describe(error))")
        }
        var members: [OrgMember] = []
        members.reserveCapacity(records.count)
        for (i, record) in records.enumerated() {
            members.append(try member(from: record, at: "members[\(i)]"))
        }
        return members
    }

    static func member(from record: MemberRecord, at location: String) throws(PolicyError) -> OrgMember {
        guard let email = record.email, !email.isEmpty else {
            throw PolicyError(.invalidMembersFile, "\(location): 'email' is required (the member's email address).")
        }
        var origin: OrgMember.ClaimsOrigin = .idpExport
        if let text = record.lastSSOLogin {
            guard let date = MemberRecord.parseInstant(text) else {
                throw PolicyError(.invalidMembersFile, "\(location).lastSSOLogin: '\(text)' is not an ISO 8601 instant such as 2026-01-31T12:00:00Z.")
            }
            origin = .lastSSOLogin(at: date)
        }
        let inIdP = record.inIdP ?? true
        return OrgMember(
            email: email, name: record.name, currentRole: record.role.map(Role.init(name:)),
            claims: inIdP ? record.claims() : nil, claimsOrigin: inIdP ? origin : nil, scimPresent: record.scimPresent)
    }

    private static func detectArray(_ data: Data) -> Bool {
        data.first(where: { $0 != 32 && $0 != 9 && $0 != 10 && $0 != 13 }) == UInt8(ascii: "[")
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.typeMismatch(let type, let ctx): "at \(path(ctx)): expected \(type). \(ctx.debugDescription)"
        case DecodingError.valueNotFound(let type, let ctx): "at \(path(ctx)): expected \(type), found null."
        case DecodingError.keyNotFound(let key, let ctx): "at \(path(ctx)): missing key '\(key.stringValue)'."
        case DecodingError.dataCorrupted(let ctx): "at \(path(ctx)): \(ctx.debugDescription)"
        default: "\(error)"
        }
    }

    private static func path(_ ctx: DecodingError.Context) -> String {
        let p = ctx.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return p.isEmpty ? "top level" : p
    }
}
