"""Use cases of the dispatch office; each takes a ServiceContext and never sees a widget."""
