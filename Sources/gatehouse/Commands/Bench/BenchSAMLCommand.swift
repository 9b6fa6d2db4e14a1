import ArgumentParser
import Foundation
import GatehouseSAML

/// `gatehouse bench saml`: full validations per second of one response on the calling thread (one core), replay
/// check off. Compare with python3-saml and `openssl speed rsa2048` in the same run: scripts/bench/saml.sh.
struct BenchSAMLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "saml", abstract: "SAML Response validations per second (one core).")

    @Argument(help: "File holding the base64 SAMLResponse (raw XML also accepted).")
    var responseFile: String
    @OptionGroup var connection: SAMLConnectionOptions
    @Option(help: "The AuthnRequest ID the response answers.")
    var inResponseTo: String?
    @Option(help: "Evaluate at this instant (ISO 8601) instead of now.")
    var now: String?
    @Option(help: "How long to measure, in seconds.")
    var seconds: Double = 3

    func run() async throws {
        let validator = try connection.makeValidator()
        let instant = try now.map(CLIOutput.parseInstant) ?? Date()
        let input = Array(try CLIOutput.readFile(responseFile, what: "response file"))
        // One validation first: a benchmark of rejections would be meaningless.
        do {
            _ = try validator.validateWithoutReplayCheck(
                UnverifiedSAMLResponse(formValue: input, limits: validator.policy.limits), expectedRequestID: inResponseTo, now: instant)
        } catch {
            throw UsageError("the benchmark response is rejected: \(error.code): \(error.reason)")
        }
        // Warm up, then measure in batches until the time is up.
        let clock = ContinuousClock()
        var iterations = 0
        let deadline = clock.now.advanced(by: .milliseconds(Int(seconds * 1000)))
        let start = clock.now
        let cpuStart = Self.processCPUSeconds()
        repeat {
            for _ in 0..<200 {
                let response = try UnverifiedSAMLResponse(formValue: input, limits: validator.policy.limits)
                _ = try validator.validateWithoutReplayCheck(response, expectedRequestID: inResponseTo, now: instant)
            }
            iterations += 200
        } while clock.now < deadline
        let elapsed = start.duration(to: clock.now)
        let cpuSeconds = Self.processCPUSeconds() - cpuStart
        let secondsElapsed = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        CLIOutput.printJSON([
            "benchmark": "saml.validate", "validationsPerSecond": (Double(iterations) / secondsElapsed).rounded(),
            // On a shared machine the wall-clock rate undercounts; CPU time is what one core actually spent.
            "validationsPerCPUSecond": (Double(iterations) / cpuSeconds).rounded(), "cpuSeconds": cpuSeconds,
            "iterations": iterations, "seconds": secondsElapsed, "responseBytes": input.count, "replayCheck": false,
        ] as [String: Any])
    }
}

extension BenchSAMLCommand {
    static func processCPUSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
