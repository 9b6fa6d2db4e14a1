import ArgumentParser

// Placeholder: replaced by the module's owner.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "policy", abstract: "Role-mapping tools (policy explain).")
}
