"""Storage: the SQLAlchemy store and its migrations, import/export, deployment configuration and
the login throttle."""
