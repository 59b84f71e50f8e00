import Foundation

/// One message of an imported conversation, as read from a conversation file
/// (``ConversationFileReader``).
public struct ConversationMessage: Sendable, Equatable {
    /// Who wrote a message.
    public enum Role: String, Sendable, Equatable, CaseIterable {
        case user
        case assistant
    }

    /// The conversation's id, as the file names it.
    public var conversation: String
    /// When the message was said.
    public var time: Date
    public var role: Role
    /// The speaker's name (two people talking are both `user`); nil means `User` or `Assistant`.
    public var speaker: String?
    /// What was said, word for word.
    public var text: String
    /// The file's id for the message, kept as the memory's id; nil for a generated one.
    public var id: String?
    /// Where the message is in the file (its line; in an array, the element's position), for errors.
    public var line: Int

    /// Creates a message.
    public init(
        conversation: String, time: Date, role: Role, speaker: String? = nil, text: String, id: String? = nil,
        line: Int = 0
    ) {
        self.conversation = conversation
        self.time = time
        self.role = role
        self.speaker = speaker
        self.text = text
        self.id = id
        self.line = line
    }

    /// The name the kept text puts before the words: the speaker, else `User` or `Assistant`
    /// (the labels of turns kept from a live chat).
    public var speakerLabel: String {
        if let speaker, !speaker.isEmpty { return speaker }
        return role == .user ? "User" : "Assistant"
    }
}
