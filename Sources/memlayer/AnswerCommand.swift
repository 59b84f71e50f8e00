import ArgumentParser
import Foundation
import MemLayer

/// `memlayer answer QUESTION`: an answer from memory alone.
struct AnswerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "answer",
        abstract: "Answer a question from the user's memory alone (a deep search, then one model call).",
        discussion: """
            The model sees only the memories and graph facts the search found and is told to answer from \
            nothing else. When memory holds nothing relevant, no model is called and the answer is \
            "\(MemoryAnswer.nothingInMemory)".
            """)

    @OptionGroup var options: StoreOptions
    @OptionGroup var providerOptions: ProviderOptions

    @Argument(help: "The question ('-' or left out with piped input: read from standard input).")
    var question: String?

    @Flag(help: "Print JSON: the answer, whether the model was called, and the memories and facts it saw.")
    var json = false

    mutating func validate() throws {
        let text = try TextInput.resolve(question, what: "the question")
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError("the question is empty")
        }
        question = text
    }

    func run() async throws {
        let client = try await providerOptions.makeClient(store: options)
        let answer: MemoryAnswer
        do {
            answer = try await client.answer(question ?? "")
        } catch {
            await client.closeWithStore()
            throw error
        }
        await client.closeWithStore()
        guard json else {
            try StandardOutput.line(answer.text)
            return
        }
        let object: [String: Any] = [
            "answer": answer.text,
            "consulted_model": answer.consultedModel,
            "memories": answer.memories.map { hit in
                var object = MemoryRecord.object(for: hit.memory, vector: nil)
                object["score"] = Double(hit.score)
                return object
            },
            "graph_facts": answer.graphFacts.map(GraphCommand.object(for:)),
        ]
        try StandardOutput.line(try JSONOutput.string(object))
    }
}
