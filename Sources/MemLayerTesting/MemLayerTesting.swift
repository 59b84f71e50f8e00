/// Test doubles for MemLayer: loopback servers that speak each remote service's wire protocol,
/// so tests drive the production HTTP code path end to end.
public enum MemLayerTesting {}
