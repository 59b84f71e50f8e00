// `import MemLayer` gives the whole public API: the layers below the engine are their own
// targets (so the compiler keeps every arrow pointing down), re-exported here.
@_exported import MemLayerHTTP
@_exported import MemLayerServices
@_exported import MemLayerStore
