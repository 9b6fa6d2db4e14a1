import ArgumentParser

struct SAMLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "saml",
        abstract: "SAML 2.0 service-provider tools.",
        subcommands: [SAMLVerifyCommand.self, SAMLMetadataCommand.self]
    )
}
