"""What a student is told when a message suggests they may be at risk: warm, without
judgement, never promising secrecy, with help they can reach now. The bot says it
(actions/safeguarding.py), and so does the web service when the bot cannot (web/chat.py).
The services are the chat contract's ``custom.safeguarding.services``."""

from __future__ import annotations

SERVICES = [
    {"name": "Childline", "contact": "0800 1111"},
    {"name": "Samaritans", "contact": "116 123"},
    {"name": "Shout", "contact": "text SHOUT to 85258"},
    {"name": "In danger right now", "contact": "999"},
]
SIGNPOSTING = (
    "Thank you for telling me. That was the right thing to do, and you don't have to deal "
    "with this on your own.\n\n"
    "I'm a bot, so I can't keep this secret: I've let a real person know, so they can help "
    "keep you safe. Please talk to an adult you trust, or your school's safeguarding lead.\n\n"
    "You can talk to someone now, for free:\n"
    "• Childline: call 0800 1111 (any time)\n"
    "• Samaritans: call 116 123 (any time)\n"
    "• Shout: text SHOUT to 85258\n"
    "If you are in danger right now, call 999."
)
