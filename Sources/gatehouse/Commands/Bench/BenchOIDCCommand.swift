import ArgumentParser
import Foundation
import GatehouseOIDC

/// `gatehouse bench oidc [--seconds N]`: ID-token validations per second (RS256, ES256; JWKS in memory).
///
/// Run a release build under `taskset -c 0`; `scripts/bench/oidc.sh` adds PyJWT and `openssl speed` in the same run.
struct BenchOIDCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oidc", abstract: "ID-token validations per second on one core (RS256 and ES256, JWKS in memory).")

    @Option(help: "Seconds per algorithm.")
    var seconds: Double = 3

    @Flag(help: .hidden)
    var breakdown = false

    func run() async throws {
        if breakdown {
            CLIOutput.printJSON(try await OIDCBenchmark.breakdown(seconds: seconds))
            return
        }
        guard seconds > 0, seconds <= 600 else { throw UsageError("--seconds must be in (0, 600], received \(seconds)") }
        let results = try await OIDCBenchmark.run(seconds: seconds)
        var output: [String: Any] = [
            "benchmark": "oidc", "secondsPerAlgorithm": seconds, "es256Verifier": OIDCBenchmark.es256Verifier,
        ]
        for result in results {
            output[result.algorithm.lowercased() + "PerSecond"] = Int(result.perSecond.rounded())
            output[result.algorithm.lowercased() + "Validations"] = result.validations
            output[result.algorithm.lowercased() + "PerCPUSecond"] = Int(result.perCPUSecond.rounded())
        }
        CLIOutput.printJSON(output)
    }
}
