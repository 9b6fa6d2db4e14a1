public import GatehousePolicy
import Foundation

/// A ``MemberSource`` over an IdP export file (`--members`): JSON or CSV, format from the extension or content.
///
/// For orgs with no SSO history yet. The store provides the other ``MemberSource`` (JIT logins, SCIM directory).
public struct FileMemberSource: MemberSource {
    public let path: String
    /// Files larger than this are refused (default 256 MiB; 100,000 members are about 27 MB of JSON).
    public let sizeLimit: Int

    public init(path: String, sizeLimit: Int = 256 << 20) {
        self.path = path
        self.sizeLimit = sizeLimit
    }

    /// Reads and parses the file. Throws ``PolicyError`` (`policy.invalid_members_file`) for unreadable or invalid
    /// files; the whole export is for one org, so `orgID` is not used to filter.
    public func members(ofOrg orgID: String) async throws -> [OrgMember] {
        try load()
    }

    /// Synchronous ``members(ofOrg:)``.
    public func load() throws(PolicyError) -> [OrgMember] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw PolicyError(.invalidMembersFile, "cannot read members file '\(path)': no such file or not readable")
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: sizeLimit + 1)) ?? Data()
        if data.count > sizeLimit {
            throw PolicyError(.invalidMembersFile, "members file '\(path)' is larger than \(sizeLimit) bytes")
        }
        do {
            return try MemberFileParser.parse(data, format: MemberFileParser.detectFormat(path: path, data: data))
        } catch {
            throw PolicyError(error.kind, "\(path): \(error.reason)")
        }
    }
}
