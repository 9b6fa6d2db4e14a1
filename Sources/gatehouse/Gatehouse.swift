import ArgumentParser
import Foundation
import NIOCore

/// `gatehouse`: the SSO gateway, its mock IdP, and the admin tools around them.
struct Gatehouse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gatehouse",
        abstract: "SAML 2.0 / OpenID Connect single sign-on gateway with a built-in test identity provider.",
        subcommands: [
            SAMLCommand.self,
            OIDCCommand.self,
            PolicyCommand.self,
            EnforceCommand.self,
            DomainCommand.self,
            MigrateCommand.self,
            ServeCommand.self,
            DemoCommand.self,
            MockIdPCommand.self,
            AuditCommand.self,
            SCIMCommand.self,
            BenchCommand.self,
        ]
    )
}

/// Exit codes are part of the CLI contract: 0 accepted, 1 rejected, 2 usage or configuration error
/// (ArgumentParser's own default for usage errors is 64, so parsing errors are mapped here).
@main
enum GatehouseMain {
    static func main() async {
        if let text = ProcessInfo.processInfo.environment["GATEHOUSE_EVENT_LOOP_THREADS"], let n = Int(text), n > 0 {
            NIOSingletons.groupLoopCountSuggestion = n
        }
        do {
            var command = try await Gatehouse.asyncParseAsRoot(nil)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await runAsync(&asyncCommand)
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch let error as UsageError {
            FileHandle.standardError.write(Data("gatehouse: \(error.message)\n".utf8))
            Foundation.exit(2)
        } catch {
            if Gatehouse.exitCode(for: error) == .success {
                Gatehouse.exit(withError: error)  // --help, --version
            }
            FileHandle.standardError.write(Data((Gatehouse.fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}

/// Runs an async command. (Calling `run()` on the existential directly in some contexts resolves to the synchronous
/// requirement, whose default prints help: seen with Swift 6.3.)
private func runAsync(_ command: inout any AsyncParsableCommand) async throws {
    try await command.run()
}
