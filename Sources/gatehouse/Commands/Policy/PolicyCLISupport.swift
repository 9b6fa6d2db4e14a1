import Foundation
import GatehouseConfig
import GatehousePolicy

/// Shared by `policy explain`, `enforce` and `bench enforce`: loading configuration and members as usage errors.
enum PolicyCLISupport {
    static func loadOrg(config path: String, org id: String) throws -> OrganizationConfiguration {
        let config: GatehouseConfiguration
        do {
            config = try GatehouseConfiguration.load(path: path)
        } catch {
            throw UsageError("\(error.code): \(error.reason)")
        }
        guard let org = config.org(id) else {
            let known = config.orgs.map(\.id).joined(separator: ", ")
            throw UsageError("no org '\(id)' in \(path) (orgs: \(known.isEmpty ? "none" : known))")
        }
        return org
    }

    static func loadMembers(_ path: String) throws -> [OrgMember] {
        do {
            return try FileMemberSource(path: path).load()
        } catch {
            throw UsageError("\(error.code): \(error.reason)")
        }
    }

    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
        if !text.hasSuffix("\n") { FileHandle.standardOutput.write(Data("\n".utf8)) }
    }
}
