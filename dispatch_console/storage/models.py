"""The SQLAlchemy mapping of the whole work order lifecycle.

Instants are ``UTCDateTime``; money and quantities ``ExactDecimal``; codes are unique and
case-sensitive. Editable rows carry ``version`` (optimistic concurrency, checked by SQLAlchemy on
every UPDATE) and who changed them last, so a stale save can name the other dispatcher.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    declared_attr,
    mapped_column,
    relationship,
    validates,
)

from dispatch_console.domain import search_rank
from dispatch_console.domain.enums import (
    InvoiceStatus,
    PlanMode,
    Priority,
    RequestSource,
    RequestStatus,
    ScopeChangeStatus,
    Status,
    WorkOrderType,
)
from dispatch_console.domain.sorting import number_key, sort_key
from dispatch_console.storage.types import ExactDecimal, UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

CODE = 40
#: Sort keys compare by code point on both databases (PostgreSQL's default collation would not).
SORT_TEXT = Text().with_variant(Text(collation="C"), "postgresql")
#: The work order list's orders: name -> the columns it sorts by before number and id.
LIST_ORDERS: dict[str, tuple[str, ...]] = {
    "number": (),
    "status": ("status_sort",),
    "priority": ("priority_rank",),
    "type": ("type",),
    "customer": ("customer_sort",),
    "site": ("site_sort",),
    "summary": ("summary_sort",),
    "technicians": ("technicians_sort",),
    "scheduled": ("scheduled_sort",),
    "due_by": ("due_by",),
    "estimated_hours": ("hours_sort",),
}
#: SQLite: the work order list's free-text index (FTS5, trigram; migration 0007), one row per
#: work order (rowid = its id) holding its ``search_text``; kept by ``work_order_keys``.
WORK_ORDER_SEARCH = "work_order_search"

#: A name as the record lists sort it (``sorting.sort_key``): compared by code point on both
#: databases (PostgreSQL's default collation would not).
FOLDED_NAME = String(200).with_variant(String(200, collation="C"), "postgresql")

#: How the names of the PostgreSQL-only indexes end (``tracked_by_models``).
PG_ONLY_INDEX_SUFFIXES = ("_trgm", "_pg")


def tracked_by_models(name: str | None, kind: str, _parents: object) -> bool:
    """What Alembic compares between these models and a database: everything but the
    PostgreSQL-only indexes of the searches, which no model can declare: the trigram indexes
    (``*_trgm``, migration 0004) and the name orders (``*_pg``, migration 0006); nor SQLite's
    FTS5 table of the work order list and the tables it keeps its index in (migration 0007)."""
    if kind == "table" and name is not None and name.startswith(WORK_ORDER_SEARCH):
        return False
    return not (kind == "index" and name is not None and name.endswith(PG_ONLY_INDEX_SUFFIXES))


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {
        datetime: UTCDateTime(),
        Decimal: ExactDecimal(),
        dict[str, Any]: JSON(),
        list[str]: JSON(),
    }


class Versioned:
    """Optimistic concurrency and last-change stamp of an editable row."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    updated_at: Mapped[datetime | None]
    updated_by: Mapped[str | None] = mapped_column(String(120))

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - a declared_attr takes the class
        # SQLAlchemy then adds "AND version = :old" to every UPDATE and refuses a lost race.
        return {"version_id_col": cls.version}


class Company(Versioned, Base):
    __tablename__ = "company"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(60))
    email: Mapped[str | None] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64))
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    tax_rate: Mapped[Decimal | None]
    payment_terms_days: Mapped[int] = mapped_column(Integer, default=30)
    # Average driving speed for travel estimates between sites (km/h).
    travel_speed_kmh: Mapped[Decimal] = mapped_column(default=Decimal("40"))


class Skill(Versioned, Base):
    __tablename__ = "skill"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE), unique=True)
    name: Mapped[str] = mapped_column(String(200))


class Technician(Versioned, Base):
    __tablename__ = "technician"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(60))
    # What searches match the phone by (search_rank.phone_digits), kept on every change of it.
    phone_digits: Mapped[str | None] = mapped_column(String(60))
    email: Mapped[str | None] = mapped_column(String(200))
    hourly_rate: Mapped[Decimal | None]
    home_lat: Mapped[float | None] = mapped_column(Float)
    home_lon: Mapped[float | None] = mapped_column(Float)
    shift_start: Mapped[time] = mapped_column(Time, default=time(8, 0))
    shift_end: Mapped[time] = mapped_column(Time, default=time(17, 0))
    # "Mon;Tue;Wed;Thu;Fri": the CSV's own spelling, in week order.
    workdays: Mapped[str] = mapped_column(String(40), default="Mon;Tue;Wed;Thu;Fri")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    skills: Mapped[list[TechnicianSkill]] = relationship(
        back_populates="technician", cascade="all, delete-orphan", lazy="selectin"
    )
    time_off: Mapped[list[TimeOff]] = relationship(
        back_populates="technician", cascade="all, delete-orphan", order_by="TimeOff.start"
    )

    @validates("phone")
    def _keep_phone_digits(self, _key: str, phone: str | None) -> str | None:
        self.phone_digits = search_rank.phone_digits(phone)
        return phone


class TechnicianSkill(Base):
    __tablename__ = "technician_skill"

    technician_id: Mapped[int] = mapped_column(
        ForeignKey("technician.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[int] = mapped_column(ForeignKey("skill.id"), primary_key=True)
    certified_until: Mapped[date | None] = mapped_column(Date)

    technician: Mapped[Technician] = relationship(back_populates="skills")
    skill: Mapped[Skill] = relationship(lazy="joined")


class TimeOff(Base):
    __tablename__ = "time_off"
    __table_args__ = (Index("ix_time_off_tech_start", "technician_id", "start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    technician_id: Mapped[int] = mapped_column(ForeignKey("technician.id", ondelete="CASCADE"))
    start: Mapped[datetime]
    end: Mapped[datetime]
    reason: Mapped[str | None] = mapped_column(Text)

    technician: Mapped[Technician] = relationship(back_populates="time_off")


class Customer(Versioned, Base):
    __tablename__ = "customer"
    # The records page and billing sort by the folded name, a page at a time (migration 0008).
    __table_args__ = (Index("ix_customer_name_sort", "name_sort", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    billing_address: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(60))
    # What searches match the phone by (search_rank.phone_digits), kept on every change of it.
    phone_digits: Mapped[str | None] = mapped_column(String(60))
    email: Mapped[str | None] = mapped_column(String(200))
    tax_rate: Mapped[Decimal | None]
    # What the lists sort the name by (sorting.sort_key), kept on every change of it.
    name_sort: Mapped[str | None] = mapped_column(FOLDED_NAME)

    sites: Mapped[list[Site]] = relationship(back_populates="customer", order_by="Site.code")

    @validates("phone")
    def _keep_phone_digits(self, _key: str, phone: str | None) -> str | None:
        self.phone_digits = search_rank.phone_digits(phone)
        return phone

    @validates("name")
    def _keep_name_sort(self, _key: str, name: str) -> str:
        self.name_sort = sort_key(name)
        return name


class ServiceAgreement(Versioned, Base):
    """A contract covering a customer's sites: what is included and up to what amount."""

    __tablename__ = "service_agreement"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id"))
    name: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    scope: Mapped[str | None] = mapped_column(Text)
    not_to_exceed: Mapped[Decimal | None]


class Site(Versioned, Base):
    __tablename__ = "site"
    __table_args__ = (Index("ix_site_name_sort", "name_sort", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(60))
    # What searches match the contact phone by (search_rank.phone_digits), kept on every change.
    contact_phone_digits: Mapped[str | None] = mapped_column(String(60))
    access_notes: Mapped[str | None] = mapped_column(Text)
    # What the lists sort the name by (sorting.sort_key), kept on every change of it.
    name_sort: Mapped[str | None] = mapped_column(FOLDED_NAME)

    customer: Mapped[Customer] = relationship(back_populates="sites", lazy="joined")
    assets: Mapped[list[Asset]] = relationship(back_populates="site", order_by="Asset.code")

    @validates("contact_phone")
    def _keep_phone_digits(self, _key: str, phone: str | None) -> str | None:
        self.contact_phone_digits = search_rank.phone_digits(phone)
        return phone

    @validates("name")
    def _keep_name_sort(self, _key: str, name: str) -> str:
        self.name_sort = sort_key(name)
        return name


class Asset(Versioned, Base):
    __tablename__ = "asset"
    __table_args__ = (Index("ix_asset_name_sort", "name_sort", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE), unique=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str | None] = mapped_column(String(60))
    make: Mapped[str | None] = mapped_column(String(100))
    model: Mapped[str | None] = mapped_column(String(100))
    serial: Mapped[str | None] = mapped_column(String(100))
    installed_on: Mapped[date | None] = mapped_column(Date)
    warranty_until: Mapped[date | None] = mapped_column(Date)
    # What the lists sort the name by (sorting.sort_key), kept on every change of it.
    name_sort: Mapped[str | None] = mapped_column(FOLDED_NAME)

    site: Mapped[Site] = relationship(back_populates="assets")

    @validates("name")
    def _keep_name_sort(self, _key: str, name: str) -> str:
        self.name_sort = sort_key(name)
        return name


class Part(Versioned, Base):
    __tablename__ = "part"

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(CODE), unique=True)
    description: Mapped[str] = mapped_column(Text)
    unit_price: Mapped[Decimal]
    unit: Mapped[str] = mapped_column(String(20), default="ea")


work_order_skill = Table(
    "work_order_skill",
    Base.metadata,
    Column("work_order_id", ForeignKey("work_order.id", ondelete="CASCADE"), primary_key=True),
    Column("skill_id", ForeignKey("skill.id"), primary_key=True),
)

pm_plan_skill = Table(
    "pm_plan_skill",
    Base.metadata,
    Column("pm_plan_id", ForeignKey("pm_plan.id", ondelete="CASCADE"), primary_key=True),
    Column("skill_id", ForeignKey("skill.id"), primary_key=True),
)


class WorkRequest(Versioned, Base):
    """A request for service, before review turns it into a work order."""

    __tablename__ = "work_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(CODE), unique=True)
    status: Mapped[RequestStatus] = mapped_column(String(20), default=RequestStatus.NEW, index=True)
    source: Mapped[RequestSource] = mapped_column(String(20), default=RequestSource.CUSTOMER)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    asset_id: Mapped[int | None] = mapped_column(ForeignKey("asset.id"))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(60))
    problem: Mapped[str] = mapped_column(Text)
    priority: Mapped[Priority] = mapped_column(String(20), default=Priority.NORMAL)
    #: The kind of work the caller asks for, if they said (the reviewer decides the work order's).
    requested_type: Mapped[WorkOrderType | None] = mapped_column(String(20), nullable=True)
    received_at: Mapped[datetime]
    reviewed_by: Mapped[str | None] = mapped_column(String(120))
    reviewed_at: Mapped[datetime | None]
    rejection_reason: Mapped[str | None] = mapped_column(Text)

    customer: Mapped[Customer] = relationship(lazy="joined")
    site: Mapped[Site] = relationship(lazy="joined")
    asset: Mapped[Asset | None] = relationship(lazy="joined")
    work_order: Mapped[WorkOrder | None] = relationship(back_populates="request", uselist=False)


class WorkOrder(Versioned, Base):
    __tablename__ = "work_order"
    __table_args__ = (
        # Exactly one work order per plan occurrence, whichever PC's scheduler gets there first.
        UniqueConstraint("pm_plan_id", "pm_occurrence", name="uq_work_order_pm_occurrence"),
        Index("ix_work_order_status_priority_due", "status", "priority_rank", "due_by"),
        # The work order list (storage/work_order_pages.py): one index per order it sorts by,
        # each ending in the number's key and the id so that the order is total, and the
        # "recent" half of its default view.
        *(
            Index(f"ix_work_order_list_{name}", *columns, "number_sort", "id")
            for name, columns in LIST_ORDERS.items()
        ),
        Index("ix_work_order_created_at", "created_at"),
        Index("ix_work_order_updated_at", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(CODE), unique=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("work_request.id"), unique=True)
    type: Mapped[WorkOrderType] = mapped_column(String(20))
    priority: Mapped[Priority] = mapped_column(String(20), default=Priority.NORMAL)
    # 0 = emergency .. 3 = low: lets the database sort the queue by urgency.
    priority_rank: Mapped[int] = mapped_column(Integer, default=2)
    status: Mapped[Status] = mapped_column(String(20), default=Status.OPEN)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), index=True)
    asset_id: Mapped[int | None] = mapped_column(ForeignKey("asset.id"), index=True)
    summary: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    estimated_hours: Mapped[Decimal] = mapped_column(default=Decimal("1"))
    due_by: Mapped[datetime | None]
    created_at: Mapped[datetime]
    task_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    pm_plan_id: Mapped[int | None] = mapped_column(ForeignKey("pm_plan.id"))
    pm_occurrence: Mapped[datetime | None]
    #: Closeout needs beyond the type's (CloseoutNeed values), inherited from the plan.
    closeout_needs: Mapped[list[str]] = mapped_column(JSON, default=list)
    hold_reason: Mapped[str | None] = mapped_column(Text)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    verified_at: Mapped[datetime | None]
    verified_by: Mapped[str | None] = mapped_column(String(120))
    billable: Mapped[bool] = mapped_column(Boolean, default=True)
    closed_at: Mapped[datetime | None]
    # What the work order list sorts and searches by, kept by storage/work_order_keys.py from
    # the work order, its site and customer and its bookings (deferred: only the list reads them).
    number_sort: Mapped[str | None] = mapped_column(SORT_TEXT, deferred=True)
    status_sort: Mapped[int | None] = mapped_column(Integer, deferred=True)
    customer_sort: Mapped[str | None] = mapped_column(SORT_TEXT, deferred=True)
    site_sort: Mapped[str | None] = mapped_column(SORT_TEXT, deferred=True)
    summary_sort: Mapped[str | None] = mapped_column(SORT_TEXT, deferred=True)
    technicians_sort: Mapped[str | None] = mapped_column(SORT_TEXT, deferred=True)
    scheduled_sort: Mapped[datetime | None] = mapped_column(deferred=True)
    hours_sort: Mapped[float | None] = mapped_column(Float, deferred=True)
    search_text: Mapped[str | None] = mapped_column(Text, deferred=True)

    request: Mapped[WorkRequest | None] = relationship(back_populates="work_order")
    site: Mapped[Site] = relationship(lazy="joined")
    asset: Mapped[Asset | None] = relationship(lazy="joined")
    pm_plan: Mapped[PmPlan | None] = relationship()
    required_skills: Mapped[list[Skill]] = relationship(
        secondary=work_order_skill, lazy="selectin", order_by="Skill.code"
    )
    checklist: Mapped[list[ChecklistItem]] = relationship(
        back_populates="work_order", cascade="all, delete-orphan", order_by="ChecklistItem.position"
    )
    planned_parts: Mapped[list[PlannedPart]] = relationship(
        back_populates="work_order", cascade="all, delete-orphan", order_by="PlannedPart.id"
    )
    bookings: Mapped[list[Booking]] = relationship(
        back_populates="work_order", cascade="all, delete-orphan", order_by="(Booking.start, Booking.id)"
    )
    labor: Mapped[list[LaborEntry]] = relationship(
        back_populates="work_order", cascade="all, delete-orphan", order_by="(LaborEntry.start, LaborEntry.id)"
    )
    parts_used: Mapped[list[PartUsed]] = relationship(
        back_populates="work_order", cascade="all, delete-orphan", order_by="PartUsed.id"
    )
    notes: Mapped[list[Note]] = relationship(
        back_populates="work_order", cascade="all, delete-orphan", order_by="Note.at"
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="work_order", cascade="all, delete-orphan", order_by="Attachment.id"
    )
    signature: Mapped[Signature | None] = relationship(
        back_populates="work_order", cascade="all, delete-orphan", uselist=False
    )
    scope_changes: Mapped[list[ScopeChange]] = relationship(
        back_populates="work_order", cascade="all, delete-orphan", order_by="ScopeChange.seq"
    )


class ChecklistItem(Base):
    __tablename__ = "checklist_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_order.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_by: Mapped[str | None] = mapped_column(String(120))
    done_at: Mapped[datetime | None]

    work_order: Mapped[WorkOrder] = relationship(back_populates="checklist")


class PlannedPart(Base):
    __tablename__ = "planned_part"

    id: Mapped[int] = mapped_column(primary_key=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_order.id", ondelete="CASCADE"), index=True)
    part_id: Mapped[int] = mapped_column(ForeignKey("part.id"))
    quantity: Mapped[Decimal]

    work_order: Mapped[WorkOrder] = relationship(back_populates="planned_parts")
    part: Mapped[Part] = relationship(lazy="joined")


class Booking(Versioned, Base):
    """A technician's time on the schedule for one visit of a work order."""

    __tablename__ = "booking"
    __table_args__ = (
        Index("ix_booking_tech_start", "technician_id", "start"),
        # The board's span over every technician (migration 0009; storage/booking_ranges.py).
        Index("ix_booking_start", "start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_order.id", ondelete="CASCADE"), index=True)
    technician_id: Mapped[int] = mapped_column(ForeignKey("technician.id"))
    start: Mapped[datetime]
    end: Mapped[datetime] = mapped_column(index=True)
    # The conflicts the dispatcher saw and confirmed when making this booking, in words.
    confirmed_conflicts: Mapped[str | None] = mapped_column(Text)
    confirmed_by: Mapped[str | None] = mapped_column(String(120))

    work_order: Mapped[WorkOrder] = relationship(back_populates="bookings")
    technician: Mapped[Technician] = relationship(lazy="joined")


class LaborEntry(Base):
    __tablename__ = "labor_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_order.id", ondelete="CASCADE"), index=True)
    technician_id: Mapped[int] = mapped_column(ForeignKey("technician.id"))
    start: Mapped[datetime]
    end: Mapped[datetime]
    billable: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str | None] = mapped_column(Text)

    work_order: Mapped[WorkOrder] = relationship(back_populates="labor")
    technician: Mapped[Technician] = relationship(lazy="joined")


class PartUsed(Base):
    __tablename__ = "part_used"

    id: Mapped[int] = mapped_column(primary_key=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_order.id", ondelete="CASCADE"), index=True)
    part_id: Mapped[int] = mapped_column(ForeignKey("part.id"))
    quantity: Mapped[Decimal]
    unit_price: Mapped[Decimal | None]  # overrides the part's price for this job

    work_order: Mapped[WorkOrder] = relationship(back_populates="parts_used")
    part: Mapped[Part] = relationship(lazy="joined")


class Note(Base):
    __tablename__ = "note"

    id: Mapped[int] = mapped_column(primary_key=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_order.id", ondelete="CASCADE"), index=True)
    author: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime]
    text: Mapped[str] = mapped_column(Text)

    work_order: Mapped[WorkOrder] = relationship(back_populates="notes")


class Attachment(Base):
    """A photo (or other file) kept in the database, so every PC sees it."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_order.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="other")
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    caption: Mapped[str | None] = mapped_column(Text)
    added_by: Mapped[str] = mapped_column(String(120))
    added_at: Mapped[datetime]

    work_order: Mapped[WorkOrder] = relationship(back_populates="attachments")


class Signature(Base):
    __tablename__ = "signature"

    id: Mapped[int] = mapped_column(primary_key=True)
    work_order_id: Mapped[int] = mapped_column(
        ForeignKey("work_order.id", ondelete="CASCADE"), unique=True
    )
    signer_name: Mapped[str] = mapped_column(String(200))
    signed_at: Mapped[datetime]
    image_png: Mapped[bytes | None] = mapped_column(LargeBinary)

    work_order: Mapped[WorkOrder] = relationship(back_populates="signature")


class ScopeChange(Versioned, Base):
    __tablename__ = "scope_change"
    __table_args__ = (UniqueConstraint("work_order_id", "seq", name="uq_scope_change_seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_order.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)  # #1, #2 ... within the work order
    description: Mapped[str] = mapped_column(Text)
    extra_hours: Mapped[Decimal | None]
    extra_cost: Mapped[Decimal | None]
    status: Mapped[ScopeChangeStatus] = mapped_column(String(20), default=ScopeChangeStatus.PENDING)
    requested_by: Mapped[str] = mapped_column(String(120))
    requested_at: Mapped[datetime]
    decided_by: Mapped[str | None] = mapped_column(String(120))
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str | None] = mapped_column(Text)

    work_order: Mapped[WorkOrder] = relationship(back_populates="scope_changes")


class Invoice(Versioned, Base):
    __tablename__ = "invoice"
    # Billing's list, a page at a time (migration 0008): by number, and its default view (the
    # invoices not yet paid or void, and those issued lately).
    __table_args__ = (
        Index("ix_invoice_number_sort", "number_sort", "id"),
        Index("ix_invoice_status_issued_on", "status", "issued_on", "id"),
        Index("ix_invoice_status_due_on", "status", "due_on", "id"),  # Overdue (migration 0010)
        Index("ix_invoice_issued_on", "issued_on", "id"),
        Index("ix_invoice_due_on", "due_on", "id"),
        Index("ix_invoice_total_sort", "total_sort", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(CODE), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    issued_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    currency: Mapped[str] = mapped_column(String(3))
    tax_rate: Mapped[Decimal]
    subtotal: Mapped[Decimal]
    tax: Mapped[Decimal]
    total: Mapped[Decimal]
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(120))
    #: draft, issued, paid or void (``domain/invoicing.py``); a void invoice keeps its number.
    status: Mapped[InvoiceStatus] = mapped_column(String(10), default=InvoiceStatus.ISSUED)
    paid_on: Mapped[date | None] = mapped_column(Date)
    voided_at: Mapped[datetime | None]
    voided_by: Mapped[str | None] = mapped_column(String(120))
    void_reason: Mapped[str | None] = mapped_column(Text)
    # What the list sorts the number by (sorting.number_key: INV-999 before INV-1000).
    number_sort: Mapped[str | None] = mapped_column(FOLDED_NAME)
    # What the list sorts the total by (a number on SQLite too, where money is text).
    total_sort: Mapped[float | None] = mapped_column(Float)

    customer: Mapped[Customer] = relationship(lazy="joined")
    lines: Mapped[list[InvoiceLine]] = relationship(
        back_populates="invoice", cascade="all, delete-orphan", order_by="InvoiceLine.position"
    )

    @validates("number")
    def _keep_number_sort(self, _key: str, number: str) -> str:
        self.number_sort = number_key(number)
        return number

    @validates("total")
    def _keep_total_sort(self, _key: str, total: Decimal) -> Decimal:
        self.total_sort = float(total)
        return total


class InvoiceLine(Base):
    __tablename__ = "invoice_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id", ondelete="CASCADE"), index=True)
    # A work order is billed at most once: its lines live on exactly one invoice.
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_order.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    description: Mapped[str] = mapped_column(Text)
    quantity: Mapped[Decimal]
    unit_price: Mapped[Decimal]
    amount: Mapped[Decimal]

    invoice: Mapped[Invoice] = relationship(back_populates="lines")
    work_order: Mapped[WorkOrder] = relationship()


class PmPlan(Versioned, Base):
    """A recurring preventive-maintenance plan (RFC 5545 rule on the company's wall clock)."""

    __tablename__ = "pm_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE), unique=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    asset_id: Mapped[int | None] = mapped_column(ForeignKey("asset.id"))
    type: Mapped[WorkOrderType] = mapped_column(String(20), default=WorkOrderType.PREVENTIVE)
    summary: Mapped[str] = mapped_column(Text)
    checklist: Mapped[list[str]] = mapped_column(JSON, default=list)
    estimated_hours: Mapped[Decimal] = mapped_column(default=Decimal("1"))
    rrule: Mapped[str] = mapped_column(Text)
    # Wall clock in the company's zone, deliberately naive: DST must not shift the plan.
    start_wall: Mapped[datetime] = mapped_column(DateTime)
    lead_days: Mapped[int] = mapped_column(Integer, default=7)
    preferred_technician_id: Mapped[int | None] = mapped_column(ForeignKey("technician.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    mode: Mapped[PlanMode] = mapped_column(String(20), default=PlanMode.FIXED)
    #: Closeout needs the generated work orders add to their type's (CloseoutNeed values).
    closeout_needs: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Occurrences at or before this instant are never generated (again): the last one this plan
    #: made, or where an imported plan's history ends.
    generated_through: Mapped[datetime | None]

    site: Mapped[Site] = relationship(lazy="joined")
    asset: Mapped[Asset | None] = relationship(lazy="joined")
    preferred_technician: Mapped[Technician | None] = relationship(lazy="joined")
    required_skills: Mapped[list[Skill]] = relationship(
        secondary=pm_plan_skill, lazy="selectin", order_by="Skill.code"
    )


class Counter(Base):
    """Next free number of a series (WO-, REQ-, INV-), taken under a row lock."""

    __tablename__ = "counter"

    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    next_value: Mapped[int] = mapped_column(Integer)


class AuditEntry(Base):
    """Who changed what, when: written for every insert, update and delete."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(120))
    # Which running console made the change, so each PC can tell others' changes from its own.
    origin: Mapped[str] = mapped_column(String(40), default="")
    action: Mapped[str] = mapped_column(String(200))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    change: Mapped[str] = mapped_column(String(10))  # insert, update, delete
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
