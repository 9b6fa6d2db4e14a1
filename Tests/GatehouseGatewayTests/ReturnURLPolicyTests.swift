import GatehouseGateway
import Testing

@Suite struct ReturnURLPolicyTests {
    let policy = ReturnURLPolicy(publicBaseURL: "https://gw.test", allowedOrigins: ["https://app.gw.test", "http://127.0.0.1:9000"])

    @Test(arguments: ["/", "/app?x=1#frag", "https://gw.test/after", "https://app.gw.test/x", "https://APP.gw.test:443/y",
                      "http://127.0.0.1:9000/p"])
    func accepted(_ url: String) { #expect(policy.validate(url) == url) }

    @Test(arguments: [
        "//evil.test", "//evil.test/path", "/\\evil.test", "https://evil.test/", "https://app.gw.test.evil.test/",
        "https://app.gw.test@evil.test/", "https://evil.test\\@app.gw.test/", "javascript:alert(1)", "data:text/html,x",
        "JAVASCRIPT:alert(1)", "http://app.gw.test/", "https://app.gw.test:8443/", "/\tevil", " https://app.gw.test/",
        "https://app.gw.test/\r\nSet-Cookie:x=y", "https://gw.test:0/", "ftp://gw.test/", "https:app.gw.test", "https://аpp.gw.test/",
        "", "/%0d%0aLocation:%20x" + String(repeating: "a", count: 3000),
    ])
    func refused(_ url: String) { #expect(policy.validate(url) == nil) }

    @Test func fallback() {
        #expect(policy.resolve(nil) == "/")
        #expect(policy.resolve("https://evil.test/") == "/")
    }
}
