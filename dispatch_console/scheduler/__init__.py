"""APScheduler wiring for recurring plans and backups; jobs call services, each with its own session."""
