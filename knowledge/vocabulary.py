"""Names for the knowledge base's controlled values that are not records of their own.

Opportunity types are fixed by the schema; these are the words students use for them.
Apprenticeship openings are found through the route ``apprenticeship``, and the words
"work experience" name the programme that explains it, which stands for the type too.
"""

OPPORTUNITY_TYPE_NAMES: dict[str, list[str]] = {
    "work-experience": ["work exp", "work placement", "placement"],
    "event": ["event", "open day", "open evening", "careers fair", "open event"],
    "taster-day": ["taster day", "taster", "taster session"],
    "insight-day": ["insight day", "insight event"],
    "volunteering": ["volunteering", "volunteer"],
    "t-level-placement": ["industry placement", "t level placement"],
}


def opportunity_type_label(value: str) -> str:
    """How an opportunity type reads in a sentence: "work experience"."""
    return OPPORTUNITY_TYPE_NAMES.get(value, [value.replace("-", " ")])[0]


# A programme whose name also asks for a type of opportunity.
PROGRAMME_OPPORTUNITY_TYPES: dict[str, str] = {
    "work-experience": "work-experience",
    "volunteering": "volunteering",
}
