"""The kinds of harm schools are told to watch for (Keeping Children Safe in Education),
as the bot names them, and the words the people who act on an alert read."""

from __future__ import annotations

WORDS = {
    "suicidal-thoughts": "suicidal thoughts",
    "self-harm": "self-harm",
    "mental-health-crisis": "a mental-health crisis",
    "eating-disorder": "an eating disorder",
    "physical-abuse": "physical abuse",
    "emotional-abuse": "emotional abuse",
    "sexual-abuse": "sexual abuse",
    "neglect": "neglect",
    "domestic-abuse": "domestic abuse at home",
    "relationship-abuse": "abuse in their own relationship",
    "sexual-exploitation": "child sexual exploitation",
    "criminal-exploitation": "child criminal exploitation (such as county lines)",
    "online-abuse": "online abuse or sextortion",
    "grooming": "grooming",
    "bullying": "bullying",
    "peer-on-peer-abuse": "abuse by other young people",
    "forced-marriage": "forced marriage",
    "fgm": "female genital mutilation (FGM)",
    "honour-based-abuse": "honour-based abuse",
    "radicalisation": "radicalisation",
    "running-away": "running away or going missing",
    "homelessness": "homelessness",
    "substance-misuse": "drug or alcohol misuse",
    # Before the categories above existed (alerts already stored keep their names).
    "self_harm": "self-harm or suicidal thoughts",
    "abuse": "abuse or neglect",
    "unsafe_home": "being unsafe at home",
    "exploitation": "exploitation",
    "unclear": "a possible risk of harm",
}
UNCLEAR = "unclear"


def words_for(category: str) -> str:
    """What a category is called in an email or the inbox; any unknown one is unclear."""
    return WORDS.get(category, WORDS[UNCLEAR])
