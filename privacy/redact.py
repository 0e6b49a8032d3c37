"""Contact details taken out of text before it is stored (transcripts, summaries).

The text comes from children, so anything that could reach or locate them (email, phone,
street address, postcode) is removed before it is written anywhere: privacy by design under
the ICO Children's code. When unsure, a pattern errs towards removing too much.
"""

from __future__ import annotations

import re

EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
# UK phone numbers: 07700 900123, +44 7700 900123, (0191) 123 4567, 0191-123-4567.
PHONE = re.compile(r"(?<![\w+])(?:\+44\s?\(?0?\)?|\(?0)(?:[\s\-()]*\d){9,10}(?!\d)")

# The letters a UK postcode can start with (NE, SR, DH, TS, B, M ...), plus the Crown
# dependencies (GY, JE, IM), forces post (BF) and non-geographic (BX). Only these count,
# so "Y10 2nd", "yr10 3rd" or "A1 road" are never taken for postcodes. (Word lists here are
# written as regex alternatives, ready to drop into a pattern.)
POSTCODE_AREAS = (
    "AB|AL|B|BA|BB|BD|BF|BH|BL|BN|BR|BS|BT|BX|CA|CB|CF|CH|CM|CO|CR|CT|CV|CW|"
    "DA|DD|DE|DG|DH|DL|DN|DT|DY|E|EC|EH|EN|EX|FK|FY|G|GL|GU|GY|HA|HD|HG|HP|HR|HS|HU|HX|"
    "IG|IM|IP|IV|JE|KA|KT|KW|KY|L|LA|LD|LE|LL|LN|LS|LU|M|ME|MK|ML|N|NE|NG|NN|NP|NR|NW|"
    "OL|OX|PA|PE|PH|PL|PO|PR|RG|RH|RM|S|SA|SE|SG|SK|SL|SM|SN|SO|SP|SR|SS|ST|SW|SY|"
    "TA|TD|TF|TN|TQ|TR|TS|TW|UB|W|WA|WC|WD|WF|WN|WR|WS|WV|YO|ZE"
)
# UK postcodes, any case, with or without the space: NE1 4LP, ne14lp, EC1A 1BB, DN55 1PT.
# Outward code = area + district (NE1, NE99, W1A); inward code = a digit and two letters,
# never C, I, K, M, O or V.
POSTCODE = re.compile(
    rf"(?<![a-z0-9])(?:{POSTCODE_AREAS})\d[a-z\d]?"
    r"\s*\d[abd-hjlnp-uw-z]{2}(?![a-z0-9])",
    re.IGNORECASE,
)

# Last words of a street name: "Acacia Avenue", "high st", "Broad Chare", "Leazes Terrace".
STREET_WORDS = (
    "street|st|road|rd|avenue|ave|lane|ln|drive|dr|close|crescent|cres|terrace|terr|tce|"
    "place|pl|court|ct|way|gardens|gdns|grove|square|sq|walk|view|row|parade|bank|chare|"
    "wynd|mews|hill|rise|green|park|vale|mount|croft|dene|garth|leazes|villas|cottages|"
    "boulevard|approach"
)
# Words that never come between a house number and its street word. They stop everyday
# numbers being read as addresses: "2 years on the road", "a 10 minute walk", "im 15 and".
NOT_STREET_NAME_WORDS = (
    "a|an|and|or|but|so|to|of|on|in|at|by|for|from|with|into|onto|up|down|off|over|near|"
    "i|me|my|you|your|he|she|we|us|our|they|them|their|his|her|it|its|is|are|was|be|this|"
    "that|who|which|when|where|than|then|other|more|best|only|right|"
    "time|times|second|seconds|min|mins|minute|minutes|hour|hours|hr|hrs|day|days|"
    "week|weeks|month|months|year|years|yr|yrs|mile|miles|km|metre|metres|meter|meters"
)
# A street address: an optional flat or apartment number, a house number (12, 14b, 12-14),
# then one to three name words ending in a street word, then up to two capitalised place
# names after it ("7 Chillingham Road Heaton").
ADDRESS = re.compile(
    r"(?:\b(?:flat|apartment|apt)\.?\s*\d{1,4}[a-z]?,?\s+)?"
    r"(?<![\w£$./-])\d{1,4}[a-z]?(?:\s*-\s*\d{1,4}[a-z]?)?,?\s+"
    rf"(?:(?!(?:{NOT_STREET_NAME_WORDS})\b)[a-z][a-z'’.-]*\s+){{1,3}}"
    rf"(?:{STREET_WORDS})\b"
    r"(?:,?\s+(?-i:[A-Z][a-z]+)\b){0,2}",
    re.IGNORECASE,
)

# An email address written out to get past filters: "sam at example dot com".
SPELLED_EMAIL = re.compile(
    r"\b[a-z0-9._%+\-]+(?:\s+dot\s+[a-z0-9_%+\-]+)*\s*(?:\(at\)|\[at\]|\bat\b)\s*[a-z0-9\-]+"
    r"(?:\s*(?:\(dot\)|\[dot\]|\bdot\b|\.)\s*(?:com|co|org|net|uk|ac|gov|sch|io|me))+\b",
    re.IGNORECASE,
)
# Social media: "@name", "my insta is sam_x", "snap: samx", "discord sam#1234". The name
# goes; the platform's name stays, so the sentence still reads.
PLATFORMS = (
    r"insta|instagram|ig|snap|snapchat|tiktok|tik tok|twitter|facebook|fb|discord|whatsapp|"
    r"telegram|kik|twitch|youtube|yt|threads|bereal|roblox|xbox|psn|steam|reddit|pinterest"
)
HANDLE = re.compile(r"(?<![\w.@])@[a-z0-9_.]{2,30}|\b[a-z0-9_.]{2,32}#\d{4}\b", re.IGNORECASE)
# After a platform's name, a word that looks like a user name (it has a digit, _ or .),
# or any word after "snap:" and the like.
PLATFORM_HANDLE = re.compile(
    rf"\b(?P<keep>(?:{PLATFORMS})(?:\s+(?:name|username|user|handle|account|acc|id|tag|is))*"
    r"(?:\s*[:=]\s*|\s*-?\s+(?=@?[a-z0-9_.]*[0-9_.])))@?[a-z0-9_.]{2,32}",
    re.IGNORECASE,
)
MY_HANDLE = re.compile(
    rf"\b(?:my|me)\s+(?:{PLATFORMS})(?:\s+(?:name|username|handle|account|acc|id|tag))?"
    r"(?:\s+(?:is|=|:)|\s*:)\s*@?[a-z0-9_.]{2,32}",
    re.IGNORECASE,
)

# In this order: an email can hold digits that look like a phone number, and an address
# is taken whole before any postcode after it.
REPLACEMENTS = (
    (EMAIL, "[email removed]"),
    (SPELLED_EMAIL, "[email removed]"),
    (MY_HANDLE, "[social media removed]"),
    (PLATFORM_HANDLE, lambda m: m.group("keep") + "[social media removed]"),
    (HANDLE, "[social media removed]"),
    (PHONE, "[phone number removed]"),
    (ADDRESS, "[address removed]"),
    (POSTCODE, "[postcode removed]"),
)


def redact(text: str) -> str:
    """The text with contact details and social media names removed."""
    for pattern, replacement in REPLACEMENTS:
        text = pattern.sub(replacement, text)
    return text


def without_names_of(text: str, names: list[str]) -> str:
    """The text without any of ``names`` (a school's, say), whole words, any case."""
    distinct = {n.strip() for n in names if n and len(n.strip()) > 2}
    for name in sorted(distinct, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(name)}\b", "[school removed]", text, flags=re.IGNORECASE)
    return text
