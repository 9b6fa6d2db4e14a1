import ArgumentParser
struct SAMLVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify", abstract: "Validate a SAML Response.")
}
