"""Printing in the console: a work order, an invoice or a day's crew sheets printed through the
system's print dialog, previewed, saved as a PDF or opened in the system's PDF viewer.

The document is made by ``dispatch_console.documents`` off the GUI thread (``documents.py``),
then painted page by page onto the printer (``print_pdf.py``); ``actions.py`` holds the actions
the main window and the work order window offer, ``crew_sheets_dialog.py`` the choice of a day
and its technicians.
"""
