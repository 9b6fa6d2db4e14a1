import ArgumentParser
import Foundation
import GatehouseStore

/// `gatehouse migrate [--database URL]`: brings the schema up to date (the server also does it on start).
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Run database migrations (SQLite path or postgres:// URL).",
        discussion: """
            Applies every migration this binary knows and prints {"engine","database","applied","version"}.
            A database whose schema is newer than this binary is refused with store.schema_too_new (exit 1).
            """,
        subcommands: [DurabilityWriterCommand.self]
    )

    @OptionGroup var database: DatabaseOption

    @Flag(help: "Only print the schema version; do not migrate.")
    var status = false

    func run() async throws {
        let location = try database.location()
        var options = StoreOptions()
        options.migrate = false
        do {
            let store = try await SQLGatehouseStore.open(location, options: options)
            let applied = status ? [] : try await store.migrate()
            let version = try await store.schemaVersion()
            await store.close()
            CLIOutput.printJSON([
                "engine": location.engineName, "database": location.description, "applied": applied,
                "version": version, "known": SQLGatehouseStore.knownSchemaVersion,
            ])
        } catch let error as StoreError {
            CLIOutput.printJSON(["error": error.code, "reason": error.reason, "database": location.description])
            throw ExitCode(1)
        }
    }
}
