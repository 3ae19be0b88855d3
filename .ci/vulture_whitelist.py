"""Names vulture cannot see used: the frameworks call them (Qt's virtual methods, SQLAlchemy's
type and event hooks, pytest's hooks and autouse fixtures) or data refers to them (enum members).

    vulture dispatch_console tests main.py .ci/vulture_whitelist.py --min-confidence 60 \\
        --exclude dispatch_console/storage/migrations

Add a name here only when something outside the Python code calls it; dead code is deleted.
"""

# ruff: noqa
# mypy: ignore-errors
_ = object()

# Qt calls these overrides (events, item models, proxies, layouts, drags).
_.dragLeaveEvent
_.tabletEvent
_.dragMoveEvent
_.dropEvent
_.mouseDoubleClickEvent
_.mouseMoveEvent
_.mousePressEvent
_.mouseReleaseEvent
_.startDrag
_.mimeTypes
_.supportedDragActions
_.filterAcceptsRow
_.itemAt
_.expandingDirections

# SQLAlchemy calls these: custom column types, mapper settings, event listeners, DB-API setup.
_.impl
_.cache_ok
_.load_dialect_impl
_.process_bind_param
_.process_result_value
__mapper_args__
type_annotation_map
_on_begin
_on_connect
_stamp_versions
_write_audit
_.isolation_level
part_id  # foreign-key columns the relationships use

# pytest calls these hooks and autouse fixtures.
pytest_collection_modifyitems
pytest_runtest_call
pytest_runtest_teardown
pytest_terminal_summary
_no_leftovers

# SQLAlchemy calls @validates methods when the attribute is set.
_keep_phone_digits
_garbage_collected_on_the_gui_thread

# Stored in the database and read back by value.
RECURRING_PLAN

# The review brief's fields are read by the review screen (the intake and review issue).
_.recent_work

# pytest reads a module's marks from this name.
_.pytestmark

# Qt calls these on a model that reads its rows a page at a time (the work order list).
_.fetchMore
_.canFetchMore

# SQLAlchemy calls these listeners (@validates, before_flush/after_flush events).
_keep_name_sort
_keep_number_sort
_keep_total_sort
_keep_list_keys

# The list's stored keys, written by name into their columns (ListKeys._asdict()).
_.status_sort
_.site_sort
_.hours_sort

# Qt calls these overrides.
_.drawContents
_.lessThan

# Python calls a module's __getattr__ for a name it lacks (PEP 562: the work order window, loaded
# when first asked for).
__getattr__

# pytest runs autouse fixtures by themselves.
_console_style
_collector_on
