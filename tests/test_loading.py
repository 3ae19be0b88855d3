"""The cyclic collector is paused for work that makes many objects and no cycles, and set back
as it was (the console keeps it off and collects on its GUI thread)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from dispatch_console.loading import collection_paused, collector_paused
from dispatch_console.services import bundle_import
from dispatch_console.services.bundle_import import import_folder
from dispatch_console.services.context import ServiceContext


@pytest.fixture(autouse=True)
def _collector_on() -> Iterator[None]:
    """Each test starts with the collector on, and leaves it as the suite had it."""
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_paused_inside_and_on_again_after() -> None:
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    with collection_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_it_is_on_again_after_a_failure() -> None:
    with pytest.raises(RuntimeError), collection_paused():
        raise RuntimeError("refused")
    assert gc.isenabled()


def test_what_the_program_loads_is_frozen_out_of_the_collectors_sight() -> None:
    before = gc.get_freeze_count()
    with collector_paused():
        made = [[n] for n in range(1000)]
    assert gc.get_freeze_count() >= before + len(made)
    gc.unfreeze()


def test_an_import_checks_and_writes_with_the_collector_paused(
    ctx: ServiceContext, sample_bundle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    check, write = bundle_import._Import.check, bundle_import._Import.write

    def checking(job: bundle_import._Import, *args: object) -> None:
        seen.append(gc.isenabled())
        check(job, *args)  # type: ignore[arg-type]

    def writing(job: bundle_import._Import, *args: object) -> bundle_import.ImportReport:
        seen.append(gc.isenabled())
        return write(job, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(bundle_import._Import, "check", checking)
    monkeypatch.setattr(bundle_import._Import, "write", writing)
    import_folder(ctx, sample_bundle)
    assert seen == [False, False]
    assert gc.isenabled()
