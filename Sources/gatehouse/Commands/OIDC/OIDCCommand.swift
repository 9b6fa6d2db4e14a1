import ArgumentParser

// Placeholder: replaced by the module's owner.
struct OIDCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "oidc", abstract: "OpenID Connect tools (ID-token verification).")
}
