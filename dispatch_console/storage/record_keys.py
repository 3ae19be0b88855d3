"""The record lists' stored keys for rows written without the models (a bulk insert).

The models keep a customer's, site's or asset's ``name_sort`` and an invoice's ``number_sort``
and ``total_sort`` on every change through the session (``models.py``, migration 0008). A writer
that inserts with Core (the bundle importer, the history generator) calls
``fill_missing_list_keys`` in the same transaction: it computes the keys of the rows that have
none, by the same rules, so every row sorts into the paged lists.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import Session

from dispatch_console.domain.sorting import number_key, sort_key
from dispatch_console.storage import models as m

#: (model, the stored key, the column it is computed from, how).
KEYS: tuple[tuple[type[m.Base], str, str, Callable[[Any], Any]], ...] = (
    (m.Customer, "name_sort", "name", lambda name: sort_key(name or "")),
    (m.Site, "name_sort", "name", lambda name: sort_key(name or "")),
    (m.Asset, "name_sort", "name", lambda name: sort_key(name or "")),
    (m.Invoice, "number_sort", "number", number_key),
    (m.Invoice, "total_sort", "total", lambda total: float(Decimal(str(total)))),
)


def keys_of_row(model: type[m.Base], row: dict[str, Any]) -> dict[str, Any]:
    """The stored keys of one new row of ``model`` from its values (those ``KEYS`` names), for
    a writer that inserts them with the row; a key whose source the row lacks is left out."""
    return {key: rule(row[source]) for owner, key, source, rule in KEYS if owner is model and source in row}


def fill_missing_list_keys(session: Session) -> int:
    """Store the keys of every row that has none; how many keys were stored."""
    stored = 0
    connection = session.connection()
    for model, key, source, rule in KEYS:
        table = model.__table__
        assert isinstance(table, Table)
        found = session.execute(select(table.c.id, table.c[source]).where(table.c[key].is_(None))).all()
        if not found:
            continue
        update = table.update().where(table.c.id == bindparam("_id")).values({key: bindparam("_key")})
        for i in range(0, len(found), 2000):
            connection.execute(update, [{"_id": row_id, "_key": rule(value)} for row_id, value in found[i : i + 2000]])
        stored += len(found)
    return stored


__all__ = ["KEYS", "fill_missing_list_keys", "keys_of_row"]
