"""The schedule board: technicians x time, the unscheduled queue, drag and drop, undo."""
