// GatehouseOIDC: see docs/architecture.md. Placeholder until the module lands.
