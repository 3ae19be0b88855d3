"""What an operation changed: the record every view refreshes from (Anki's ``OpChanges``).

The same record describes a change made on this PC (derived from the unit of work as it
commits) and one made on another PC (derived from the audit log), so views follow both
through one path.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Every kind of record views follow.
KINDS = frozenset(
    {
        "company", "technician", "customer", "part", "request", "work_order", "booking",
        "pm_plan", "invoice",
    }
)


@dataclass(frozen=True)
class Changes:
    """Which records changed, by whom, in which action.

    ``entities`` names kinds of records ("work_order", "booking", "technician", ...);
    ``work_orders`` the numbers of the work orders touched; ``bookings`` the ids of bookings
    created or changed and ``removed_bookings`` those deleted, so the board patches only them.
    ``actors``, ``actions`` and ``origins`` say who did it, what they called it and from which
    console (several when notifications were merged).
    """

    entities: frozenset[str] = frozenset()
    work_orders: frozenset[str] = frozenset()
    bookings: frozenset[int] = frozenset()
    removed_bookings: frozenset[int] = frozenset()
    actors: frozenset[str] = frozenset()
    actions: tuple[str, ...] = ()
    origins: frozenset[str] = frozenset()

    def __or__(self, other: Changes) -> Changes:
        removed = self.removed_bookings | other.removed_bookings
        return Changes(
            entities=self.entities | other.entities,
            work_orders=self.work_orders | other.work_orders,
            bookings=(self.bookings | other.bookings) - removed,
            removed_bookings=removed,
            actors=self.actors | other.actors,
            actions=self.actions + tuple(a for a in other.actions if a not in self.actions),
            origins=self.origins | other.origins,
        )

    def __bool__(self) -> bool:
        return bool(self.entities)

    def touches(self, *entities: str) -> bool:
        return any(e in self.entities for e in entities)

    def only(self, *entities: str) -> bool:
        """True when nothing but these kinds changed (a view can then patch instead of reload)."""
        return bool(self.entities) and self.entities <= set(entities)


#: What an import or the demo may touch: everything.
EVERYTHING = Changes(entities=KINDS | {"skill", "site", "asset"})
