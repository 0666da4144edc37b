"""newsworker: a Celery worker that enriches news articles and writes the results to Redis."""

__version__ = "0.1.0"
