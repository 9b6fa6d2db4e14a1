import ArgumentParser

/// `gatehouse oidc …`: OpenID Connect tools.
struct OIDCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oidc",
        abstract: "OpenID Connect tools (ID-token verification).",
        subcommands: [OIDCVerifyCommand.self]
    )
}
