// GatehouseSAML
