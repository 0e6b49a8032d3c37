"""Questions about where: places to study, and opportunities near the student."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from actions.compose.reply import (
    Reply,
    button,
    clip,
    example_label,
    in_words,
    join,
    when_to_apply,
)
from knowledge.query import KnowledgeBase, RecordRef, RecordView
from knowledge.vocabulary import opportunity_type_label

MAX_LISTED = 4
# "Apprenticeships" in general: openings of every level are listed as that type.
UMBRELLA_ROUTE = "apprenticeship"


def provider_offer(view: RecordView) -> list[Reply]:
    routes = [r.title for r in view.linked("route")]
    t_levels = view.data.get("t_levels") or []
    parts = [f"{view.ref.title} offers {in_words(routes)}." if routes else view.summary]
    if t_levels:
        parts.append(f"T Levels include {in_words(t_levels[:5])}.")
    parts.append(view.data.get("t_levels_note", ""))
    if view.data.get("website"):
        parts.append(f"Check the latest courses at {view.data['website']}.")
    return [Reply(clip(join(*parts)), [view.ref])]


def providers_for(
    route: RecordView | None, place: RecordView | None, kb: KnowledgeBase
) -> list[Reply]:
    slug_route = route.ref.slug if route else None
    found = kb.providers(place=place.ref.slug if place else None, route=slug_route)
    cited = [v.ref for v in (route, place) if v]
    where = f" in {place.ref.title}" if place else " in the North East"
    what = route.ref.title if route else "courses"
    if not found:
        return [
            Reply(
                f"I couldn't find a college{where} listed for {what}. Check college websites, "
                "or ask a careers adviser.",
                cited,
                unanswered=True,
            )
        ]
    names = [r.title for r in found[:6]]
    text = f"You can study {what}{where} at {in_words(names)}."
    buttons = [button(r.title, "ask_where_to_study", provider=r.slug) for r in found[:3]]
    return [Reply(text, cited + found[:6], buttons)]


def providers_for_job(job: RecordView, place: RecordView | None, kb: KnowledgeBase) -> list[Reply]:
    """Where to train for a job: providers offering any of its routes, near the student."""
    found: dict[str, RecordRef] = {}
    for route in job.linked("route"):
        for ref in kb.providers(place=place.ref.slug if place else None, route=route.slug):
            found.setdefault(ref.slug, ref)
    cited = [job.ref] + ([place.ref] if place else [])
    where = f" in {place.ref.title}" if place else " in the North East"
    if not found:
        text = (
            f"I couldn't find a college{where} listed for training as a {job.ref.title.lower()}. "
            f"{job.data['entry']}"
        )
        return [Reply(clip(text), cited, unanswered=True)]
    providers = list(found.values())[:6]
    text = (
        f"To train as a {job.ref.title.lower()}{where}, you could look at "
        f"{in_words([p.title for p in providers])}."
    )
    buttons = [button(r.title, "ask_where_to_study", provider=r.slug) for r in providers[:3]]
    return [Reply(text, cited + providers, buttons)]


@dataclass
class OpportunityFilter:
    sector: RecordRef | None = None
    place: RecordRef | None = None
    route: RecordRef | None = None
    opportunity_type: str | None = None

    def describe(self) -> str:
        what = opportunity_type_label(self.opportunity_type) if self.opportunity_type else None
        if not what:
            what = "apprenticeship openings" if self.route else "opportunities"
        parts = [what]
        if self.sector:
            parts.append(f"in {self.sector.title.lower()}")
        parts.append(f"in {self.place.title}" if self.place else "across the North East")
        return " ".join(parts)

    def cited(self) -> list[RecordRef]:
        return [ref for ref in (self.sector, self.place, self.route) if ref]


def opportunities(wanted: OpportunityFilter, kb: KnowledgeBase, today: dt.date) -> list[Reply]:
    found = _find(wanted, kb, today)
    if found:
        return [_list_opportunities(wanted, found, kb)]
    replies = [Reply(f"I couldn't find any open {wanted.describe()} right now.", wanted.cited())]
    if wanted.place:
        wider = OpportunityFilter(wanted.sector, None, wanted.route, wanted.opportunity_type)
        nearby = _find(wider, kb, today)
        if nearby:
            replies.append(_list_opportunities(wider, nearby, kb))
    return replies


def openings_if_any(
    wanted: OpportunityFilter, kb: KnowledgeBase, today: dt.date
) -> Reply | None:
    """The open schemes that fit (in the place if any there, else across the region), or
    None: for adding to another answer, where "none found" would only be noise."""
    found = _find(wanted, kb, today)
    if not found and wanted.place:
        wanted = OpportunityFilter(wanted.sector, None, wanted.route, wanted.opportunity_type)
        found = _find(wanted, kb, today)
    return _list_opportunities(wanted, found, kb) if found else None


def _find(wanted: OpportunityFilter, kb: KnowledgeBase, today: dt.date) -> list[RecordRef]:
    route = wanted.route.slug if wanted.route else None
    kind = wanted.opportunity_type
    if route == UMBRELLA_ROUTE:
        route, kind = None, kind or "apprenticeship"
    return kb.opportunities(
        today,
        sector=wanted.sector.slug if wanted.sector else None,
        place=wanted.place.slug if wanted.place else None,
        route=route,
        opportunity_type=kind,
    )


def _list_opportunities(
    wanted: OpportunityFilter, found: list[RecordRef], kb: KnowledgeBase
) -> Reply:
    lines = []
    for ref in found[:MAX_LISTED]:
        data = kb.get("opportunity", ref.slug).data
        lines.append(f"{example_label(data)}{ref.title} ({when_to_apply(data)})")
    more = f" and {len(found) - MAX_LISTED} more" if len(found) > MAX_LISTED else ""
    text = f"Open {wanted.describe()}: {'; '.join(lines)}{more}."
    return Reply(clip(text, 90), wanted.cited() + found[:MAX_LISTED])


def place_overview(
    place: RecordView, sector: RecordView | None, kb: KnowledgeBase, today: dt.date
) -> list[Reply]:
    providers = kb.providers(place=place.ref.slug)
    found = kb.opportunities(
        today, place=place.ref.slug, sector=sector.ref.slug if sector else None
    )
    about = f"for {sector.ref.title.lower()} " if sector else ""
    parts = [f"In {place.ref.title} {about}there are {len(found)} open opportunities."]
    if providers:
        parts.append(f"Places to study include {in_words([p.title for p in providers[:4]])}.")
    cited = [place.ref] + ([sector.ref] if sector else [])
    buttons = [button(r.title, "ask_about", provider=r.slug) for r in providers[:2]]
    replies = [Reply(clip(join(*parts)), cited, buttons)]
    if found:
        replies.append(
            _list_opportunities(OpportunityFilter(sector and sector.ref, place.ref), found, kb)
        )
    return replies
