"""The Services-by-selector index the Endpoints and EndpointSlice controllers look pods up in."""

from __future__ import annotations

from sandbox.core.controllers.endpointslice import ServiceSelectorIndex


def test_a_pod_finds_the_services_of_its_namespace_whose_selector_it_matches():
    index = ServiceSelectorIndex()
    index.set("a/web", "a", {"app": "web"})
    index.set("a/all-tiers", "a", {"app": "web", "tier": "front"})
    index.set("b/web", "b", {"app": "web"})
    assert sorted(index.selecting("a", {"app": "web", "tier": "front"})) == ["a/all-tiers", "a/web"]
    assert index.selecting("a", {"app": "web"}) == ["a/web"]
    assert index.selecting("c", {"app": "web"}) == []


def test_a_service_changed_or_removed_selects_no_more_under_its_old_selector():
    index = ServiceSelectorIndex()
    index.set("a/web", "a", {"app": "web"})
    index.set("a/web", "a", {"app": "api"})   # edited: indexed again under the new selector only
    assert index.selecting("a", {"app": "web"}) == []
    assert index.selecting("a", {"app": "api"}) == ["a/web"]
    index.set("a/db", "a", {"app": "db"})
    index.remove("a/web")
    assert index.selecting("a", {"app": "api"}) == []
    assert index.selecting("a", {"app": "db"}) == ["a/db"]
    index.remove("a/db")
    index.set("a/db", "a", {"app": "db"})   # the namespace's last Service gone and back
    assert index.selecting("a", {"app": "db"}) == ["a/db"]
