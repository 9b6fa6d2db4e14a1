import ArgumentParser
import Foundation
import GatehouseStore

/// `gatehouse scim token create --org ID [--label L]`: prints `{"id","token","org","label"}` once; only the
/// token's SHA-256 is stored.
struct SCIMTokenCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a SCIM bearer token for an organization.")
    @Option(help: "Organization ID.") var org: String
    @Option(help: "What the token is for (e.g. okta-provisioning).") var label = "scim"
    @OptionGroup var database: DatabaseOption

    func run() async throws {
        let store = try await SQLGatehouseStore.open(try database.location())
        do {
            guard try await store.organization(id: org) != nil else {
                await store.close()
                throw UsageError("scim.unknown_organization: no organization '\(org)' in the store (start the gateway once to load the configuration)")
            }
            let (token, plaintext) = try await store.createSCIMToken(organizationID: org, label: label, now: Date())
            let line: [String: String] = ["id": token.id, "label": label, "org": org, "token": plaintext]
            print(String(decoding: try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]), as: UTF8.self))
            await store.close()
        } catch let error as UsageError { throw error } catch {
            await store.close()
            throw error
        }
    }
}

/// `gatehouse scim token list --org ID`: id, label, created, last used, revoked — never the token.
struct SCIMTokenListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List an organization's SCIM tokens.")
    @Option(help: "Organization ID.") var org: String
    @OptionGroup var database: DatabaseOption

    func run() async throws {
        let store = try await SQLGatehouseStore.open(try database.location())
        let tokens = try await store.scimTokens(organizationID: org)
        let iso = ISO8601DateFormatter()
        for t in tokens {
            var line: [String: Any] = ["id": t.id, "label": t.label, "created_at": iso.string(from: t.createdAt)]
            if let d = t.lastUsedAt { line["last_used_at"] = iso.string(from: d) }
            if let d = t.revokedAt { line["revoked_at"] = iso.string(from: d) }
            let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
        await store.close()
    }
}

/// `gatehouse scim token revoke ID`: the next SCIM request with it gets 401.
struct SCIMTokenRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a SCIM token by ID.")
    @Argument(help: "Token ID (from `create` or `list`).") var id: String
    @OptionGroup var database: DatabaseOption

    func run() async throws {
        let store = try await SQLGatehouseStore.open(try database.location())
        let revoked = try await store.revokeSCIMToken(id: id, at: Date())
        await store.close()
        print(#"{"id":"\#(id)","revoked":\#(revoked)}"#)
        if !revoked { throw ExitCode(1) }
    }
}
