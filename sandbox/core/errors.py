"""API errors shaped like the Kubernetes API server's Status responses."""

from __future__ import annotations


class ApiError(Exception):
    """An error the API server would return: HTTP code, reason and message."""

    code: int = 500
    reason: str = "InternalError"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"Error from server ({self.reason}): {self.message}"


class NotFound(ApiError):
    code = 404
    reason = "NotFound"


class AlreadyExists(ApiError):
    code = 409
    reason = "AlreadyExists"


class Conflict(ApiError):
    code = 409
    reason = "Conflict"


class Invalid(ApiError):
    """Validation failure; `causes` lists each field problem, like a 422 Status."""

    code = 422
    reason = "Invalid"

    def __init__(self, message: str, causes: list[str] | None = None) -> None:
        super().__init__(message)
        self.causes = causes or []


class BadRequest(ApiError):
    code = 400
    reason = "BadRequest"


class TooManyRequests(ApiError):
    """Returned by the eviction API when a PodDisruptionBudget allows no disruption."""

    code = 429
    reason = "TooManyRequests"
