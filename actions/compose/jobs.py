"""Questions about getting into a job: the way in, pay, how long, what you need."""

from __future__ import annotations

from actions.compose.reply import (
    Reply,
    button,
    clip,
    in_words,
    join,
    lower_title,
    money,
    sentence_case,
    when,
)
from knowledge.query import KnowledgeBase, RecordRef, RecordView


def how_to_become(view: RecordView) -> list[Reply]:
    if view.ref.kind == "route":
        return [Reply(clip(view.data["how_to_apply"]), [view.ref])]
    if view.ref.kind == "sector":
        routes = [r.title for r in view.linked("route")]
        text = join(view.summary, f"Ways in include {in_words(routes[:5])}.")
        return [Reply(clip(text), [view.ref])]
    standards = [f"{a['name']} (level {a['level']})" for a in view.data.get("apprenticeships", [])]
    text = view.data["entry"]
    if standards:
        text = join(clip(text, 55), f"Apprenticeships: {in_words(standards[:3])}.")
    slug = view.ref.slug
    return [
        Reply(
            clip(text),
            [view.ref],
            [
                button("How long does it take?", "ask_duration", occupation=slug),
                button("What's the pay?", "ask_pay", occupation=slug),
            ],
        )
    ]


def pay(view: RecordView, kb: KnowledgeBase) -> list[Reply]:
    if view.ref.kind == "route":
        return [Reply(clip(view.data["cost_or_pay"]), [view.ref])]
    if view.ref.kind == "sector":
        return _sector_pay(view, kb)
    figures = view.data.get("pay")
    if not figures:
        text = view.data.get("pay_note") or (
            "I don't have a checked pay figure for this job yet. The National Careers "
            "Service job profile has the latest pay."
        )
        return [Reply(clip(text), [view.ref])]
    text = join(
        f"{sentence_case(when(figures['as_of']))}, {lower_title(view.ref)}s usually started on "
        f"about {money(figures['starter'])} a year, and experienced ones earned about "
        f"{money(figures['experienced'])}.",
        figures.get("note", ""),
    )
    return [Reply(clip(text), [view.ref])]


def _sector_pay(view: RecordView, kb: KnowledgeBase) -> list[Reply]:
    examples = []
    for ref in view.linked_by("occupation", "sector"):
        figures = kb.get("occupation", ref.slug).data.get("pay")
        if figures:
            examples.append(
                f"{lower_title(ref)}s started on about {money(figures['starter'])} "
                f"{when(figures['as_of'])}"
            )
    if not examples:
        return [Reply("Pay depends on the job. Ask me about a job in this sector.", [view.ref])]
    text = f"Pay depends on the job. For example, {in_words(examples[:3])} a year."
    return [Reply(text, [view.ref])]


def where_to_work(view: RecordView) -> list[Reply]:
    """Where people do this job (or work in this sector) in the North East, and who employs
    them, as the knowledge base says."""
    if view.ref.kind == "sector":
        employers = [e["name"] for e in view.data.get("employers") or []]
        named = f" Employers here include {in_words(employers[:4])}." if employers else ""
        return [Reply(clip(join(view.data.get("why_north_east", view.summary), named)), [view.ref])]
    return [Reply(clip(view.data.get("where_north_east") or view.summary), [view.ref])]


def duration(view: RecordView) -> list[Reply]:
    field = "training_time" if view.ref.kind == "occupation" else "duration"
    if field not in view.data:
        return [Reply(clip(view.summary), [view.ref])]
    return [Reply(clip(view.data[field]), [view.ref])]


def entry_requirements(view: RecordView) -> list[Reply]:
    if view.ref.kind == "route":
        text = join(view.data["entry_requirements"], view.data["who_for"])
    else:
        text = view.data.get("entry") or view.summary
    return [Reply(clip(text), [view.ref])]


def sector_jobs(view: RecordView) -> list[Reply]:
    home = view.linked_by("occupation", "sector")
    shared = view.linked_by("occupation", "also_sector")
    jobs = [lower_title(r) for r in home + shared][:7]
    text = view.summary
    if jobs:
        text = join(f"Jobs in {view.ref.title.lower()} include {in_words(jobs)}.", view.summary)
    buttons = [button(r.title, "ask_about", occupation=r.slug) for r in home[:3]]
    return [Reply(clip(text), [view.ref], buttons)]


def subject_jobs(subject: str, jobs: list[RecordRef]) -> list[Reply]:
    if not jobs:
        return [
            Reply(
                f"I don't have jobs listed for {subject} yet. A careers adviser can help you "
                "think about where it could take you.",
                unanswered=True,
            )
        ]
    names = [lower_title(r) for r in jobs[:6]]
    text = f"{subject.capitalize()} is useful for jobs like {in_words(names)}."
    buttons = [button(r.title, "ask_about", occupation=r.slug) for r in jobs[:3]]
    return [Reply(text, jobs[:6], buttons)]
