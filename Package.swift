// swift-tools-version:6.1
import PackageDescription

/// Settings every Swift target shares (house style: explicit imports, `any` spelled out).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "gatehouse",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gatehouse", targets: ["gatehouse"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
    ],
    targets: [
        // MARK: C: libxml2 + libxmlsec1 (OpenSSL), behind Gatehouse's own gh_* functions
        .systemLibrary(
            name: "CXMLSec",
            pkgConfig: "xmlsec1-openssl",
            providers: [.apt(["libxml2-dev", "libxmlsec1-dev", "libssl-dev"])]
        ),
        .target(
            name: "XMLSecShim",
            dependencies: ["CXMLSec"],
            cSettings: [
                // Repeated from `pkg-config --cflags xmlsec1-openssl`: SwiftPM drops them, and without
                // XMLSEC_NO_SIZE_T the struct layouts silently differ from the library's.
                // GatehouseSAMLTests/BuildFlagsTests checks they still match.
                .define("XMLSEC_NO_SIZE_T"),
                .define("XMLSEC_CRYPTO_OPENSSL", to: "1"),
                .define("XMLSEC_OPENSSL3_ENGINES", to: "1"),
                .define("XMLSEC_NO_GOST", to: "1"),
                .define("XMLSEC_NO_GOST2012", to: "1"),
                .define("XMLSEC_NO_CRYPTO_DYNAMIC_LOADING", to: "1"),
                .define("__XMLSEC_FUNCTION__", to: "__func__"),
                // Debug builds (what the tests run) cross-check every canonical form against a whole-document walk.
                .define("GH_C14N_SELF_CHECK", .when(configuration: .debug)),
            ],
            linkerSettings: [.linkedLibrary("z")]  // raw DEFLATE of AuthnRequests (HTTP-Redirect binding)
        ),

        // MARK: The mock IdP (TEST ONLY): its own signer, sharing no verification code with the gateway
        .target(
            name: "MockIdPSigner",
            dependencies: ["CXMLSec", "XMLSecShim"],  // XMLSecShim for gh_init() only
            cSettings: [
                // The same xmlsec defines as XMLSecShim (see there): without them the struct layouts differ.
                .define("XMLSEC_NO_SIZE_T"),
                .define("XMLSEC_CRYPTO_OPENSSL", to: "1"),
                .define("XMLSEC_OPENSSL3_ENGINES", to: "1"),
                .define("XMLSEC_NO_GOST", to: "1"),
                .define("XMLSEC_NO_GOST2012", to: "1"),
                .define("XMLSEC_NO_CRYPTO_DYNAMIC_LOADING", to: "1"),
                .define("__XMLSEC_FUNCTION__", to: "__func__"),
            ],
            linkerSettings: [.linkedLibrary("z")]
        ),
        .target(
            name: "GatehouseMockIdP",
            dependencies: [
                "GatehouseCore", "MockIdPSigner",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Pure cores
        .target(name: "GatehouseCore", swiftSettings: swiftSettings),
        .target(name: "GatehouseSAML", dependencies: ["GatehouseCore", "XMLSecShim"], swiftSettings: swiftSettings),
        .target(
            name: "GatehouseOIDC",
            dependencies: [
                "GatehouseCore", "CP256Comb",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // ES256 verification with a per-key comb table over swift-crypto's own BoringSSL P-256 assembly (see gh_p256.c).
        .target(name: "CP256Comb"),
        .target(name: "GatehousePolicy", dependencies: ["GatehouseCore"], swiftSettings: swiftSettings),
        .target(
            name: "GatehouseConfig",
            dependencies: ["GatehouseCore", "GatehousePolicy", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        // c-ares sends DNS queries, glibc's libresolv parses answers; Swift sees only the shim's gh_dns_* functions.
        .target(name: "CResolvShim", linkerSettings: [.linkedLibrary("cares"), .linkedLibrary("resolv")]),
        .target(name: "GatehouseDomains", dependencies: ["GatehouseCore", "CResolvShim"], swiftSettings: swiftSettings),

        // MARK: Storage: one protocol, SQLite and PostgreSQL behind it
        .target(
            name: "GatehouseStore",
            dependencies: [
                "GatehouseCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: SCIM 2.0 service provider and the audit log (pure cores over the store)
        .target(name: "GatehouseSCIM", dependencies: ["GatehouseCore", "GatehouseStore"], swiftSettings: swiftSettings),
        .target(
            name: "GatehouseAudit",
            dependencies: [
                "GatehouseCore", "GatehouseStore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: The gateway web service (Hummingbird 2): the only place HTTP meets the cores
        .target(
            name: "GatehouseGateway",
            dependencies: [
                "GatehouseCore", "GatehouseSAML", "GatehouseOIDC", "GatehousePolicy", "GatehouseConfig", "GatehouseStore",
                "GatehouseSCIM", "GatehouseDomains", "GatehouseAudit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: The command-line tool
        .target(
            name: "GatehouseRehearsal",
            dependencies: [
                "GatehouseCore", "GatehouseConfig", "GatehousePolicy", "GatehouseStore", "GatehouseOIDC", "GatehouseGateway",
                "GatehouseMockIdP",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "gatehouse",
            dependencies: [
                "GatehouseCore", "GatehouseSAML", "GatehouseOIDC", "GatehousePolicy", "GatehouseConfig",
                "GatehouseDomains", "GatehouseStore", "GatehouseMockIdP", "GatehouseGateway", "GatehouseAudit", "GatehouseRehearsal",
                "GatehouseSCIM",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Tests
        .testTarget(name: "GatehouseCoreTests", dependencies: ["GatehouseCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "GatehouseSAMLTests",
            dependencies: ["GatehouseSAML", "GatehouseCore"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GatehouseOIDCTests",
            dependencies: [
                "GatehouseOIDC", "GatehouseCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GatehousePolicyTests",
            dependencies: ["GatehousePolicy", "GatehouseConfig"],
            exclude: ["Snapshots"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GatehouseDomainsTests",
            dependencies: ["GatehouseDomains", "GatehouseCore"],
            exclude: ["Zones"],  // dnsmasq zone data, read by scripts/services/dns.sh
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GatehouseMockIdPTests",
            dependencies: [
                "GatehouseMockIdP", "GatehouseCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GatehouseSCIMTests",
            dependencies: ["GatehouseSCIM", "GatehouseStore", "GatehouseCore"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GatehouseAuditTests",
            dependencies: [
                "GatehouseAudit", "GatehouseStore", "GatehouseCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GatehouseGatewayTests",
            dependencies: [
                "GatehouseGateway", "GatehouseMockIdP", "GatehouseConfig", "GatehouseStore", "GatehouseCore", "GatehouseOIDC",
                "GatehouseSAML", "GatehousePolicy", "GatehouseSCIM", "GatehouseDomains",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GatehouseStoreTests",
            dependencies: ["GatehouseStore", "GatehouseCore"],
            swiftSettings: swiftSettings
        ),
    ]
)
