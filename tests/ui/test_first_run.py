"""The first run: the three choices and what each one does."""

from __future__ import annotations

import shutil
import sys
import threading
import types
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from dispatch_console.services import company
from dispatch_console.services.context import Changes, ServiceContext
from dispatch_console.ui import bundle_actions, first_run
from dispatch_console.ui.first_run import FirstRunChoice, FirstRunDialog, carry_out, run_first_run
from dispatch_console.ui.settings_dialog import SettingsDialog
from tests.ui import seed


def make_dialog(qtbot: QtBot) -> FirstRunDialog:
    dialog = FirstRunDialog("sqlite:///dispatch.db")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.mark.parametrize(
    ("button", "choice"),
    [
        ("demo_button", FirstRunChoice.DEMO),
        ("empty_button", FirstRunChoice.EMPTY),
        ("import_button", FirstRunChoice.IMPORT),
    ],
)
def test_each_button_returns_its_choice(qtbot: QtBot, button: str, choice: FirstRunChoice) -> None:
    dialog = make_dialog(qtbot)
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        qtbot.mouseClick(getattr(dialog, button), Qt.MouseButton.LeftButton)
    assert dialog.choice == choice
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_the_demo_is_the_default_and_quit_rejects(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot)
    assert dialog.demo_button.isDefault()
    assert not dialog.empty_button.isDefault()
    with qtbot.waitSignal(dialog.rejected, timeout=1000):
        qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)
    assert dialog.choice is None


@pytest.fixture
def fake_demo(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A demo service that sets up a company; records the thread it ran on."""
    threads: list[str] = []

    def create_demo_company(ctx: ServiceContext) -> str:
        threads.append(threading.current_thread().name)
        seed.company_only(ctx, name="Demo Mechanical")
        return "the demo company"

    module = types.ModuleType(bundle_actions.DEMO_MODULE)
    module.create_demo_company = create_demo_company  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, bundle_actions.DEMO_MODULE, module)
    return threads


def test_demo_runs_off_the_gui_thread_and_tells_the_views(
    qtbot: QtBot, ctx: ServiceContext, settings: QSettings, fake_demo: list[str]
) -> None:
    heard: list[Changes] = []
    ctx.subscribe(heard.append)
    assert carry_out(FirstRunChoice.DEMO, ctx, settings)
    assert company.get_settings(ctx).name == "Demo Mechanical"
    assert fake_demo == ["dispatch-console-work"]  # the worker thread, not the GUI thread
    assert len(heard) == 1 and heard[0].touches("company", "work_order", "technician")


def test_empty_company_asks_for_name_and_time_zone(
    qtbot: QtBot, ctx: ServiceContext, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[int] = []

    def fill_in(dialog: SettingsDialog) -> int:
        shown.append(dialog.tabs.currentIndex())
        dialog.name_edit.setText("Fresh Start HVAC")
        dialog.timezone_combo.setCurrentText("America/Phoenix")
        return QDialog.DialogCode.Accepted if dialog.save() else QDialog.DialogCode.Rejected

    monkeypatch.setattr(first_run.SettingsDialog, "exec", fill_in)
    assert carry_out(FirstRunChoice.EMPTY, ctx, settings)
    assert shown == [SettingsDialog.COMPANY_TAB]
    assert company.get_settings(ctx).timezone == "America/Phoenix"


def test_cancelling_the_empty_company_goes_back_to_the_choices(
    qtbot: QtBot, ctx: ServiceContext, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(first_run.SettingsDialog, "exec", lambda _self: QDialog.DialogCode.Rejected)
    assert not carry_out(FirstRunChoice.EMPTY, ctx, settings)
    assert not company.is_set_up(ctx)


def test_import_lists_the_problems_and_lets_the_user_pick_another_folder(
    qtbot: QtBot,
    ctx: ServiceContext,
    settings: QSettings,
    sample_bundle: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(sample_bundle, broken)
    rows = (broken / "work_orders.csv").read_text(encoding="utf-8")
    (broken / "work_orders.csv").write_text(
        rows.replace(
            "WO-1004,inspection,high,scheduled,S0002-2", "WO-1004,inspection,high,scheduled,S9999"
        ),
        encoding="utf-8",
    )
    folders = iter([broken, sample_bundle])
    monkeypatch.setattr(bundle_actions, "pick_folder", lambda *_args: next(folders))
    problems: list[str] = []

    def choose_another_folder(dialog: bundle_actions.ImportProblemsDialog) -> int:
        problems.append(dialog.problems_edit.toPlainText())
        assert dialog.back_button.text() == "Back to the choices"
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(bundle_actions.ImportProblemsDialog, "exec", choose_another_folder)
    assert carry_out(FirstRunChoice.IMPORT, ctx, settings)
    assert len(problems) == 1
    assert "work_orders.csv:5: site_code:" in problems[0]
    assert company.get_settings(ctx).name == "Northwind Mechanical"


def test_giving_up_on_the_import_goes_back_to_the_choices(
    qtbot: QtBot, ctx: ServiceContext, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bundle_actions, "pick_folder", lambda *_args: None)
    assert not carry_out(FirstRunChoice.IMPORT, ctx, settings)


def test_run_first_run_offers_the_choices_until_done_or_quit(
    qtbot: QtBot,
    ctx: ServiceContext,
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
    fake_demo: list[str],
) -> None:
    answers = iter([(QDialog.DialogCode.Accepted, FirstRunChoice.DEMO)])

    def answer(dialog: FirstRunDialog) -> int:
        code, dialog.choice = next(answers)
        return code

    monkeypatch.setattr(FirstRunDialog, "exec", answer)
    assert run_first_run(ctx, settings)
    assert company.is_set_up(ctx)
    assert run_first_run(ctx, settings)  # set up already: nothing to ask


def test_quitting_the_first_run(
    qtbot: QtBot, ctx: ServiceContext, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(FirstRunDialog, "exec", lambda _self: QDialog.DialogCode.Rejected)
    assert not run_first_run(ctx, settings)
