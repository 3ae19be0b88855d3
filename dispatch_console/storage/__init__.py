"""Persistence: the only package that speaks SQLAlchemy and Alembic."""
