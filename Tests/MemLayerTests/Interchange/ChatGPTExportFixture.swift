/// A small ChatGPT `conversations.json`: a system root, a user message edited once (two
/// branches; `current_node` is on the second), a hidden context message, a tool call and its
/// result, and an image-only message.
enum ChatGPTExportFixture {
    static let json = #"""
        [{
          "title": "Boat", "create_time": 1700000000.5, "conversation_id": "conv-1", "id": "conv-1",
          "current_node": "a3",
          "mapping": {
            "root": {"id": "root", "message": null, "parent": null, "children": ["sys"]},
            "sys": {"id": "sys", "parent": "root", "children": ["ctx"], "message": {"id": "sys",
              "author": {"role": "system"}, "create_time": null,
              "content": {"content_type": "text", "parts": [""]}}},
            "ctx": {"id": "ctx", "parent": "sys", "children": ["u1"], "message": {"id": "ctx",
              "author": {"role": "user"}, "create_time": 1700000001,
              "content": {"content_type": "text", "parts": ["custom instructions"]},
              "metadata": {"is_visually_hidden_from_conversation": true}}},
            "u1": {"id": "u1", "parent": "ctx", "children": ["a1"], "message": {"id": "u1",
              "author": {"role": "user"}, "create_time": 1700000010,
              "content": {"content_type": "text", "parts": ["My boat is called Kestrel."]}}},
            "a1": {"id": "a1", "parent": "u1", "children": ["u2a", "u2b"], "message": {"id": "a1",
              "author": {"role": "assistant"}, "create_time": 1700000011, "recipient": "all",
              "content": {"content_type": "text", "parts": ["Nice name!"]}}},
            "u2a": {"id": "u2a", "parent": "a1", "children": [], "message": {"id": "u2a",
              "author": {"role": "user"}, "create_time": 1700000020,
              "content": {"content_type": "text", "parts": ["An edited-away question"]}}},
            "u2b": {"id": "u2b", "parent": "a1", "children": ["call"], "message": {"id": "u2b",
              "author": {"role": "user"}, "create_time": 1700000030,
              "content": {"content_type": "multimodal_text", "parts": [{"asset_pointer": "file-1"}, "Where do I moor it?"]}}},
            "call": {"id": "call", "parent": "u2b", "children": ["tool"], "message": {"id": "call",
              "author": {"role": "assistant"}, "create_time": 1700000031, "recipient": "browser",
              "content": {"content_type": "code", "text": "search(\"moorings\")"}}},
            "tool": {"id": "tool", "parent": "call", "children": ["img"], "message": {"id": "tool",
              "author": {"role": "tool"}, "create_time": 1700000032,
              "content": {"content_type": "text", "parts": ["results..."]}}},
            "img": {"id": "img", "parent": "tool", "children": ["a3"], "message": {"id": "img",
              "author": {"role": "user"}, "create_time": 1700000033,
              "content": {"content_type": "multimodal_text", "parts": [{"asset_pointer": "file-2"}]}}},
            "a3": {"id": "a3", "parent": "img", "children": [], "message": {"id": "a3",
              "author": {"role": "assistant"}, "create_time": 1700000034, "recipient": "all",
              "content": {"content_type": "text", "parts": [""]}}}
          }
        }]
        """#
}
