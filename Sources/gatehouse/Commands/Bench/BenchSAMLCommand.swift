import ArgumentParser
struct BenchSAMLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "saml", abstract: "SAML validations per second.")
}
