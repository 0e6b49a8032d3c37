"""Reading a question: what kind of question it is, where the message's own words, or the
conversation so far, say more than the classifier's guess.

``refine_intent`` runs the rules in ``READINGS`` in order; the first that applies decides.
Each rule is small and names the class of message it is for in a comment. The kinds of
record each kind of question can be about are in ``TARGET_KINDS``.
"""

from __future__ import annotations

import re

from actions.asked import ASPECT_INTENTS, Asked, clear_aspect, question_from_words
from actions.context import Context
from knowledge.query import RecordRef

# Intents the classifier gives to messages that may still name records ("vet?").
MISREAD_INTENTS = {"out_of_scope", "nlu_fallback", "greet", "feedback_negative"}

# For each question, the kinds of record it can be about, most likely first.
TARGET_KINDS: dict[str, tuple[str, ...]] = {
    "ask_about": ("opportunity", "occupation", "route", "sector", "provider", "programme", "place"),
    "ask_how_to_become": ("occupation", "sector", "route"),
    "ask_pay": ("occupation", "route", "sector"),
    "ask_duration": ("occupation", "route"),
    "ask_entry_requirements": ("occupation", "route"),
    "ask_cost": ("route", "occupation"),
    "ask_leads_to": ("route", "occupation"),
    "ask_sector_jobs": ("sector", "occupation"),
    # Questions composed by their own functions (SPECIAL below) use these kinds.
    "ask_where_to_study": ("provider", "route", "occupation", "place"),
    "ask_opportunities": ("opportunity", "sector", "place", "route", "occupation", "provider"),
    "ask_place": ("place", "sector"),
    "ask_where_to_work": ("occupation", "sector"),
    "ask_location": ("provider",),
    "compare_routes": ("route",),
    "ask_subject": (),
    "ask_leaving_age": (),
}
# Kinds of question only the words say ("where would i work"), never the classifier: no
# intent of the bot's domain has these names.
READ_FROM_WORDS_ONLY = frozenset({"ask_where_to_work", "ask_location"})
CLASSIFIER_KINDS = frozenset(TARGET_KINDS) - READ_FROM_WORDS_ONLY


def refine_intent(asked: Asked, context: Context) -> str:
    """The kind of question, where the message's own words (or the conversation) say more
    than the classifier's guess: the first rule in ``READINGS`` that applies decides."""
    return next(
        (found for rule in READINGS if (found := rule(asked, context)) is not None),
        asked.intent,
    )


def _same_question_again(asked: Asked, context: Context) -> str | None:
    if asked.intent == "ask_about" and asked.asks_the_same_again and context.last_question:
        return context.last_question  # "and roofers?": the last question, of roofers
    return None


def _of_the_current_college(asked: Asked, context: Context) -> str | None:
    about_the_college = context.get("provider") and asked.refers_back
    if about_the_college and all(ref.kind == "route" for ref in asked.named):
        return "ask_where_to_study"  # "what t levels do they do", of the current college
    return None


def _misread(asked: Asked, context: Context) -> str | None:
    return question_from_words(asked) if asked.intent in MISREAD_INTENTS else None


def _special_questions(asked: Asked, context: Context) -> str | None:
    """Questions with an answer of their own, recognised by their words."""
    text = asked.text
    if COMPARES.search(text) and asked.all("route") and context.get("route"):
        return "compare_routes"  # "is that higher or lower than a levels", of the route
    if WHERE_TO_WORK.search(text) and (
        asked.first("occupation", "sector") or context.get("occupation") or context.get("sector")
    ):
        return "ask_where_to_work"  # "where would i work", "which employers near me do that"
    provider = asked.first("provider") or (context.get("provider") and asked.refers_back)
    if LOCATION.search(text) and provider:
        return "ask_location"  # "where is derwentside college", "where's the main campus"
    if RISKS.search(text) and not asked.named and context.get("occupation"):
        return "ask_about"  # "is it dangerous tho": what the job is like, as we know it
    if AFTER_SCHOOL.search(text) and not asked.named:
        return "ask_leaving_age"  # "what are my options after year 11": the choices at 16
    return None


def _openings(asked: Asked, context: Context) -> str | None:
    """An opening named outright is what the question is about; apprenticeships asked for
    in a place, or of an employer, are openings."""
    if asked.first("opportunity"):
        return "ask_about" if asked.intent != "ask_about" else None
    if wants_openings(asked, context):
        asked.opportunity_type = asked.opportunity_type or "apprenticeship"
        return "ask_opportunities"
    if asked.intent in ("ask_sector_jobs", "ask_place", "ask_about") and asked.opportunity_type:
        return "ask_opportunities"
    just_a_college = asked.first("provider") and not (
        asked.opportunity_type or asked.first("sector", "place", "route", "occupation")
    )
    return "ask_about" if asked.intent == "ask_opportunities" and just_a_college else None


def _aspect_in_words(asked: Asked, context: Context) -> str | None:
    aspect = clear_aspect(asked.text)
    if aspect and asked.intent in ASPECT_INTENTS and aspect != asked.intent:
        return aspect  # the words say what is asked ("how much do welders earn")
    return None


def _fits_the_records(asked: Asked, context: Context) -> str | None:
    intent = asked.intent
    no_place = not (asked.first("place") or context.get("place"))
    if intent == "ask_place" and no_place and asked.first("sector", "occupation", "route"):
        return "ask_about"  # "whats the creative industries like up here": the region
    if intent == "ask_subject" and not asked.subject and asked.first("sector"):
        return "ask_sector_jobs"
    if asked.named and not _fits(intent, asked.named):
        guess = question_from_words(asked)  # the records named do not fit this question
        return guess if guess != intent and _fits(guess, asked.named) else "ask_about"
    if intent == "compare_routes" and len(asked.all("route")) < 2 and not context.get("route"):
        return question_from_words(asked)
    if intent in ("ask_sector_jobs", "ask_about") and asked.subject and not asked.named:
        return "ask_subject"
    return None


def _fits(question: str, named: list[RecordRef]) -> bool:
    """Whether any record named is of a kind this question can be about."""
    usable = TARGET_KINDS.get(question)
    return usable is None or any(ref.kind in usable for ref in named)


READINGS = (
    _same_question_again,
    _of_the_current_college,
    _misread,
    _special_questions,
    _openings,
    _aspect_in_words,
    _fits_the_records,
)


LOCATION = re.compile(
    r"\bwhere('?s| is| are)\b(?! .*\b(study|do|take)\b)|\bmain campus\b|\bcampus(es)?\b"
    r"|\bwhere is it taught\b|\bhow (do|can) i get (to|there)\b|\bnear the (town|city) centre\b",
    re.IGNORECASE,
)
RISKS = re.compile(r"\b(dangerous|danger|safe|risky|risks?|injur\w*|hurt yourself)\b", re.I)
WHERE_TO_WORK = re.compile(
    r"\bwhere (would|could|do|can|will|might) (i|you|u|they|people) (work|be working|get a job)\b"
    r"|\b(which|what) (employers|companies|firms|places) (near|round|around|in|do|hire|employ)"
    r"|\bwho (employs|hires|takes on)\b|\bemployers (near|round|around) (me|here)\b",
    re.IGNORECASE,
)
AFTER_SCHOOL = re.compile(
    r"\b(options|choices|what can i do|what next|what now) (after|when i finish|once i finish) "
    r"(year 11|yr 11|y11|gcses?|my gcses|school|secondary)\b|\bafter year 11\b",
    re.IGNORECASE,
)
COMPARES = re.compile(
    r"\b(higher|lower|better|worse|harder|easier) (or \w+ )?than\b|\bcompared? (to|with)\b"
    r"|\bvs\.?\b|\bversus\b|\bsame as\b|\bequivalent\b|\bdifference between\b",
    re.IGNORECASE,
)
OPENINGS = re.compile(
    r"\b(any|are there|is there|get an?|find an?|do|does|take on|taking on|hiring|"
    r"vacanc\w*|openings?|places?|spaces?|near me|round here|local)\b",
    re.IGNORECASE,
)
APPRENTICESHIP_ROUTES = {
    "apprenticeship", "foundation-apprenticeship", "intermediate-apprenticeship",
    "advanced-apprenticeship", "higher-apprenticeship", "degree-apprenticeship",
}  # fmt: skip


def wants_openings(asked: Asked, context: Context) -> bool:
    """ "any apprenticeships in sunderland", "does nissan take on apprentices": openings,
    not what an apprenticeship is."""
    route = asked.first("route")
    if route is None or route.slug not in APPRENTICESHIP_ROUTES or asked.first("opportunity"):
        return False
    if asked.refers_back and context.get("occupation"):
        return False  # "any apprenticeships for that?": the way into the job
    where = asked.first("place") or context.get("place")
    return bool(where and OPENINGS.search(asked.text))


