"""What something is: any kind of record."""

from __future__ import annotations

from actions.compose.reply import (
    Reply,
    button,
    clip,
    example_label,
    in_words,
    join,
    lower_title,
    when_to_apply,
)
from knowledge.query import KnowledgeBase, RecordView


def about(view: RecordView, kb: KnowledgeBase) -> list[Reply]:
    describe = DESCRIBERS.get(view.ref.kind, _plain)
    return describe(view, kb)


def _plain(view: RecordView, kb: KnowledgeBase) -> list[Reply]:
    text = join(view.summary, view.data.get("about", ""))
    return [Reply(clip(text), [view.ref])]


def _occupation(view: RecordView, kb: KnowledgeBase) -> list[Reply]:
    slug = view.ref.slug
    return [
        Reply(
            clip(join(view.summary, view.data["about"])),
            [view.ref],
            [
                button("How do I get in?", "ask_how_to_become", occupation=slug),
                button("What's the pay?", "ask_pay", occupation=slug),
                button("How long to train?", "ask_duration", occupation=slug),
            ],
        )
    ]


def _sector(view: RecordView, kb: KnowledgeBase) -> list[Reply]:
    jobs = [lower_title(r) for r in view.linked_by("occupation", "sector")][:5]
    text = join(view.summary, view.data["why_north_east"])
    if jobs:
        text = join(clip(text, 60), f"Jobs include {in_words(jobs)}.")
    slug = view.ref.slug
    return [
        Reply(
            clip(text),
            [view.ref],
            [
                button("Jobs in this sector", "ask_sector_jobs", sector=slug),
                button("Opportunities", "ask_opportunities", sector=slug),
            ],
        )
    ]


def _route(view: RecordView, kb: KnowledgeBase) -> list[Reply]:
    slug = view.ref.slug
    buttons = [
        button("What do I need?", "ask_entry_requirements", route=slug),
        button("Where can I do it?", "ask_where_to_study", route=slug),
        button("What does it lead to?", "ask_leads_to", route=slug),
    ]
    if view.data.get("status") == "closed":
        replaced = view.linked("replaced_by")
        buttons = [button(r.title, "ask_about", route=r.slug) for r in replaced]
    return [Reply(clip(join(view.summary, view.data["who_for"])), [view.ref], buttons)]


def _provider(view: RecordView, kb: KnowledgeBase) -> list[Reply]:
    towns = sorted({campus["town"] for campus in view.data["campuses"]})
    text = join(view.summary, f"It is in {in_words(towns)}.")
    return [
        Reply(
            clip(text),
            [view.ref],
            [button("What does it offer?", "ask_where_to_study", provider=view.ref.slug)],
        )
    ]


def provider_location(view: RecordView) -> list[Reply]:
    """Where a college or university is: each campus and its town."""
    campuses = [f"{c['name']} in {c['town']}" for c in view.data["campuses"]]
    text = f"{view.ref.title} has {in_words(campuses)}." if len(campuses) > 1 else (
        f"{view.ref.title} is at {campuses[0]}."
    )
    website = view.data.get("website")
    return [Reply(clip(join(text, f"See {website} for maps." if website else "")), [view.ref])]


def _programme(view: RecordView, kb: KnowledgeBase) -> list[Reply]:
    return [Reply(clip(join(view.summary, view.data["how_to_use"])), [view.ref])]


def _place(view: RecordView, kb: KnowledgeBase) -> list[Reply]:
    providers = [r.title for r in view.linked_by("provider", "place")]
    text = view.summary
    if providers:
        text = join(text, f"Places to study there include {in_words(providers[:4])}.")
    slug = view.ref.slug
    return [
        Reply(
            clip(text),
            [view.ref],
            [button("Opportunities there", "ask_opportunities", place=slug)],
        )
    ]


def _opportunity(view: RecordView, kb: KnowledgeBase) -> list[Reply]:
    apply = when_to_apply(view.data)
    text = join(
        example_label(view.data) + clip(join(view.summary, view.data["about"]), 45),
        f"{apply[0].upper()}{apply[1:]}.",
        view.data["how_to_apply"],
        f"More: {view.url}" if view.url else "",
    )
    return [Reply(clip(text), [view.ref])]


DESCRIBERS = {
    "opportunity": _opportunity,
    "occupation": _occupation,
    "sector": _sector,
    "route": _route,
    "provider": _provider,
    "programme": _programme,
    "place": _place,
}
