import ArgumentParser

// Placeholder: replaced by the module's owner.
struct EnforceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "enforce", abstract: "The dry-run enforcement check.")
}
