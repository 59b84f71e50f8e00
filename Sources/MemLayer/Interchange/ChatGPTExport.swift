import Foundation

/// Reads ChatGPT's `conversations.json` export: an array of conversations, each a tree of
/// messages (`mapping`, node id → `{message, parent, children}`) whose edits and regenerations
/// are branches. Only the active branch is what was said: it runs from `current_node` up
/// through `parent`.
///
/// Kept: user and assistant messages with text (`content.parts` strings; images skipped), at
/// their `create_time` (epoch seconds). Skipped: system and tool messages, hidden context
/// messages, an assistant's calls to tools (`recipient` other than `all`), reasoning summaries,
/// and empty messages. Error positions name the conversation's place in the array.
public enum ChatGPTExport {
    /// Every kept message of every conversation, each conversation's in the order said.
    public static func messages(in conversations: [Any]) throws -> [ConversationMessage] {
        var messages: [ConversationMessage] = []
        for (offset, element) in conversations.enumerated() {
            messages += try self.messages(ofConversation: element, position: offset + 1)
        }
        return messages
    }

    private static func messages(ofConversation element: Any, position: Int) throws -> [ConversationMessage] {
        func fail(_ reason: String) -> ImportError { ImportError(line: position, reason: "conversation \(reason)") }
        guard let conversation = element as? [String: Any], let mapping = conversation["mapping"] as? [String: Any]
        else { throw fail("is not an object with a \"mapping\" (is this ChatGPT's conversations.json?)") }
        let id =
            ConversationFileReader.identifier(conversation["conversation_id"])
            ?? ConversationFileReader.identifier(conversation["id"]) ?? "chatgpt-\(position)"
        guard !NULCharacters.found(in: id) else { throw fail(NULCharacters.reason("conversation_id")) }
        guard let current = conversation["current_node"] as? String else {
            throw fail("\(id) has no \"current_node\", so its active branch is unknown")
        }

        var branch: [[String: Any]] = []
        var visited: Set<String> = []
        var next: String? = current
        while let nodeID = next {
            guard visited.insert(nodeID).inserted else { throw fail("\(id): its messages' parents form a loop") }
            guard let node = mapping[nodeID] as? [String: Any] else {
                throw fail("\(id): node \(nodeID) is named but missing from \"mapping\"")
            }
            if let message = node["message"] as? [String: Any] { branch.append(message) }
            next = node["parent"] as? String
        }

        var lastTime = (conversation["create_time"] as? NSNumber).map { Date(timeIntervalSince1970: $0.doubleValue) }
        var messages: [ConversationMessage] = []
        for message in branch.reversed() {
            let stamp = (message["create_time"] as? NSNumber).map { Date(timeIntervalSince1970: $0.doubleValue) }
            lastTime = stamp ?? lastTime
            guard let (role, text) = spoken(message) else { continue }
            if let messageID = message["id"], NULCharacters.found(in: messageID) {
                throw fail("\(id): a message's \(NULCharacters.reason("id"))")
            }
            guard let time = lastTime else {
                throw fail("\(id): a message has no \"create_time\" and nor has the conversation")
            }
            messages.append(
                ConversationMessage(
                    conversation: id, time: time, role: role, text: text,
                    id: ConversationFileReader.identifier(message["id"]), line: position))
        }
        return messages
    }

    /// The role and text of a message a person said or read, or nil for anything else.
    private static func spoken(_ message: [String: Any]) -> (ConversationMessage.Role, String)? {
        let author = message["author"] as? [String: Any]
        guard let raw = author?["role"] as? String, let role = ConversationMessage.Role(rawValue: raw) else {
            return nil
        }
        let metadata = message["metadata"] as? [String: Any]
        if metadata?["is_visually_hidden_from_conversation"] as? Bool == true { return nil }
        if role == .assistant, let recipient = message["recipient"] as? String, recipient != "all" { return nil }
        let content = message["content"] as? [String: Any]
        let type = content?["content_type"] as? String ?? "text"
        guard type == "text" || type == "multimodal_text" else { return nil }
        let parts = (content?["parts"] as? [Any] ?? []).compactMap { $0 as? String }
        let text = parts.joined(separator: "\n").replacingOccurrences(of: "\u{0}", with: "")
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return (role, text)
    }
}
