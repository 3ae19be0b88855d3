"""The checklist a new work order of each type starts from, and what makes a checklist line valid.

The office edits the list per job (adds, removes, reorders); the template is only where it
starts, so a preventive visit never forgets the filters and a repair is always tested.
"""

from __future__ import annotations

from dispatch_console.domain.enums import WorkOrderType

#: The longest checklist line the console accepts (a line, not a procedure).
MAX_LINE = 500
#: The most lines one work order's checklist holds.
MAX_LINES = 200

TEMPLATES: dict[WorkOrderType, tuple[str, ...]] = {
    WorkOrderType.PREVENTIVE: (
        "Check in with the site contact",
        "Replace or clean filters",
        "Inspect belts, bearings and motors",
        "Check refrigerant pressures and temperatures",
        "Clean coils and condensate drain",
        "Record readings and leave the site clean",
    ),
    WorkOrderType.CORRECTIVE: (
        "Check in with the site contact",
        "Diagnose the fault and record the cause",
        "Repair or replace the failed part",
        "Test the equipment through a full cycle",
        "Explain the repair to the customer",
    ),
    WorkOrderType.EMERGENCY: (
        "Make the site safe",
        "Diagnose the fault and record the cause",
        "Restore service (temporary or permanent repair)",
        "Test the equipment through a full cycle",
        "Tell the customer what follow-up is needed",
    ),
    WorkOrderType.INSPECTION: (
        "Check in with the site contact",
        "Inspect to the applicable code or checklist",
        "Record every deficiency with a photo",
        "Give the customer the inspection result",
    ),
    WorkOrderType.INSTALLATION: (
        "Confirm the equipment and location with the customer",
        "Install to the manufacturer's instructions",
        "Commission and test",
        "Label the equipment and record serial numbers",
        "Walk the customer through operation and warranty",
    ),
    WorkOrderType.GENERAL: (
        "Check in with the site contact",
        "Do the work described",
        "Leave the site clean",
    ),
}


def template(kind: WorkOrderType) -> tuple[str, ...]:
    """The lines a new checklist of this type starts with."""
    return TEMPLATES[kind]


def line_problem(text: str) -> str | None:
    """What is wrong with one checklist line, in words (None when it is fine)."""
    if not text.strip():
        return "a checklist line is empty; type what is to be done or remove the line"
    if len(text.strip()) > MAX_LINE:
        return f"a checklist line has {len(text.strip())} characters; keep each line under {MAX_LINE}"
    return None


def list_problem(lines: int) -> str | None:
    if lines > MAX_LINES:
        return f"the checklist has {lines} lines; keep it to {MAX_LINES} at most"
    return None
