import Testing

/// Every store test, serialized: the PostgreSQL outage test stops the shared server, so nothing else may use it
/// at that moment. Each nested suite is one concern of the conformance suite, run on every enabled backend.
@Suite(.serialized) struct StoreSuite {}
