"""The knowledge base's tables (SQLAlchemy 2). Migrations live in knowledge/migrations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.sql.expression import false


class Base(DeclarativeBase):
    pass


class Record(Base):
    """One knowledge record of any kind; kind-specific fields live in ``data``."""

    __tablename__ = "kb_record"
    __table_args__ = (UniqueConstraint("kind", "slug", name="uq_kb_record_kind_slug"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    slug: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    sources: Mapped[list[str]] = mapped_column(JSON)
    as_of: Mapped[str] = mapped_column(String(10))
    url: Mapped[str | None] = mapped_column(String(500), nullable=True)

    links: Mapped[list[Link]] = relationship(
        foreign_keys="Link.from_id", cascade="all, delete-orphan", back_populates="source"
    )
    aliases: Mapped[list[Alias]] = relationship(cascade="all, delete-orphan")


class Link(Base):
    """A directed, named link between two records (an occupation's sector, say)."""

    __tablename__ = "kb_link"
    __table_args__ = (Index("ix_kb_link_to", "to_id", "relation"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    from_id: Mapped[int] = mapped_column(ForeignKey("kb_record.id", ondelete="CASCADE"), index=True)
    to_id: Mapped[int] = mapped_column(ForeignKey("kb_record.id", ondelete="CASCADE"))
    relation: Mapped[str] = mapped_column(String(32))

    source: Mapped[Record] = relationship(foreign_keys=[from_id], back_populates="links")
    target: Mapped[Record] = relationship(foreign_keys=[to_id])


class Alias(Base):
    """Another way of naming a record, as written in the content."""

    __tablename__ = "kb_alias"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(
        ForeignKey("kb_record.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(String(200))


class OpportunityDates(Base):
    """The filterable facts of an opportunity record."""

    __tablename__ = "kb_opportunity"

    record_id: Mapped[int] = mapped_column(
        ForeignKey("kb_record.id", ondelete="CASCADE"), primary_key=True
    )
    starts: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    ends: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    # None for a recurring programme with no published date (see its usually_opens).
    closes: Mapped[dt.date | None] = mapped_column(Date, index=True, nullable=True)
    opportunity_type: Mapped[str] = mapped_column(String(32), index=True)
    min_age: Mapped[int] = mapped_column(Integer)
    max_age: Mapped[int] = mapped_column(Integer)
    # Made-up example data for the demo school (content/examples/): labelled wherever shown.
    example: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
