"""``action_answer``: every question about the knowledge base.

It works out what the message is about (records named, or the conversation's current
ones), asks which one when several fit, composes the answer for the kind of question,
and remembers what was discussed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.ambassador.share import asks_what_its_like, share_and_offer
from actions.asked import Asked, question_from_words, read_message
from actions.compose import jobs, places, routes
from actions.compose.about import about, provider_location
from actions.compose.reply import Reply, button, in_words
from actions.context import Context, move_on
from actions.knowledge_base import knowledge_base, resolver
from actions.off_topic import is_off_topic
from actions.personal import asks_for_a_person, describes_a_situation, offer_a_person
from actions.reading import APPRENTICESHIP_ROUTES, TARGET_KINDS, refine_intent
from actions.replies import CAN_HELP_WITH, send_reply
from actions.unanswered import cannot_help
from knowledge.clock import today
from knowledge.query import KnowledgeBase, RecordRef, RecordView, town_named

MAX_CHOICES = 3  # a clarifying question offers at most this many
MAX_TARGETS = 2  # "can i go to uni with btecs": a question about two records gets both

Composer = Callable[[RecordView, KnowledgeBase], list[Reply]]
SINGLE_TARGET: dict[str, Composer] = {
    "ask_about": about,
    "ask_how_to_become": lambda view, kb: jobs.how_to_become(view),
    "ask_pay": jobs.pay,
    "ask_duration": lambda view, kb: jobs.duration(view),
    "ask_entry_requirements": lambda view, kb: jobs.entry_requirements(view),
    "ask_cost": routes.cost,
    "ask_leads_to": lambda view, kb: routes.leads_to(view),
    "ask_sector_jobs": lambda view, kb: jobs.sector_jobs(view),
    "ask_where_to_work": lambda view, kb: jobs.where_to_work(view),
    "ask_location": lambda view, kb: provider_location(view),
}


class ActionAnswer(Action):
    def name(self) -> str:
        return "action_answer"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        asked = read(tracker)
        if asks_for_a_person(asked.text) and (offer := offer_a_person(tracker)):
            return offer  # "can i speak to someone real": the offer, nothing else
        if is_off_topic(asked.text):  # "is it gonna rain in durham": the place is by the way
            turns = cannot_help(dispatcher, int(tracker.get_slot("unanswered_turns") or 0))
            return [SlotSet("unanswered_turns", turns)]
        events = respond(dispatcher, tracker, asked)
        if describes_a_situation(asked.text):
            events += offer_a_person(tracker)  # the facts that help, then a person
        if asks_what_its_like(asked.text) and not tracker.active_loop_name:
            # Apprentices answer "what is it really like?" best: the facts, then their words.
            return events + share_and_offer(dispatcher, tracker, asked, question=asked.text)
        if tracker.get_slot("ambassador_offer"):
            events.append(SlotSet("ambassador_offer", False))  # that offer has passed
        return events


def read(tracker: Tracker) -> Asked:
    return read_message(tracker, knowledge_base(), resolver())


def answer_if_named(
    dispatcher: CollectingDispatcher, tracker: Tracker, follow_topic: bool = False
) -> list | None:
    """For a message the classifier misread: if it clearly names records, answer it; with
    ``follow_topic``, also if it refers back to the scheme, programme or college being
    discussed ("when do they usually put them up").

    Returns the events of the answer, or None when the message names nothing we know.
    """
    asked = read(tracker)
    if is_off_topic(asked.text):
        return None
    if not (asked.names_something or follow_topic and refers_to_the_topic(asked, tracker)):
        return None
    asked.intent = question_from_words(asked)
    return respond(dispatcher, tracker, asked)


def refers_to_the_topic(asked: Asked, tracker: Tracker) -> bool:
    """ "how do i get on it" while a scheme, programme or college is the topic."""
    topic = Context.from_tracker(tracker).topic or ""
    return asked.refers_back and topic.partition("/")[0] in DESCRIBED_WHOLE


def respond(dispatcher: CollectingDispatcher, tracker: Tracker, asked: Asked) -> list:
    kb = knowledge_base()
    context = Context.from_tracker(tracker)
    others: list[RecordRef] = []
    if best := asked.clearly_best or the_one_of_its_kind(asked):  # answer it, offer the others
        asked.named, others = [best], [r for r in asked.candidates if r != best][:2]
    elif len(asked.candidates) > 1 and not follows_on(asked, context, kb):
        send_reply(dispatcher, which_one(asked))
        return []
    if len(asked.candidates) == 1 and not follows_on(asked, context, kb):
        asked.named = asked.candidates  # one record holds the word, and nothing came before
    question = refine_intent(asked, context)
    replies = with_the_town_named(compose(asked, question, context, kb), asked, kb)
    replies += openings_alongside(asked, question, replies, context, kb)
    if others:
        intent = question if question in TARGET_KINDS else "ask_about"
        replies.append(
            Reply(
                "Or did you mean one of these?",
                buttons=[button(r.title, intent, **{r.kind: r.slug}) for r in others],
            )
        )
    for reply in replies:
        send_reply(dispatcher, reply)
    cited = [ref for reply in replies for ref in reply.records]
    answered = not any(reply.unanswered for reply in replies)
    events = move_on(context, cited, kb) + [SlotSet("unanswered_turns", 0 if answered else 1)]
    if question != context.last_question:
        events.append(SlotSet("last_question", question))
    return events


OPENING_WORDS = re.compile(
    r"\b(apprentice\w*|work experience|placements?|cadets?|volunteer\w*|internships?"
    r"|schemes?|taster\w*|insight days?|join|sign up|take on|taking on|hiring|vacanc\w*)\b",
    re.IGNORECASE,
)


def openings_alongside(
    asked: Asked, question: str, replies: list[Reply], context: Context, kb: KnowledgeBase
) -> list[Reply]:
    """ "healthcare assistant apprenticeship in sunderland?", "can i join police cadets":
    the job or route as asked, then the schemes of its sector (in the place, if any)."""
    cited = [ref for reply in replies for ref in reply.records]
    answered = replies and not any(reply.unanswered for reply in replies)
    if question == "ask_opportunities" or not answered or not OPENING_WORDS.search(asked.text):
        return []
    if any(ref.kind == "opportunity" for ref in cited):
        return []
    sector = sector_of(asked, kb)
    if sector is None:
        return []
    route = asked.first("route")
    apprenticeship = route is not None and route.slug in APPRENTICESHIP_ROUTES
    wanted = places.OpportunityFilter(
        sector=sector,
        place=_ref(named_or_current(asked, context, kb, "place")),
        opportunity_type=asked.opportunity_type or ("apprenticeship" if apprenticeship else None),
    )
    found = places.openings_if_any(wanted, kb, today())
    return [found] if found else []


def sector_of(asked: Asked, kb: KnowledgeBase) -> RecordRef | None:
    """The sector the message names, or the home sector of the job it names."""
    if sector := asked.first("sector"):
        return sector
    job = asked.first("occupation")
    view = kb.get("occupation", job.slug) if job else None
    return view.home_sector() if view else None


def with_the_town_named(replies: list[Reply], asked: Asked, kb: KnowledgeBase) -> list[Reply]:
    """A question naming a town is answered about its area: say so, with what is near."""
    place = asked.first("place")
    view = kb.get("place", place.slug) if place else None
    town = town_named(view, asked.words.get(place, "")) if view and place else None
    if not replies or town is None or town["name"].lower() in replies[0].text.lower():
        return replies
    near = f", near {town['near']}" if town.get("near") else ""
    first = replies[0]
    text = f"{town['name']} is in {view.ref.title}{near}. {first.text}"
    return [Reply(text, first.records, first.buttons, first.unanswered), *replies[1:]]


def follows_on(asked: Asked, context: Context, kb: KnowledgeBase) -> bool:
    """A follow-up question ("how long does it take to qualify") about the current topic.

    Words that fit several records count only when the conversation has no current
    record this kind of question could be about.
    """
    if asked.refers_back and context.topic:
        return True  # "what subjects should i take for it": it is the current topic
    if asked.intent in ("ask_about", "ask_sector_jobs"):
        return False
    kinds = TARGET_KINDS.get(asked.intent, ())
    return any(context.get(kind) for kind in kinds)


def the_one_of_its_kind(asked: Asked) -> RecordRef | None:
    """Among candidates, the only one of the kind the question is about ("health jobs?"
    is about a sector), if there is exactly one."""
    if len(asked.candidates) < 2 or asked.intent == "ask_about":
        return None
    for kind in TARGET_KINDS.get(asked.intent, ()):
        of_kind = [ref for ref in asked.candidates if ref.kind == kind]
        if of_kind:
            return of_kind[0] if len(of_kind) == 1 else None
    return None


def which_one(asked: Asked) -> Reply:
    """Several records fit: ask which, naming them, with a button for each (at most three,
    best first); never guess."""
    intent = asked.intent if asked.intent in TARGET_KINDS else "ask_about"
    options = asked.candidates[:MAX_CHOICES]
    buttons = [button(ref.title, intent, **{ref.kind: ref.slug}) for ref in options]
    titles = [ref.title.lower() if ref.kind == "occupation" else ref.title for ref in options]
    names = in_words(titles, "or")
    return Reply(f"Do you mean {names}?", buttons=buttons)


def compose(asked: Asked, intent: str, context: Context, kb: KnowledgeBase) -> list[Reply]:
    if subject := asked.unknown_subject:  # "and roofers?": not the last job's answer again
        return [Reply(f"Sorry, I don't know about {subject} yet. {CAN_HELP_WITH}", unanswered=True)]
    if intent in SPECIAL:
        return SPECIAL[intent](asked, context, kb)
    kinds = TARGET_KINDS.get(intent, TARGET_KINDS["ask_about"])
    targets = [kb.get(r.kind, r.slug) for r in asked.named if r.kind in kinds and r.kind != "place"]
    if not targets:
        target = pick(asked, context, kb, kinds)
        targets = [target] if target else []
    if not targets:
        fallback = about_the_named(asked, kb) or about_the_topic(asked, context, kb)
        return fallback or [not_sure(intent)]
    first = targets[0]
    job = current(context, kb, "occupation")
    if first.ref.kind == "route" and asked.refers_back and job and not asked.first("occupation"):
        return jobs.how_to_become(job)  # "any apprenticeships for that?", of the job
    if intent == "ask_about" and first.ref.kind == "route" and asked.refers_back:
        sector = current(context, kb, "sector")
        if sector:
            return routes.route_in_sector(first, sector, kb)
    if intent == "ask_sector_jobs" and first.ref.kind != "sector":
        targets = [kb.get("sector", first.home_sector().slug)]
    composer = SINGLE_TARGET.get(intent, about)
    return [reply for view in unique(targets)[:MAX_TARGETS] for reply in composer(view, kb)]


# Records whose own description answers most follow-ups ("when do they open", "how do i
# get on it"): a scheme's dates and how to apply, a programme's who and how.
DESCRIBED_WHOLE = ("opportunity", "programme", "provider")


def about_the_named(asked: Asked, kb: KnowledgeBase) -> list[Reply]:
    """A question whose kind fits none of the records it names: what we know of the first
    of them, rather than "which do you mean?" when the student named it."""
    named = next((ref for ref in asked.named if ref.kind != "place"), None)
    return about(kb.get(named.kind, named.slug), kb) if named else []


def about_the_topic(asked: Asked, context: Context, kb: KnowledgeBase) -> list[Reply]:
    """A follow-up no aspect of the current scheme or programme fits: what we know of it,
    rather than "which do you mean?" about the thing just discussed."""
    topic = context.topic_ref(kb) if not asked.named else None
    if topic is None or topic.kind not in DESCRIBED_WHOLE:
        return []
    return about(kb.get(topic.kind, topic.slug), kb)


def unique(views: list[RecordView]) -> list[RecordView]:
    return list({view.ref: view for view in views}.values())


def pick(
    asked: Asked, context: Context, kb: KnowledgeBase, kinds: tuple[str, ...]
) -> RecordView | None:
    """The record the question is about: named now, else the current topic, else a slot."""
    ref = asked.first(*kinds)
    if ref is None:
        topic = context.topic_ref(kb)
        ref = topic if topic and topic.kind in kinds else None
    if ref is None:
        return next((view for kind in kinds if (view := current(context, kb, kind))), None)
    return kb.get(ref.kind, ref.slug)


def current(context: Context, kb: KnowledgeBase, kind: str) -> RecordView | None:
    slug = context.get(kind)
    return kb.get(kind, slug) if slug else None


def named_or_current(
    asked: Asked, context: Context, kb: KnowledgeBase, kind: str
) -> RecordView | None:
    ref = asked.first(kind)
    return kb.get(kind, ref.slug) if ref else current(context, kb, kind)


def not_sure(intent: str) -> Reply:
    what = {
        "ask_sector_jobs": "Which area of work do you mean?",
        "ask_opportunities": "What kind of opportunity, and where?",
    }.get(intent, "Which job or course do you mean?")
    return Reply(f"{what} {CAN_HELP_WITH}", unanswered=True)


def _where_to_study(asked: Asked, context: Context, kb: KnowledgeBase) -> list[Reply]:
    provider = asked.first("provider")
    if provider:
        return places.provider_offer(kb.get("provider", provider.slug))
    place = named_or_current(asked, context, kb, "place")
    if context.get("provider") and (asked.refers_back or not asked.named):
        return places.provider_offer(current(context, kb, "provider"))
    job = named_or_current(asked, context, kb, "occupation") if not asked.first("route") else None
    if job:
        return places.providers_for_job(job, place, kb)
    return places.providers_for(named_or_current(asked, context, kb, "route"), place, kb)


def _opportunities(asked: Asked, context: Context, kb: KnowledgeBase) -> list[Reply]:
    job = asked.first("occupation")
    route = named_or_current(asked, context, kb, "route")
    wanted = places.OpportunityFilter(
        sector=sector_of(asked, kb) or _ref(current(context, kb, "sector")),
        place=_ref(named_or_current(asked, context, kb, "place")),
        route=route.ref if route else None,
        opportunity_type=asked.opportunity_type,
    )
    replies = places.opportunities(wanted, kb, today())
    if job:
        replies[0].records.insert(0, job)
    return replies


def _place(asked: Asked, context: Context, kb: KnowledgeBase) -> list[Reply]:
    place = named_or_current(asked, context, kb, "place")
    if place is None:
        return [Reply("Which town or area do you mean?", unanswered=True)]
    return places.place_overview(place, named_or_current(asked, context, kb, "sector"), kb, today())


def _compare(asked: Asked, context: Context, kb: KnowledgeBase) -> list[Reply]:
    named = asked.all("route")
    if len(named) < 2 and context.get("route"):
        named.append(current(context, kb, "route").ref)
    if len(named) < 2:
        return [Reply("Which two options would you like to compare?", unanswered=True)]
    first, second = (kb.get("route", ref.slug) for ref in named[:2])
    return routes.compare(first, second, named_or_current(asked, context, kb, "sector"))


def _subject(asked: Asked, context: Context, kb: KnowledgeBase) -> list[Reply]:
    if not asked.subject:
        return [Reply("Which subject do you mean?", unanswered=True)]
    return jobs.subject_jobs(asked.subject, kb.subjects().get(asked.subject.lower(), []))


def _leaving_age(asked: Asked, context: Context, kb: KnowledgeBase) -> list[Reply]:
    return routes.leaving_age(kb.get("route", "gcse"))


def _ref(view: RecordView | None) -> RecordRef | None:
    return view.ref if view else None


SPECIAL: dict[str, Callable[[Asked, Context, KnowledgeBase], list[Reply]]] = {
    "ask_where_to_study": _where_to_study,
    "ask_opportunities": _opportunities,
    "ask_place": _place,
    "compare_routes": _compare,
    "ask_subject": _subject,
    "ask_leaving_age": _leaving_age,
}
