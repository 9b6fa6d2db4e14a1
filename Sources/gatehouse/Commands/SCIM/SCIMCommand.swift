import ArgumentParser

/// `gatehouse scim …`: SCIM provisioning administration.
struct SCIMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scim", abstract: "SCIM 2.0 provisioning: bearer tokens for an organization's IdP, seats in use.",
        subcommands: [SCIMTokenCommand.self, SCIMSeatsCommand.self])
}

/// `gatehouse scim token create|list|revoke`.
struct SCIMTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Create, list or revoke SCIM bearer tokens (stored hashed; shown once).",
        subcommands: [SCIMTokenCreateCommand.self, SCIMTokenListCommand.self, SCIMTokenRevokeCommand.self])
}
