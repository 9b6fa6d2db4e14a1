import ArgumentParser

/// `gatehouse audit …`: the audit log's admin tools.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Export the audit log.",
        subcommands: [AuditExportCommand.self]
    )
}
