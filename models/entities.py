"""The SQLAlchemy entities of a map: one table per concept of the product."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from models.vocabulary import (
    ACCESS, ACTION_STATUS, AGREEMENT_TIER, CATEGORY, GRANULARITY, LEVEL, NATURE, PRIORITY, VOLUME, Choices,
)


class Base(DeclarativeBase):
    pass


def _one_of(column: str, choices: Choices, nullable: bool = False) -> CheckConstraint:
    values = ", ".join(f"'{v}'" for v in choices.values)
    rule = f"{column} IN ({values})"
    if nullable:
        rule = f"{column} IS NULL OR {rule}"
    return CheckConstraint(rule, name=f"{column}_choice")


def _name() -> Mapped[str]:
    return mapped_column(String(200, collation="NOCASE"), unique=True)


class MapInfo(Base):
    """The map itself: a single row."""

    __tablename__ = "map_info"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text, default="")
    area: Mapped[str] = mapped_column(Text, default="")
    programme: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)


class Stage(Base):
    """A step of the family journey; `position` orders the stages."""

    __tablename__ = "stage"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = _name()
    aim: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class Agency(Base):
    """Who holds data."""

    __tablename__ = "agency"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = _name()
    short_name: Mapped[str] = mapped_column(Text, default="")
    sector: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(Text, default="")


class Locality(Base):
    """A place the pilot runs in."""

    __tablename__ = "locality"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = _name()


class DataItem(Base):
    """A piece of data or information, held by one agency."""

    __tablename__ = "data_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = _name()
    description: Mapped[str] = mapped_column(Text, default="")
    holder_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id", ondelete="SET NULL"), index=True)
    personal: Mapped[bool | None]
    nature: Mapped[str | None] = mapped_column(String(20))
    volume: Mapped[str | None] = mapped_column(String(20))
    identifier: Mapped[str] = mapped_column(Text, default="")
    granularity: Mapped[str | None] = mapped_column(String(20))
    months_in_arrears: Mapped[int | None] = mapped_column(CheckConstraint("months_in_arrears >= 0"))
    update_frequency: Mapped[str] = mapped_column(Text, default="")
    pseudonymised_ok: Mapped[bool | None]
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    consent_needed: Mapped[bool | None]
    agreement_tier: Mapped[str | None] = mapped_column(String(20))
    agreement_reference: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (
        _one_of("nature", NATURE, nullable=True),
        _one_of("volume", VOLUME, nullable=True),
        _one_of("granularity", GRANULARITY, nullable=True),
        _one_of("agreement_tier", AGREEMENT_TIER, nullable=True),
    )


class Need(Base):
    """A stage needs a data item: part of that stage's circle of need."""

    __tablename__ = "need"
    stage_id: Mapped[int] = mapped_column(ForeignKey("stage.id", ondelete="CASCADE"), primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("data_item.id", ondelete="CASCADE"), primary_key=True, index=True)
    purpose: Mapped[str] = mapped_column(Text, default="")
    priority: Mapped[str] = mapped_column(String(20), default="essential")
    # The order the item came into this circle: its place on the ring (models.layout), so an item
    # already in the map joining a circle goes after those there and none of them moves.
    place: Mapped[int] = mapped_column(Integer, default=0)
    __table_args__ = (_one_of("priority", PRIORITY),)


class Access(Base):
    """Whether a data item can be had in a locality; no row means unknown."""

    __tablename__ = "access"
    item_id: Mapped[int] = mapped_column(ForeignKey("data_item.id", ondelete="CASCADE"), primary_key=True)
    locality_id: Mapped[int] = mapped_column(
        ForeignKey("locality.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    status: Mapped[str] = mapped_column(String(20))
    said_by: Mapped[str] = mapped_column(Text, default="")
    said_on: Mapped[dt.date | None]
    __table_args__ = (_one_of("status", ACCESS),)


class Blockage(Base):
    """Why a data item is blocked, in one locality or (locality empty) everywhere."""

    __tablename__ = "blockage"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("data_item.id", ondelete="CASCADE"), index=True)
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("locality.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (_one_of("category", CATEGORY),)


class Action(Base):
    """What would unblock a blockage, who owns it and where it stands."""

    __tablename__ = "action"
    id: Mapped[int] = mapped_column(primary_key=True)
    blockage_id: Mapped[int] = mapped_column(ForeignKey("blockage.id", ondelete="CASCADE"), index=True)
    step: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(20), default="local")
    owner_body: Mapped[str] = mapped_column(Text, default="")
    owner_person: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="proposed")
    due: Mapped[dt.date | None]
    __table_args__ = (_one_of("level", LEVEL), _one_of("status", ACTION_STATUS))


class Position(Base):
    """Where a user dragged a node in a view: a stage's circle has the stage's id as its view."""

    __tablename__ = "position"
    view: Mapped[int] = mapped_column(Integer, primary_key=True)
    node_kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    node_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    x: Mapped[float] = mapped_column(Float)
    y: Mapped[float] = mapped_column(Float)


class MapSnapshot(Base):
    """The whole map as it stood when a user marked it as reported (e.g. at a leadership-group meeting): its
    interchange JSON, so that what changed since can be told whatever made the edits (models.snapshots).
    Not a node of the graph, and not in the interchange JSON."""

    __tablename__ = "snapshot"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = _name()
    taken_at: Mapped[dt.datetime] = mapped_column(DateTime)
    content: Mapped[str] = mapped_column(Text)


# Node kind of the graph ↔ entity, for the services and the file store.
ENTITY_OF_KIND = {
    "stage": Stage, "agency": Agency, "locality": Locality, "item": DataItem,
    "blockage": Blockage, "action": Action,
}
