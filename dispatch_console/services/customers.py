"""Customers: create, edit, delete (only when nothing refers to them) and the customer list."""

from __future__ import annotations

from dataclasses import dataclass

from dispatch_console.domain import record_rules as rules
from dispatch_console.domain.csv_values import parse_percent
from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.search_rank import search_text
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.record_editing import (
    Checked,
    Problems,
    RecordKind,
    Saved,
    check_code_free,
    create_record,
    delete_record,
    edit_record,
    get_record,
    optional,
    why_not_delete,
)
from dispatch_console.storage import models as m
from dispatch_console.storage import record_queries as q
from dispatch_console.storage.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class CustomerSpec:
    """A customer as the form shows it; text as typed (``tax_rate``: a percentage, empty for the
    company's rate, 0 for tax-exempt)."""

    code: str
    name: str
    phone: str = ""
    email: str = ""
    billing_address: str = ""
    tax_rate: str = ""


#: A saved customer and the version an edit of it must name.
CustomerRecord = Saved[CustomerSpec]


@dataclass(frozen=True)
class CustomerRow:
    """One line of the customer list."""

    code: str
    name: str
    phone: str
    email: str
    site_count: int
    open_work_orders: int


def _check(uow: UnitOfWork, spec: CustomerSpec, own: m.Customer | None) -> Checked[m.Customer]:
    problems = Problems()
    problems.note("code", rules.code_problem(spec.code, "customer"))
    problems.note("name", rules.required_text_problem(spec.name, "customer name", rules.NAME_LENGTH))
    problems.note("phone", rules.phone_problem(spec.phone))
    problems.note("email", rules.email_problem(spec.email))
    if spec.tax_rate.strip():
        try:
            parse_percent(spec.tax_rate)
        except ValidationError as exc:
            problems.note("tax_rate", f"the tax rate {exc}; write e.g. 8.25, 0 for tax-exempt, "
                          "or leave it empty for the company's rate")
    check_code_free(uow, m.Customer, spec.code, own, "customer", problems)
    return problems, lambda customer: _apply(customer, spec)


def _apply(customer: m.Customer, spec: CustomerSpec) -> None:
    customer.code = spec.code.strip()
    customer.name = spec.name.strip()
    customer.phone = optional(spec.phone)
    customer.email = optional(spec.email)
    customer.billing_address = optional(spec.billing_address)
    customer.tax_rate = parse_percent(spec.tax_rate) if spec.tax_rate.strip() else None


def _spec(c: m.Customer) -> CustomerSpec:
    return CustomerSpec(
        code=c.code, name=c.name, phone=c.phone or "", email=c.email or "",
        billing_address=c.billing_address or "",
        tax_rate="" if c.tax_rate is None else rules.decimal_text(c.tax_rate),
    )


CUSTOMERS = RecordKind("customer", m.Customer, _check, _spec, q.referrers_of_customer)


def create_customer(ctx: ServiceContext, spec: CustomerSpec) -> str:
    """A new customer; returns its code. Every problem is refused at once, field by field."""
    return create_record(ctx, CUSTOMERS, spec)


def edit_customer(ctx: ServiceContext, code: str, spec: CustomerSpec, expected_version: int) -> int:
    """Save a customer's changes (its code too); a stale copy is refused. Returns the new version."""
    return edit_record(ctx, CUSTOMERS, code, spec, expected_version)


def delete_customer(ctx: ServiceContext, code: str, expected_version: int | None = None) -> None:
    """Delete a customer nothing refers to; otherwise refuse, naming what refers to it."""
    delete_record(ctx, CUSTOMERS, code, expected_version)


def why_not_delete_customer(ctx: ServiceContext, code: str) -> str | None:
    """Why the Delete button is off for this customer (None: it may be deleted)."""
    return why_not_delete(ctx, CUSTOMERS, code)


def get_customer(ctx: ServiceContext, code: str) -> CustomerRecord:
    return get_record(ctx, CUSTOMERS, code)


def list_customers(ctx: ServiceContext, text: str = "", limit: int | None = None) -> list[CustomerRow]:
    """Customers by name, filtered by code, name, e-mail or phone digits (in the database)."""
    with ctx.read() as uow:
        rows = q.customer_list(uow, search_text(text), limit)
        return [
            CustomerRow(
                code=r.code, name=r.name, phone=r.phone or "", email=r.email or "",
                site_count=int(r.site_count), open_work_orders=int(r.open_count),
            )
            for r in rows
        ]
