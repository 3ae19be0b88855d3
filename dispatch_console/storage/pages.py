"""A list read a page at a time, by keyset: what every paged list's query shares.

A list's order is a sequence of ``Sort`` terms (an SQL expression and its direction) ending in
a unique column (the id), so it is total: no two rows tie and a page continues exactly after
the last row of the one before (``WHERE (key) > (last key)``), whatever was inserted or deleted
meanwhile and however deep the page. Each page costs what the first one does: the database
walks an index in that order (where the list has one) and stops after ``limit`` rows.

Terms may run in different directions (a name descending, then the id ascending, so that rows
with the same name keep one order both ways, as a stable sort of the old lists did): the
condition is then spelt out term by term, led by a range on the first term so that an index on
it is still used. The expressions must never be NULL (``coalesce`` them): SQL's NULL compares
with nothing, and SQLite and PostgreSQL put NULLs at opposite ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, or_, tuple_
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import ColumnElement

#: Where a page continues: the last row's value of each term of the order. Opaque to callers.
Key = tuple[Any, ...]

_PREFIX = "_page_key_"


@dataclass(frozen=True)
class Sort:
    """One term of an order: an SQL expression (never NULL) and whether it runs descending."""

    expression: Any
    descending: bool = False


def _beyond(order: Sequence[Sort], after: Key) -> ColumnElement[bool]:
    """The rows after ``after`` in ``order``."""
    if len({term.descending for term in order}) == 1:
        left = tuple_(*[term.expression for term in order])
        right = tuple_(*after)
        return left < right if order[0].descending else left > right
    steps: list[ColumnElement[bool]] = []
    for i, term in enumerate(order):
        equal = [order[j].expression == after[j] for j in range(i)]
        past = term.expression < after[i] if term.descending else term.expression > after[i]
        steps.append(and_(*equal, past))
    first = order[0]
    within = first.expression <= after[0] if first.descending else first.expression >= after[0]
    return and_(within, or_(*steps))


def paged(stmt: Select[Any], order: Sequence[Sort], after: Key | None, limit: int) -> Select[Any]:
    """``stmt`` ordered by ``order``, continuing after the key ``after`` (None: from the top),
    at most ``limit`` rows; each row also carries its key (read it with ``key_of``)."""
    if not order:
        raise ValueError("a paged list needs an order ending in a unique column")
    stmt = stmt.add_columns(*[term.expression.label(f"{_PREFIX}{i}") for i, term in enumerate(order)])
    if after is not None:
        if len(after) != len(order):
            raise ValueError("the key does not belong to this order")
        stmt = stmt.where(_beyond(order, after))
    ordering = [term.expression.desc() if term.descending else term.expression.asc() for term in order]
    return stmt.order_by(*ordering).limit(limit)


def key_of(row: Any, order: Sequence[Sort]) -> Key:
    """The key of a row read by ``paged`` (where the next page continues if it is the last)."""
    mapping = row._mapping
    return tuple(mapping[f"{_PREFIX}{i}"] for i in range(len(order)))


def next_key(rows: Sequence[Any], order: Sequence[Sort], limit: int) -> Key | None:
    """Where the page after ``rows`` begins; None when ``rows`` were the last (fewer than asked)."""
    return key_of(rows[-1], order) if rows and len(rows) >= limit else None


__all__ = ["Key", "Sort", "key_of", "next_key", "paged"]
