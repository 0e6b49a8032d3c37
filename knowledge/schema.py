"""The shape of the human-edited content files, one pydantic model per record kind.

A content file is YAML with two keys::

    kind: occupation
    records:
      - slug: electrician
        title: Electrician
        ...

Links to other records are given by slug (``sectors: [construction]``); the loader
checks that each one exists. Text fields are written for a reader of about 12, in UK
English, in our own words.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
AS_OF_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")

Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]
Text = Annotated[str, Field(min_length=1)]
Url = Annotated[str, Field(pattern=r"^https?://\S+$")]
AsOf = Annotated[str, Field(pattern=AS_OF_PATTERN.pattern)]


def parse_as_of(value: str) -> dt.date:
    """Turn an as-of text ("2024", "2024-05" or "2024-05-07") into the first day it covers."""
    match = AS_OF_PATTERN.match(value.strip())
    if not match:
        raise ValueError("as_of must look like 2024, 2024-05 or 2024-05-07")
    year, month, day = (int(part) if part else 1 for part in match.groups())
    return dt.date(year, month, day)


class Strict(BaseModel):
    """Unknown fields are mistakes (usually typos), so they are rejected."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Claim(Strict):
    """One checkable statement in a record, with the source that says it and its date.

    ``says`` is the claim's words exactly as they appear in one of the record's text
    fields. Every figure in a record's text (pay, hours, ages, dates, counts, levels) must
    lie inside some claim's ``says`` (knowledge/claims.py checks it), so a reader can
    trace each number to its source. A money claim carries its year in its words and is
    due for checking 12 months after ``as_of``; any claim is due after ``valid_until``.
    """

    says: Text
    source: Url
    as_of: AsOf
    valid_until: dt.date | None = Field(
        default=None, description="The day after which the claim must be checked again."
    )


class RecordBase(Strict):
    slug: Slug
    title: Text
    summary: Text = Field(description="One or two short sentences: what this is.")
    aliases: list[Text] = Field(
        default_factory=list,
        description="Other ways people say it: synonyms, slang, short forms, old names.",
    )
    sources: list[Url] = Field(min_length=1, description="Where the facts come from.")
    as_of: Text = Field(description="Date of the facts: YYYY, YYYY-MM or YYYY-MM-DD.")
    url: Url | None = Field(default=None, description="Where a student can read more.")
    claims: list[Claim] = Field(
        default_factory=list, description="Each figure or dated fact, with its own source."
    )

    @field_validator("as_of")
    @classmethod
    def _as_of_is_a_date(cls, value: str) -> str:
        parse_as_of(value)
        return value

    def links(self) -> dict[str, tuple[str, list[str]]]:
        """Outgoing links: relation -> (target kind, target slugs)."""
        return {}


class Town(Strict):
    """A town, village, district or big site a student might name, within a council area."""

    name: Text
    type: Literal["town", "village", "district", "site"] = "town"
    aliases: list[Text] = Field(
        default_factory=list, description="Other spellings and local names."
    )
    near: str = Field(
        default="", description="What is in or near it: colleges, big employers (short)."
    )
    plain_word: bool = Field(
        default=False,
        description="Also an everyday word or a person's name (Crook, Stanley): it counts "
        "as the place only after in, from, near, at or around.",
    )

    def names(self) -> list[str]:
        """What a student may call it; a plain word only with a word saying it is a place."""
        names = [self.name, *self.aliases]
        if not self.plain_word:
            return names
        return [
            f"{cue} {name}" if " " not in name.strip() else name
            for name in names
            for cue in PLACE_CUES
        ]


PLACE_CUES = ("in", "from", "near", "at", "around", "round", "live in", "lives in")


class Place(RecordBase):
    kind: Literal["place"] = "place"
    about: Text
    towns: list[Town] = Field(default_factory=list, description="Towns and areas within it.")
    towns_source: Url | None = Field(
        default=None, description="The list the towns come from (ONS or the council)."
    )

    def town_names(self) -> list[str]:
        """Every name of every town: the resolver treats them as names of this place."""
        return [name for town in self.towns for name in town.names()]


class Employer(Strict):
    name: Text
    place: Slug | None = None
    about: Text


class Sector(RecordBase):
    kind: Literal["sector"] = "sector"
    about: Text = Field(description="What the sector is and does.")
    why_north_east: Text = Field(description="Why it matters here.")
    size: Text = Field(description="How many people work in it, with figures and their year.")
    outlook: Text
    employers: list[Employer] = Field(default_factory=list)
    strongest_in: list[Slug] = Field(default_factory=list, description="Place slugs.")
    routes: list[Slug] = Field(default_factory=list, description="Route slugs.")

    def links(self) -> dict[str, tuple[str, list[str]]]:
        employer_places = [e.place for e in self.employers if e.place]
        return {
            "strongest_in": ("place", self.strongest_in),
            "route": ("route", self.routes),
            "employer_place": ("place", sorted(set(employer_places))),
        }


class Pay(Strict):
    """Yearly pay in pounds. Only figures rated high or medium confidence go here."""

    starter: int = Field(gt=0)
    experienced: int = Field(gt=0)
    note: str = ""
    source: Url
    as_of: Text

    @model_validator(mode="after")
    def _range_is_the_right_way_up(self) -> Pay:
        if self.starter > self.experienced:
            raise ValueError(
                f"pay range is upside down: starter {self.starter} is more than "
                f"experienced {self.experienced}"
            )
        parse_as_of(self.as_of)
        return self


class ApprenticeshipStandard(Strict):
    name: Text
    level: int = Field(ge=2, le=7)
    source: Url | None = Field(default=None, description="The standard's own page.")


class Occupation(RecordBase):
    kind: Literal["occupation"] = "occupation"
    sectors: list[Slug] = Field(min_length=1)
    about: Text = Field(description="What the job is like, day to day.")
    pay: Pay | None = None
    pay_note: str = Field(
        default="", description="What to say when there is no checked pay figure."
    )
    entry: Text = Field(description="Entry requirements: GCSEs, A Levels, T Levels, degrees.")
    routes: list[Slug] = Field(min_length=1, description="Route slugs.")
    apprenticeships: list[ApprenticeshipStandard] = Field(default_factory=list)
    t_levels: list[Text] = Field(default_factory=list)
    training_time: Text = Field(description="How long it takes to qualify.")
    skills: list[Text] = Field(default_factory=list)
    subjects: list[Text] = Field(default_factory=list, description="School subjects that help.")
    where_north_east: Text
    places: list[Slug] = Field(default_factory=list)
    related: list[Slug] = Field(default_factory=list, description="Related occupation slugs.")

    def links(self) -> dict[str, tuple[str, list[str]]]:
        """The first sector is the job's home sector; the rest are "also_sector"."""
        return {
            "sector": ("sector", self.sectors[:1]),
            "also_sector": ("sector", self.sectors[1:]),
            "route": ("route", self.routes),
            "place": ("place", self.places),
            "related": ("occupation", self.related),
        }


class Route(RecordBase):
    kind: Literal["route"] = "route"
    status: Literal["open", "closed", "changing"] = "open"
    who_for: Text
    entry_requirements: Text
    duration: Text
    cost_or_pay: Text
    how_to_apply: Text
    leads_to: Text
    where_locally: Text
    min_age: int | None = Field(default=None, ge=11, le=99)
    replaced_by: list[Slug] = Field(default_factory=list, description="Route slugs.")
    related: list[Slug] = Field(default_factory=list, description="Route slugs.")

    def links(self) -> dict[str, tuple[str, list[str]]]:
        return {
            "replaced_by": ("route", self.replaced_by),
            "related": ("route", self.related),
        }


class Campus(Strict):
    name: Text
    town: Text
    place: Slug


class Provider(RecordBase):
    kind: Literal["provider"] = "provider"
    provider_type: Literal[
        "fe-college", "sixth-form-college", "university", "utc", "training-provider"
    ]
    campuses: list[Campus] = Field(min_length=1)
    about: Text
    routes: list[Slug] = Field(default_factory=list, description="Route slugs offered.")
    t_levels: list[Text] = Field(default_factory=list, description="T Level subjects offered.")
    t_levels_note: str = Field(default="", description="What is not confirmed about T Levels.")
    website: Url | None = None

    def links(self) -> dict[str, tuple[str, list[str]]]:
        places = sorted({campus.place for campus in self.campuses})
        return {"place": ("place", places), "route": ("route", self.routes)}


class Programme(RecordBase):
    kind: Literal["programme"] = "programme"
    about: Text
    who_for: Text
    how_to_use: Text
    places: list[Slug] = Field(default_factory=list)

    def links(self) -> dict[str, tuple[str, list[str]]]:
        return {"place": ("place", self.places)}


class Opportunity(RecordBase):
    kind: Literal["opportunity"] = "opportunity"
    opportunity_type: Literal[
        "work-experience",
        "apprenticeship",
        "t-level-placement",
        "event",
        "taster-day",
        "insight-day",
        "volunteering",
    ]
    about: Text
    sectors: list[Slug] = Field(min_length=1)
    place: Slug
    provider: Slug | None = None
    employer: Text | None = None
    routes: list[Slug] = Field(default_factory=list)
    starts: dt.date | None = None
    ends: dt.date | None = None
    closes: dt.date | None = Field(default=None, description="Last day to apply.")
    dates_source: Url | None = Field(
        default=None, description="The page that publishes the dates (required with dates)."
    )
    usually_opens: str = Field(
        default="",
        description="For a recurring programme with no published date: the month it "
        "usually opens, as its source says ('January').",
    )
    min_age: int = Field(ge=11, le=99)
    max_age: int = Field(ge=11, le=99)
    ages_source: Url = Field(description="The page that says who may apply.")
    how_to_apply: Text
    example: bool = Field(
        default=False, description="Made-up example data for the demo school; never real."
    )

    @model_validator(mode="after")
    def _dates_and_ages_make_sense(self) -> Opportunity:
        if self.min_age > self.max_age:
            raise ValueError(f"min_age {self.min_age} is more than max_age {self.max_age}")
        dates = [d for d in (self.starts, self.ends, self.closes) if d]
        if dates and not (self.dates_source or self.example):
            raise ValueError("dates need dates_source: the page that publishes them")
        if self.starts and self.ends and self.ends < self.starts:
            raise ValueError(f"ends {self.ends} is before starts {self.starts}")
        over = self.ends or self.starts
        if self.closes and over and self.closes > over:
            raise ValueError(f"closes {self.closes} is after the opportunity is over")
        if not (self.provider or self.employer):
            raise ValueError("give a provider (slug) or an employer (name)")
        return self

    def links(self) -> dict[str, tuple[str, list[str]]]:
        return {
            "sector": ("sector", self.sectors),
            "place": ("place", [self.place]),
            "provider": ("provider", [self.provider] if self.provider else []),
            "route": ("route", self.routes),
        }


# Kinds made elsewhere, never by a content file: an apprentice's answer reaches the knowledge
# base only through moderation in the inbox (inbox/ambassadors.py).
MADE_ELSEWHERE = {
    "ambassador_answer": "apprentices' answers are added when a careers adviser approves them "
    "in the inbox, not from content files",
}

MODEL_BY_KIND: dict[str, type[RecordBase]] = {
    "place": Place,
    "sector": Sector,
    "route": Route,
    "programme": Programme,
    "provider": Provider,
    "occupation": Occupation,
    "opportunity": Opportunity,
}
