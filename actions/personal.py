"""When a student needs a person: asking for one, however it is put, or describing a
situation that careers facts alone won't settle.

Personal situations (stuck between two routes, worried about coping with a disability or
a learning difficulty, out of school or college, at odds with family, changing their mind
after applying, frustrated with the bot) get the facts that help and then the offer of a
careers adviser; a plain request for a person gets the offer at once. Both go through
``action_offer_adviser``, so a "yes" afterwards starts the hand-off.
"""

from __future__ import annotations

import re

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction

OFFER = "action_offer_adviser"
PERSON = (
    r"(person|human|adviser|advisor|careers (person|adviser|advisor|lady|man|woman|teacher)|"
    r"someone real|somebody real|real person|proper person|actual person|someone|somebody)"
)
ASKS_FOR_A_PERSON = re.compile(
    rf"\b(speak|talk|chat|message|get through|put me through|connect me)\b.*\b{PERSON}\b"
    r"|\bput me through\b|\b(not|instead of) a (bot|robot|computer)\b|\bhuman please\b"
    r"|\b(need|want|wanna|like|get|get me|find me|give me|see|have) "
    r"(to see |to speak to |to talk to |to chat to |)"
    r"(a |an |some |)(real|proper|actual|qualified|human) (careers |)"
    r"(person|human|adviser|advisor|advice|someone|somebody|people)\b"
    r"|\b(need|want|get) (proper |real )?advice from a (person|human)\b"
    rf"|\b{PERSON}\b (that |who |)(i|we|u|you) (could|can|might) (speak|talk|chat)"
    r"|\b(is there|are there|any) (a |an |)(real|proper|actual) (person|human|people)\b"
)
SITUATIONS = [
    # frustrated with the bot
    r"\b(not|isnt|isn't|aint|ain't) (actually )?(answering|helping|listening|what i (asked|meant))"
    r"|\b(you|u) (dont|don't|do not) (get|understand) (it|me)\b|\buseless\b|\bwaste of time\b",
    # a disability, learning difficulty or health condition to cope with
    r"\b(i'?m|i am|i have|i've got|ive got|i got|my|with)\b.*\b(adhd|autis\w*|asperger\w*|"
    r"dyslexi\w*|dyspraxi\w*|dyscalculi\w*|wheelchair|disabilit\w*|disabled|deaf|blind|"
    r"anxiety|anxious|epilep\w*|learning difficult\w*|send|ehcp|ehc plan|mental health)\b",
    # out of school, college or work
    r"\b(left|dropped out|drop out|kicked (off|out)|excluded|expelled|quit|not in|not going to)"
    r"\b.*\b(school|college|sixth form|course|uni)\b|\bat home (since|all day)\b"
    r"|\bhome (educated|schooled)\b|\bdone nothing since\b|\bneet\b",
    # at odds with family
    r"\b(mam|mum|mom|dad|da|parents?|family|nan|gran)\b.*\b(says|said|wants|won'?t let|"
    r"doesn'?t want|don'?t want|thinks|disagree\w*|against|convince|argue\w*)\b",
    r"\bconvince (my|me) (mam|mum|mom|dad|da|parents?)\b",
    # stuck between options, or on a choice
    r"\b(which|what) (one )?should i (pick|choose|do|take|go for)\b|\b(can'?t|cannot) decide\b"
    r"|\btorn between\b|\bdon'?t know (what|which) to (do|pick|choose)\b"
    r"|\bstuck (on|between|with) (my )?(options|choices|what)\b|\bno idea what to do\b",
    # changing their mind after applying
    r"\b(changed|change) my mind\b|\bregret\w*\b|\b(want|wanna) to (switch|swap|change) "
    r"(course|college|uni|apprenticeship)\b",
    # under pressure
    r"\b(stress(ed|ing)?|panick?ing|freak(ing)? out|worried|scared|freeze)\b.*\b(options|ucas|"
    r"deadline|decide|decision|interview|future|exam|results|apply|application)",
    # can't afford what they want to do
    r"\b(can'?t|cannot|cant) afford\b|\bno money for\b",
]
SITUATION_RES = [re.compile(pattern) for pattern in SITUATIONS]


def asks_for_a_person(text: str) -> bool:
    return bool(ASKS_FOR_A_PERSON.search(text.lower()))


def describes_a_situation(text: str) -> bool:
    lowered = text.lower().replace("’", "'")
    return any(pattern.search(lowered) for pattern in SITUATION_RES)


def offer_a_person(tracker: Tracker) -> list[dict]:
    """The follow-up that offers a careers adviser, unless one is already offered or the
    student is in the middle of a form."""
    if tracker.active_loop_name or _offered_just_now(tracker):
        return []
    return [FollowupAction(OFFER)]


def _offered_just_now(tracker: Tracker) -> bool:
    for event in reversed(tracker.events[-12:]):
        if event.get("event") == "action" and event.get("name") == OFFER:
            return True
    return False
