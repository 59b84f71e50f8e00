"""MemLayer's two tools and its system prompt, as the chat loop sends them to a model.

A copy, for the capture script: the definitions live in Sources/MemLayer/Client/MemoryTools.swift
and the prompt in Sources/MemLayer/Client/SystemPrompt.swift. When those change, change this
and regenerate the captured fixtures (the capture records a hash of what it sent).
"""

import hashlib
import json

SEARCH_MEMORY = {
    "type": "function",
    "function": {
        "name": "search_memory",
        "description": (
            "Search the user's long-term memory (facts about them, their preferences, people and past "
            "conversations). Use it before answering anything that may depend on what you know about the user."
        ),
        "parameters": {
            "type": "object",
            "properties": {
                "query": {"type": "string", "description": "What to look for, in a few words."},
                "search_tier": {
                    "type": "string",
                    "enum": ["fast", "balanced", "deep"],
                    "description": "fast: one quick fact; balanced (default): most questions; "
                                   "deep: questions connecting several facts.",
                },
            },
            "required": ["query"],
        },
    },
}

SCHEDULE_TASK = {
    "type": "function",
    "function": {
        "name": "schedule_task",
        "description": "Schedule a reminder for the user when they ask to be reminded of something at a given time.",
        "parameters": {
            "type": "object",
            "properties": {
                "task_description": {"type": "string", "description": "What to remind the user of."},
                "due_date": {
                    "type": "string",
                    "description": "When, as an ISO-8601 date-time with time zone, e.g. 2026-05-01T09:00:00+02:00.",
                },
            },
            "required": ["task_description", "due_date"],
        },
    },
}

TOOLS = [SEARCH_MEMORY, SCHEDULE_TASK]

# The date line is fixed so that captures are reproducible.
DATE_LINE = "Current date and time: Monday, 7 December 2026, 10:00 (time zone Europe/Lisbon, UTC+00:00)."

SYSTEM_PROMPT = "\n\n".join([
    "You are a helpful assistant with a long-term memory of the user.",
    DATE_LINE,
    "Use the search_memory tool before answering anything that may depend on what you know about "
    "the user (their life, preferences, people, plans, earlier conversations); pick search_tier fast "
    "for one quick fact, balanced by default, deep for questions that connect several facts. Use "
    "schedule_task when the user asks to be reminded of something; give due_date as an ISO-8601 "
    "date-time with the time zone, resolving relative dates (\"tomorrow at 9\") from the date above. "
    "Never show tool calls, JSON or memory ids to the user; answer in plain language.",
])


def fingerprint():
    """Short hash of the tools and prompt, so a fixture says which version it was captured with."""
    blob = json.dumps([TOOLS, SYSTEM_PROMPT], sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:12]
