"""What a student is told when a message suggests they may be at risk: warm, without
judgement, never promising secrecy, never asking for details, with help they can reach
now. The bot says it (actions/safeguarding.py), and so does the web service when the bot
cannot (web/safeguarding_net.py). ``SIGNPOSTING`` answers an urgent worry; ``CONCERN`` a
worrying but unclear one, more gently. The services are the chat contract's
``custom.safeguarding.services``."""

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
CONCERN = (
    "Thanks for telling me that. It sounds like things might be hard right now, and that "
    "matters more than any careers question.\n\n"
    "It can really help to talk to an adult you trust, like a teacher, a family member or "
    "your school's safeguarding lead. I'm a bot, so I've let a real person at school know "
    "you might like some support.\n\n"
    "You can also talk to someone now, for free:\n"
    "• Childline: call 0800 1111 or chat at childline.org.uk (any time)\n"
    "• Shout: text SHOUT to 85258\n"
    "If you ever feel unsafe, call 999.\n\n"
    "I'm still here for your careers questions whenever you want."
)


def wording_for(grade: str) -> str:
    """What the student is told for an urgent worry or a concern."""
    return SIGNPOSTING if grade == "urgent" else CONCERN
