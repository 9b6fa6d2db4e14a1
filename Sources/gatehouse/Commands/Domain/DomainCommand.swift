import ArgumentParser

/// `gatehouse domain …`: DNS TXT domain verification.
struct DomainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "domain",
        abstract: "DNS TXT domain verification.",
        subcommands: [DomainVerifyCommand.self, DomainStatusCommand.self]
    )
}
