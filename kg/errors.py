"""Errors a user can cause. Each renders as one line that says what is wrong and where."""


class KGError(Exception):
    """Base of every error the CLI reports as one line. ``exit_code`` is what ``kg`` exits with."""

    exit_code = 2


class ProjectNotFound(KGError):
    """No project directory (ontology/ and facts/) was found."""


class LoadError(KGError):
    """A file in ontology/ or facts/ could not be read or parsed."""

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None):
        self.path, self.line, self.column, self.message = path, line, column, message
        where = path + (f":{line}" if line else "") + (f":{column}" if line and column else "")
        super().__init__(f"{where}: {message}")


class QueryError(KGError):
    """A SPARQL query is malformed, unknown, or was given bad bindings."""


class LimitExceeded(QueryError):
    """The work passed a limit and was stopped; the message says which and how to go on."""


class UsageError(KGError):
    """Arguments that cannot be acted on (an unknown entity, an unknown format, ...)."""

    exit_code = 2
