"""The technician roster: the list, the technician editor and the time-off calendar (issue #8, 4)."""
