"""The `newsworker` command: parse the arguments, run the command, turn known failures into one line."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from worker.cli_parser import build_parser
from worker.errors import NewsworkerError
from worker.settings import load_settings

__all__ = ["build_parser", "main", "redis_problem"]


def redis_problem(exc: BaseException) -> str | None:
    """One line for a Redis or broker failure a user can fix (None: not one of those)."""
    import redis
    from kombu.exceptions import OperationalError

    if isinstance(exc, redis.AuthenticationError | redis.exceptions.AuthenticationWrongNumberOfArgsError):
        return f"Redis refused the credentials ({exc}): check the user and password in NEWSWORKER_REDIS_URL"
    if isinstance(exc, redis.exceptions.NoPermissionError):
        return f"the Redis user lacks a permission ({exc}): see deploy/redis/users.acl"
    if isinstance(exc, redis.ConnectionError | redis.TimeoutError | OperationalError):
        return f"Redis unreachable ({exc}): is it running, and is NEWSWORKER_REDIS_URL right?"
    if isinstance(exc, redis.RedisError):
        return f"Redis error: {exc}"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `newsworker` console script."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args, load_settings()))
    except NewsworkerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        problem = redis_problem(exc)
        if problem is None:
            raise
        print(f"error: {problem}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
