import ArgumentParser

// Placeholder: replaced by the module's owner.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Run database migrations.")
}
