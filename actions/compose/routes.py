"""Questions about learning routes: cost, what they lead to, comparing two, staying to 18."""

from __future__ import annotations

from actions.compose.reply import Reply, clip, in_words, join, lower_title
from knowledge.query import KnowledgeBase, RecordView


def cost(view: RecordView, kb: KnowledgeBase) -> list[Reply]:
    if view.ref.kind == "route":
        return [Reply(clip(view.data["cost_or_pay"]), [view.ref])]
    routes = view.linked("route")
    text = view.data.get("training_time", view.summary)
    return [Reply(clip(text), [view.ref, *routes[:1]])]


def leads_to(view: RecordView) -> list[Reply]:
    if view.ref.kind == "route":
        return [Reply(clip(view.data["leads_to"]), [view.ref])]
    related = [lower_title(r) for r in view.linked("related")]
    text = (
        f"With experience, {lower_title(view.ref)}s can move into work like "
        f"{in_words(related[:4])}."
    )
    return [Reply(text if related else view.summary, [view.ref])]


def compare(first: RecordView, second: RecordView, sector: RecordView | None) -> list[Reply]:
    replies = [
        Reply(clip(join(f"{view.ref.title}:", view.summary, view.data["who_for"]), 55), [view.ref])
        for view in (first, second)
    ]
    if sector:
        replies.append(
            Reply(
                f"Both can lead to jobs in {sector.ref.title.lower()}. A careers adviser can "
                "help you choose what suits you best.",
                [sector.ref],
            )
        )
    return replies


def route_in_sector(route: RecordView, sector: RecordView, kb: KnowledgeBase) -> list[Reply]:
    """ "What about apprenticeships in that?": the jobs in a sector you can train for this way."""
    jobs = []
    for ref in sector.linked_by("occupation", "sector"):
        job = kb.get("occupation", ref.slug)
        if route.ref.slug in job.data["routes"] or (
            route.ref.slug == "apprenticeship" and job.data.get("apprenticeships")
        ):
            jobs.append(lower_title(ref))
    if not jobs:
        text = join(route.summary, f"Ask me about a job in {sector.ref.title.lower()}.")
    else:
        text = (
            f"In {sector.ref.title.lower()}, you can train this way to become a "
            f"{in_words(jobs[:5])}. {route.summary}"
        )
    return [Reply(clip(text), [route.ref, sector.ref])]


def leaving_age(gcse: RecordView) -> list[Reply]:
    return [Reply(clip(gcse.data["leads_to"]), [gcse.ref])]
