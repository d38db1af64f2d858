"""See every concept on the map: which pod is which, what just changed, whose pods, how loaded a node is,
and whether traffic is failing."""

from __future__ import annotations

from rich.style import Style

from sandbox.core.scenario import cluster
from sandbox.tui.state import RECENT
from sandbox.tui.theme import colour
from sandbox.tui.widgets.compact_map import CompactMap, node_cell
from sandbox.tui.widgets.legend import Legend, legend_text
from sandbox.tui.widgets.node_box import NodeBox
from tests.builders import SIZE, pod_manifest, screen_text, shop_manifests


def chip_styles(app, name: str) -> list[Style]:
    """The styles the map draws a pod's chip with (by the chip's short name)."""
    styles = []
    for box in app.screen.query(NodeBox):
        text = box.render()
        start = text.plain.find(name)
        if start >= 0:
            styles += [span.style for span in text.spans if span.start <= start < span.end]
    return styles


def suffix(pod: str) -> str:
    return pod.rsplit("-", 1)[1]


async def test_chips_name_replicas_apart_in_the_box_and_up_close(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        screen.run_command("kubectl create deployment web --image=nginx:1.25 --replicas=4")
        screen.advance(30)
        await pilot.pause()
        pods = [p.name for p in screen.sim.list("Pod", "default")]
        text = screen_text(app)
        assert all(f"●{suffix(pod)}" in text for pod in pods)  # every replica by its own suffix
        screen.map.select_node("node-1")
        await pilot.press("z")
        await pilot.pause()
        on_node_1 = [p.name for p in screen.sim.list("Pod", "default") if p.spec["nodeName"] == "node-1"]
        assert on_node_1 and all(f"● {pod}  Ready" in screen_text(app) for pod in on_node_1)  # whole names


async def test_a_pod_that_just_changed_is_underlined_until_a_few_simulated_seconds_pass(make_app):
    """Deleting a pod: the old one turns Terminating and its replacement appears in the same instant;
    both stand out, by simulated time only, then fade."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        screen.run_command("kubectl create deployment web --image=nginx:1.25 --replicas=2")
        screen.advance(60)
        old = screen.sim.list("Pod", "default")[0].name
        await pilot.pause()
        assert not any(s.underline for s in chip_styles(app, suffix(old)))
        screen.run_command(f"kubectl delete pod {old} --wait=false")
        await pilot.pause()
        new = next(p.name for p in screen.sim.list("Pod", "default") if p.metadata.creation_timestamp == screen.sim.now)
        assert any(s.underline for s in chip_styles(app, suffix(old)))  # Terminating since now
        assert any(s.underline for s in chip_styles(app, suffix(new)))  # the replacement
        assert "underlined: changed <5s ago" in str(screen.query_one(Legend).render())
        screen.advance(RECENT + 30)  # the replacement is Ready and the old one gone, long enough ago
        await pilot.pause()
        assert not any(s.underline for s in chip_styles(app, suffix(new)))


async def test_the_selected_pod_is_drawn_reversed_whole_not_only_its_dot(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.screen.map.select_node("node-2")
        await pilot.press("down")
        pod = app.screen.map.selected().pod
        styles = chip_styles(app, suffix(pod))
        assert any(s.reverse for s in styles)  # the suffix too, not just the glyph
        app.screen.map.select_node("control-plane")
        await pilot.press("down")
        assert app.screen.map.selected().pod == "etcd-control-plane"  # a static pod: its chip is only a glyph
        assert any(s.reverse for s in chip_styles(app, "etcd"))  # so its owner's name shows the selection


async def test_owners_have_their_own_colours_and_the_legend_names_them(make_app):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        screen = app.screen
        for manifest in shop_manifests():
            screen.sim.apply(manifest, actor="you", namespace=manifest["metadata"].get("namespace", "default"))
        screen.advance(60)
        await pilot.pause()
        owners = {rs.name for rs in screen.sim.list("ReplicaSet", "shop")}
        shades = {owner: screen.map.owner_colour(app.theme, owner) for owner in owners}
        assert len(set(shades.values())) == len(owners) == 5  # frontend, mysql, v1, v2, the load balancer
        key = screen.map.map_key()
        assert dict(key.owners) == shades | {"kube-system": colour(app.theme, "owner-system")}
        legend = legend_text(app.theme, compact=False, key=key)
        assert str(screen.query_one(Legend).render()) == legend.plain  # what the legend draws
        for owner, shade in shades.items():
            start = legend.plain.index(owner)
            assert any(span.start <= start < span.end and span.style.color.triplet.hex == shade.lower()
                       for span in legend.spans)


async def test_the_header_reflects_failing_traffic(make_app):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        screen = app.screen
        for line in ("kubectl create deployment web --image=nginx:1.25 --replicas=2",
                     "kubectl expose deployment web --port=80", "kubectl create deployment client --image=nginx:1.25"):
            screen.run_command(line)
        screen.advance(30)
        screen.run_command("sim traffic start http://web --from deploy/client --rate 10 --duration 300s")
        screen.advance(10)
        await pilot.pause()
        assert "✓ nodes 4/4 Ready · pods 13/13 Ready" in screen_text(app).splitlines()[0]
        screen.run_command("kubectl scale deployment web --replicas=0")
        screen.advance(10)
        await pilot.pause()
        header = screen_text(app).splitlines()[0].rstrip()
        assert "⚠ nodes 4/4 Ready · pods 11/11 Ready · traffic 0% ok" in header


async def test_the_compact_map_shows_load_by_requests_and_names_the_selected_node(make_app):
    sim = cluster(seed=3, workers=40)
    app = make_app(sim=sim)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen.map, CompactMap)
        # Two pods asking for most of node-5's CPU: few pods, but a full node for the scheduler.
        for i in range(2):
            screen.sim.create(pod_manifest(f"hog-{i}", cpu="1800m", nodeName="node-5"))
        screen.advance(30)
        await pilot.pause()
        index = screen.map.names.index("node-5")
        glyph, _style = screen.map.cells[index]
        assert glyph == "█"  # full by CPU requests (3600m of 4), though it holds 3 pods of 110
        screen.map.select_node("node-5")
        screen.refresh_views()
        await pilot.pause()
        assert "node node-5 · Ready · pods 3/110 · cpu 3600m/4" in screen_text(app)


async def test_the_compact_map_redraws_changed_nodes_as_a_full_recompute_would(make_app):
    """The compact map recomputes only the cells of nodes that changed (pods came or went, a machine
    stopped, a node was cordoned, a node joined); after each change every cell must equal the cell
    computed afresh, and the changed node's glyph must show the change."""
    sim = cluster(seed=3, workers=40)
    app = make_app(sim=sim)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        cmap = screen.map
        assert isinstance(cmap, CompactMap)

        def fresh() -> list:
            return [node_cell(screen.sim, n, cmap.theme_name) for n in screen.sim.list("Node")]

        changes = [
            lambda: [screen.sim.create(pod_manifest(f"hog-{i}", cpu="1800m", nodeName="node-7")) for i in range(2)],
            lambda: screen.sim.fail_node("node-9"),
            lambda: screen.sim.cordon("node-11"),
            lambda: screen.sim.add_node("node-41"),
        ]
        glyphs = {"node-7": "█", "node-9": "!", "node-11": "⊝", "node-41": "▁"}
        for change, (node, glyph) in zip(changes, glyphs.items(), strict=True):
            change()
            screen.advance(1)
            await pilot.pause()
            assert cmap.cells == fresh()
            assert cmap.cells[cmap.names.index(node)][0] == glyph
