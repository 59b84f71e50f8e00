// Ollama `/api/chat` streams byte for byte as the server writes them: Go's encoding/json, one
// compact object per line, fields in `api.ChatResponse` order, `<` escaped as \u003c, non-ASCII
// text as raw UTF-8 (docs/api.md "Generate a chat completion"; server/routes.go ChatHandler and
// streamResponse). Swift constants rather than files: see OllamaTranscripts.swift.

/// Ollama `/api/chat` transcripts.
enum OllamaChatTranscripts {
    /// The NDJSON body made of `lines`, each ended by a newline.
    static func body(_ lines: [String]) -> String {
        lines.map { $0 + "\n" }.joined()
    }

    /// A plain streamed answer with two-, three- and four-byte UTF-8 characters and an escaped `<`.
    static let plain = body([
        #"{"model":"llama3.2","created_at":"2025-07-07T20:22:19.184789Z","message":{"role":"assistant","content":"Grü"},"done":false}"#,
        #"{"model":"llama3.2","created_at":"2025-07-07T20:22:19.203551Z","message":{"role":"assistant","content":"ße aus"},"done":false}"#,
        #"{"model":"llama3.2","created_at":"2025-07-07T20:22:19.222190Z","message":{"role":"assistant","content":" 世"},"done":false}"#,
        #"{"model":"llama3.2","created_at":"2025-07-07T20:22:19.240871Z","message":{"role":"assistant","content":"界 👋"},"done":false}"#,
        #"{"model":"llama3.2","created_at":"2025-07-07T20:22:19.259602Z","message":{"role":"assistant","content":" (1 \u003c 2)"},"done":false}"#,
        #"{"model":"llama3.2","created_at":"2025-07-07T20:22:19.278330Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":4883583458,"load_duration":1334875,"prompt_eval_count":26,"prompt_eval_duration":342546000,"eval_count":282,"eval_duration":4535599000}"#,
    ])

    /// The text of ``plain``.
    static let plainText = "Grüße aus 世界 👋 (1 < 2)"

    /// A thinking model calling one tool, as recent versions stream it: thinking first (not part
    /// of the answer), then the call with Ollama's generated `id` and `function.index`.
    static let toolCall = body([
        #"{"model":"qwen3:8b","created_at":"2025-09-18T09:14:02.101977Z","message":{"role":"assistant","content":"","thinking":"The user wants the weather in Tokyo."},"done":false}"#,
        #"{"model":"qwen3:8b","created_at":"2025-09-18T09:14:02.512409Z","message":{"role":"assistant","content":"","tool_calls":[{"id":"call_vq3fx1ab","function":{"index":0,"name":"get_weather","arguments":{"city":"Tokyo","unit":"celsius"}}}]},"done":false}"#,
        #"{"model":"qwen3:8b","created_at":"2025-09-18T09:14:02.530118Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":182242375,"load_duration":41295167,"prompt_eval_count":169,"prompt_eval_duration":24573166,"eval_count":15,"eval_duration":115959084}"#,
    ])

    /// Two calls in one message, in the shape of docs/api.md (no `id`, as older versions send).
    static let twoToolCalls = body([
        #"{"model":"llama3.2","created_at":"2025-07-07T20:22:19.184789Z","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Tokyo"}}},{"function":{"name":"get_time","arguments":{"timezone":"Asia/Tokyo","format":24}}}]},"done":false}"#,
        #"{"model":"llama3.2","created_at":"2025-07-07T20:22:19.19314Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":182242375,"load_duration":41295167,"prompt_eval_count":169,"prompt_eval_duration":24573166,"eval_count":15,"eval_duration":115959084}"#,
    ])

    /// The answer after a tool result (docs/api.md "Chat request (With history, with tools)").
    static let afterToolResult = body([
        #"{"model":"llama3.2","created_at":"2025-07-07T20:43:37.688511Z","message":{"role":"assistant","content":"The current temperature in Tokyo is 11°C."},"done":false}"#,
        #"{"model":"llama3.2","created_at":"2025-07-07T20:43:37.702284Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":890771750,"load_duration":707634750,"prompt_eval_count":94,"prompt_eval_duration":91703208,"eval_count":11,"eval_duration":90282125}"#,
    ])

    /// An answer cut short by the token limit (`num_predict`).
    static let lengthLimited = body([
        #"{"model":"llama3.2","created_at":"2025-07-07T20:22:19.184789Z","message":{"role":"assistant","content":"Once upon"},"done":false}"#,
        #"{"model":"llama3.2","created_at":"2025-07-07T20:22:19.203551Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"length","total_duration":21000000,"load_duration":1000000,"prompt_eval_count":12,"prompt_eval_duration":5000000,"eval_count":2,"eval_duration":15000000}"#,
    ])

    /// The runner dies mid-answer: streamResponse writes the error as one more line (status 200).
    static let errorMidStream = body([
        #"{"model":"llama3.2","created_at":"2025-07-07T20:22:19.184789Z","message":{"role":"assistant","content":"The sky is"},"done":false}"#,
        #"{"error":"an error was encountered while running the model: unexpected EOF"}"#,
    ])

    /// 404 from ChatHandler when no model of that name exists.
    static let modelNotFound = #"{"error":"model 'llama9' not found"}"#

    /// 404 from handleScheduleError when the model's files are missing.
    static let modelNotPulled = #"{"error":"model \"llama9\" not found, try pulling it first"}"#

    /// 400 from the capability check, with the model's full name (scheduleRunner).
    static let toolsUnsupportedFullName = #"{"error":"registry.ollama.ai/library/gemma:2b does not support tools"}"#

    /// 400 from the capability check as older versions word it.
    static let toolsUnsupportedQuoted = #"{"error":"\"gemma:2b\" does not support tools"}"#

    /// 401 from a cloud model without `ollama signin`.
    static let unauthorized = #"{"error":"unauthorized","signin_url":"https://ollama.com/connect?name=box"}"#

    /// 500 when the runner cannot start.
    static let runnerFailed = #"{"error":"llama runner process has terminated: exit status 2"}"#

    /// 404 from a server that is not Ollama (Go's default mux).
    static let notOllama = "404 page not found"
}
