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


class Forbidden(ApiError):
    """Refused by admission (a ResourceQuota, a webhook): `pods "x" is forbidden: ...`."""

    code = 403
    reason = "Forbidden"


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


class NoKindMatch(BadRequest):
    """kubectl's RESTMapper found no resource for the manifest's kind and apiVersion.

    Real kubectl reports this before any request reaches the server, as
    `error: resource mapping not found for name: "web" namespace: "" from "STDIN":
    no matches for kind "Deployment" in version "apps/v2"` plus a hint line;
    `kubectl_text(source)` gives those words.
    """

    def __init__(self, kind: str, api_version: str, name: str = "", namespace: str = "") -> None:
        super().__init__(f'no matches for kind "{kind}" in version "{api_version}"')
        self.kind = kind
        self.api_version = api_version
        self.name = name
        self.namespace = namespace

    def kubectl_text(self, source: str = "STDIN") -> str:
        return (f'error: resource mapping not found for name: "{self.name}" namespace: "{self.namespace}" '
                f'from "{source}": {self.message}\nensure CRDs are installed first')

    def __str__(self) -> str:
        return self.kubectl_text()
