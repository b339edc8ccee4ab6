"""Errors a user can act on. The CLI prints their message on one line and exits with `exit_code`."""


class KbError(Exception):
    """A failure with a message meant for the user, never a traceback."""

    exit_code = 1


class InputError(KbError):
    """A document could not be read: binary, empty, too large, undecodable, malformed."""


class ReadOnlyQueryError(KbError):
    """`kb sql` was asked to write, attach, or otherwise change the database."""


class QueryError(KbError):
    """A read-only query failed: bad SQL, time limit or the like."""
