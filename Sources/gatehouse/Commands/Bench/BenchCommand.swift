import ArgumentParser

/// `gatehouse bench …`: throughput benchmarks. Each prints one JSON object; figures are only meaningful against a
/// peer measured in the same run on the same core (`taskset -c 0`).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput (run a release build: swift build -c release).",
        subcommands: [BenchSAMLCommand.self, BenchOIDCCommand.self, BenchStoreCommand.self, BenchEnforceCommand.self, BenchDomainsCommand.self, BenchSCIMCommand.self]
    )
}
