"""Questions outside careers stay outside, even when they name a town or a job-like word.

"Who won the Sunderland game", "is it gonna rain in Durham", "best chippy in Shields":
each names a place the knowledge base knows, and used to be answered about it. A message
is off topic when it is about one of the everyday things below and has no careers word
in it ("how do I become a weather forecaster" is a careers question).
"""

from __future__ import annotations

import re

OFF_TOPIC = [
    # the weather
    r"\b(weather|forecast|rain(ing|y)?|snow(ing)?|sunny|temperature|windy|umbrella)\b",
    # football and other results
    r"\b(who won|did \w+ win|won (on|last)|score|scores|fixtures?|kick ?off|league table|"
    r"transfer|best player|signing|match (today|tonight|on)|the (toon|mags|mackems) game|"
    r"game last night|derby)\b",
    # jokes and chat
    r"\b(joke|jokes|riddle|make me laugh|sing (me )?a song|your favourite)\b",
    # food, shops and going out
    r"\b(chippy|takeaway|pizza|kebab|restaurant|cafe|pub|cinema|nandos|greggs|mcdonalds|"
    r"cheap trainers|shopping|shops? (open|shut)|skin fade|haircut)\b",
    # getting about
    r"\b(last (bus|metro|train)|bus times?|train times?|metro times?|timetable|taxi|"
    r"driving lessons?|book me)\b",
    # opening hours and bookings
    r"\b(open on (sundays?|saturdays?|bank holidays?)|opening (hours|times)|what time does)\b",
    # homework and quizzes
    r"\b(essay|homework|revision notes|solve|equation|capital of|population of|"
    r"\d+ ?% of \d+|what is \d+|first king|who invented|how does (a|an|the) .* work)\b",
    # games
    r"\b(candy crush|level \d+|fortnite tips|minecraft|roblox|how do (i|u|you) beat)\b",
    # jobs around the house
    r"\bhow (do|can|to) (i |u |you )?(plumb|fix|mend|wire|unblock|bleed|change) "
    r"(in )?(a|my|the|me)\b",
]
CAREERS_WORDS = re.compile(
    r"\b(jobs?|careers?|apprentic\w*|college|uni|university|courses?|qualifications?|"
    r"stud(y|ying)|become|becoming|work experience|work (in|as|at|for)|working (in|as|at)|"
    r"employ\w*|salary|pay|paid|earn\w*|wages?|training|t ?levels?|a ?levels?|gcses?|"
    r"degree|cv|interview|hiring|vacanc\w*|placement|get into|be an? \w+|forecaster|"
    r"meteorolog\w*|journalis\w*|referee|coach)\b"
)
OFF_TOPIC_RE = [re.compile(pattern) for pattern in OFF_TOPIC]


def is_off_topic(text: str) -> bool:
    """Whether the message is about something other than careers (see the module)."""
    lowered = text.lower()
    if CAREERS_WORDS.search(lowered):
        return False
    return any(pattern.search(lowered) for pattern in OFF_TOPIC_RE)
