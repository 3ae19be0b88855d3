"""Printable documents (reportlab): plain data in, PDF bytes out. Work orders, invoices, crew sheets."""
