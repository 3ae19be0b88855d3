"""The technician roster: technicians and skills, time off, and each week's capacity."""
