"""The audit log: who did what in the inbox, and when, for admins to look back on.

The HTTP layer records each event as it happens (``web/audit.py``), in the same
transaction as the change, so an event is kept exactly when its change is. An event
names its actor, the action, a reference or ``account:<id>`` as its target, a few words
of our own as detail, and the client's address. It never holds a password or anything a
student wrote.
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from knowledge.clock import now
from knowledge.inbox_models import Account, AuditEvent

# Every action, with the words an admin reads.
ACTIONS = {
    "login": "Logged in",
    "login_failed": "Failed to log in",
    "logout": "Logged out",
    "handoff_claim": "Claimed a hand-off",
    "handoff_reply": "Replied to a student",
    "handoff_outcome": "Recorded an outcome",
    "handoff_close": "Closed a hand-off",
    "handoff_live": "Took over a chat live",
    "handoff_hand_back": "Handed a chat back to the bot",
    "handoff_erase": "Erased a hand-off",
    "alert_acknowledge": "Acknowledged a safeguarding alert",
    "question_pass_on": "Checked a student's question and passed it to ambassadors",
    "question_drop": "Kept a student's question from ambassadors",
    "answer_approve": "Approved an ambassador's answer",
    "answer_edit": "Edited and approved an ambassador's answer",
    "answer_reject": "Did not approve an ambassador's answer",
    "visit_done": "Marked a visit request done",
    "invitation": "Made an ambassador invitation",
    "account_create": "Created an account",
    "account_schools": "Changed an account's schools",
    "account_deactivate": "Deactivated an account",
    "account_reactivate": "Reactivated an account",
    "password_change": "Changed their password",
    "password_reset_link": "Made a password reset link",
    "password_reset": "Set a new password with a reset link",
    "school_add": "Added a school",
    "school_websites": "Changed a school's websites",
}
SHOWN = 500  # the most events a page or the API shows at once


def record(
    db: Session,
    actor: Account | None,
    action: str,
    target: str | None = None,
    detail: str = "",
    client: str | None = None,
    email: str | None = None,
) -> AuditEvent:
    """Add an event; ``email`` is who was named when there is no actor (a failed login)."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}")
    event = AuditEvent(
        at=now(),
        actor_id=actor.id if actor else None,
        actor_email=(actor.email if actor else email or "")[:254] or None,
        action=action,
        target=target[:80] if target else None,
        detail=detail[:200],
        client=client[:64] if client else None,
    )
    db.add(event)
    return event


def account_target(account: Account) -> str:
    return f"account:{account.id}"


def events(
    db: Session, action: str | None = None, account_id: int | None = None
) -> list[AuditEvent]:
    """The newest events first, of one action and of one account (as actor or target)."""
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if action:
        query = query.where(AuditEvent.action == action)
    if account_id is not None:
        query = query.where(
            or_(AuditEvent.actor_id == account_id, AuditEvent.target == f"account:{account_id}")
        )
    return list(db.scalars(query.limit(SHOWN)))
