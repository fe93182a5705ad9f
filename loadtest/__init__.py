"""`make loadtest`: locust against gunicorn and PostgreSQL on 127.0.0.1 (docs/performance.md)."""
