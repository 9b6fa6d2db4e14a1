import ArgumentParser

// Placeholder: replaced by the module's owner.
struct DomainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "domain", abstract: "DNS TXT domain verification.")
}
