import Foundation
import MemLayer
import MemLayerTesting

/// Requests and tools the provider tests share.
enum ChatTestFixtures {
    /// A tool with one required string parameter, as in the providers' documentation.
    static let weatherTool = ToolDefinition(
        name: "get_weather", description: "Get the weather in a given city",
        parameters: .object([
            "type": .string("object"),
            "properties": .object([
                "city": .object(["type": .string("string"), "description": .string("The city to get the weather for")])
            ]),
            "required": .array([.string("city")]),
        ]))

    /// ``weatherTool``'s parameters as JSON text.
    static let weatherToolParametersJSON =
        #"{"type":"object","properties":{"city":{"type":"string","description":"The city to get the weather for"}},"required":["city"]}"#
}

extension LoopbackHTTPServer {
    /// The JSON body of request `index`, re-serialised with sorted keys for comparison.
    func canonicalRequestJSON(_ index: Int = 0) -> String? {
        let requests = requests
        guard requests.indices.contains(index) else { return nil }
        return canonicalJSON(requests[index].body)
    }
}
