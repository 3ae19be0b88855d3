"""Customers: what is saved, what is refused field by field, stale copies, deletions and the list."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from dispatch_console.domain.enums import Status
from dispatch_console.domain.errors import (
    ConcurrencyConflict,
    InvalidFields,
    NotFound,
    RuleViolation,
)
from dispatch_console.services import customers, intake
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.customers import CustomerSpec
from dispatch_console.storage import models as m
from tests.services.records import invoice, job, refused

GOOD = CustomerSpec(
    code="C-1001", name="  Northgate Dental  ", phone="(214) 555-0100", email="office@northgate.example",
    billing_address="12 North Rd\nDallas TX", tax_rate="0",
)


def test_a_new_customer_is_saved_trimmed_and_audited(company: ServiceContext) -> None:
    assert customers.create_customer(company, GOOD) == "C-1001"
    saved = customers.get_customer(company, "C-1001")
    assert saved.spec == replace(GOOD, name="Northgate Dental")
    assert saved.version == 1
    with company.read() as uow:
        customer = uow.require(m.Customer, "C-1001")
        assert customer.tax_rate == Decimal("0")  # tax-exempt, not "the company's rate"
        assert [e.action for e in uow.audit_of("customer", customer.id)] == ["Create customer C-1001"]


def test_optional_fields_left_empty_are_stored_as_nothing(company: ServiceContext) -> None:
    customers.create_customer(company, CustomerSpec(code="C9", name="Walk-in"))
    with company.read() as uow:
        c = uow.require(m.Customer, "C9")
        assert (c.phone, c.email, c.billing_address, c.tax_rate) == (None, None, None, None)


def test_every_bad_field_is_refused_at_once_with_how_to_fix_it_and_nothing_is_written(
    company: ServiceContext,
) -> None:
    bad = CustomerSpec(code="C 1", name=" ", phone="call Bob", email="bob@", tax_rate="120")
    err = refused(company, InvalidFields, lambda: customers.create_customer(company, bad))
    assert err.subject == "cannot create the customer"
    assert set(err.problems) == {"code", "name", "phone", "email", "tax_rate"}
    assert "has spaces or other marks; use letters and digits" in err.problems["code"]
    assert err.problems["name"] == "the customer name is empty; write the customer name"
    assert "write digits, spaces, ( ) - . + only" in err.problems["phone"]
    assert err.problems["email"] == "'bob@' is not an e-mail address; write it as name@example.com"
    assert "is not a percentage between 0 and 100" in err.problems["tax_rate"]


def test_a_code_already_taken_is_refused_naming_the_customer_that_has_it(company: ServiceContext) -> None:
    err = refused(
        company, InvalidFields, lambda: customers.create_customer(company, replace(GOOD, code="C1"))
    )
    assert err.problems == {
        "code": "customer code 'C1' is already used by customer Lakeside Medical; choose another code"
    }


def test_an_edit_saves_every_field_and_may_change_the_code(company: ServiceContext) -> None:
    record = customers.get_customer(company, "C1")
    spec = replace(record.spec, code="LAKE-1", phone="214.555.0199 x12", tax_rate="7.5")
    assert customers.edit_customer(company, "C1", spec, record.version) == record.version + 1
    assert customers.get_customer(company, "LAKE-1").spec.phone == "214.555.0199 x12"
    with pytest.raises(NotFound):
        customers.get_customer(company, "C1")
    # Keeping its own code is no clash.
    again = customers.get_customer(company, "LAKE-1")
    customers.edit_customer(company, "LAKE-1", replace(again.spec, name="Lakeside Clinic"), again.version)


def test_an_edit_to_another_customers_code_is_refused(company: ServiceContext) -> None:
    record = customers.get_customer(company, "C1")
    err = refused(
        company, InvalidFields,
        lambda: customers.edit_customer(company, "C1", replace(record.spec, code="C2"), record.version),
    )
    assert err.subject == "cannot save customer C1"
    assert err.problems["code"] == (
        "customer code 'C2' is already used by customer Elm Street Bakery; choose another code"
    )


def test_an_edit_from_a_stale_copy_is_refused_naming_who_and_when(
    company: ServiceContext, other_pc: ServiceContext, clock
) -> None:
    mine = customers.get_customer(company, "C1")
    clock.advance(minutes=20)  # 09:20 in Chicago
    customers.edit_customer(other_pc, "C1", replace(mine.spec, phone="(214) 555-0101"), mine.version)
    err = refused(
        company, ConcurrencyConflict,
        lambda: customers.edit_customer(company, "C1", replace(mine.spec, name="Mine"), mine.version),
    )
    assert str(err) == (
        "The customer C1 was changed by Olga Office at 2026-11-26 09:20 after you opened it; "
        "your change was not saved. Reload it and make your change again."
    )


def test_deleting_a_customer_something_refers_to_is_refused_naming_what(company: ServiceContext) -> None:
    job(company, "S1", "A1")
    job(company, "S1", None, status=Status.COMPLETED)
    intake.create_request(company, intake.RequestSpec(site_code="S1", problem="Noisy fan"))
    invoice(company, "C1", "INV-9001")
    err = refused(company, RuleViolation, lambda: customers.delete_customer(company, "C1"))
    assert str(err) == (
        "cannot delete customer C1: customer C1 has 1 site (S1), 2 work orders (WO-1001, WO-1002), "
        "1 request (REQ-1001) and 1 invoice (INV-9001); a record is deleted only when nothing refers to it"
    )
    assert customers.why_not_delete_customer(company, "C1") == err.reasons[0]


def test_a_long_list_of_referrers_names_the_first_three_and_counts_the_rest(company: ServiceContext) -> None:
    for _ in range(5):
        job(company, "S2", "A2")
    reason = customers.why_not_delete_customer(company, "C2")
    assert reason is not None
    assert "5 work orders (WO-1001, WO-1002, WO-1003 and 2 more)" in reason


def test_a_customer_nothing_refers_to_is_deleted(company: ServiceContext) -> None:
    customers.create_customer(company, GOOD)
    assert customers.why_not_delete_customer(company, "C-1001") is None
    record = customers.get_customer(company, "C-1001")
    customers.delete_customer(company, "C-1001", record.version)
    with pytest.raises(NotFound):
        customers.get_customer(company, "C-1001")
    with company.read() as uow:
        assert [e.action for e in uow.audit_of("customer", 3)][-1] == "Delete customer C-1001"


def test_deleting_from_a_stale_copy_is_refused(company: ServiceContext, other_pc: ServiceContext) -> None:
    customers.create_customer(company, GOOD)
    mine = customers.get_customer(company, "C-1001")
    customers.edit_customer(other_pc, "C-1001", replace(mine.spec, name="Northgate Dental Group"), mine.version)
    err = refused(company, ConcurrencyConflict, lambda: customers.delete_customer(company, "C-1001", mine.version))
    assert str(err).startswith("The customer C-1001 was changed by Olga Office at 2026-11-26 09:00")


def test_the_list_counts_sites_and_open_work_and_filters_in_the_database(company: ServiceContext) -> None:
    customers.create_customer(company, GOOD)
    job(company, "S1", "A1")
    job(company, "S1", "A1", status=Status.IN_PROGRESS)
    job(company, "S1", "A1", status=Status.CLOSED)
    job(company, "S1", "A1", status=Status.CANCELLED)
    rows = {r.code: r for r in customers.list_customers(company)}
    assert [r.code for r in customers.list_customers(company)] == ["C2", "C1", "C-1001"]  # by name
    assert (rows["C1"].site_count, rows["C1"].open_work_orders) == (1, 2)
    assert (rows["C-1001"].site_count, rows["C-1001"].open_work_orders) == (0, 0)
    assert rows["C-1001"].phone == "(214) 555-0100"
    assert [r.code for r in customers.list_customers(company, "LAKE")] == ["C1"]
    assert [r.code for r in customers.list_customers(company, "214 555")] == ["C-1001"]
    assert [r.code for r in customers.list_customers(company, "northgate.example")] == ["C-1001"]
    assert customers.list_customers(company, "zzz") == []
    assert len(customers.list_customers(company, limit=2)) == 2
