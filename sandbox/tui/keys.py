"""Every key of the free-play screen in one list: bindings, footer, help and palette read it.

Keys follow k9s where k9s has one (`:` `/` `?` `esc` `d` `y` `l` `s` `ctrl+d`
`c` `u` `r`, `j`/`k`); the rest are sandbox keys. As in k9s, `s` is a shell on a pod
and scale on a deployment, and `l` a pod's logs, so the arrows (and `j`/`k`) move on
the map. `command` is the command line the key stands for, shown in help and in the
palette, so keys teach commands.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.markup import escape
from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class KeyAction:
    """One key of a screen: what it runs, how the footer, the help and the palette show it."""

    id: str
    key: str          # Textual key spec (comma-separated alternatives)
    action: str       # screen action name, without "action_"
    description: str  # footer label
    help: str         # one line for the help screen and the palette
    command: str = ""  # the command it runs, with placeholders
    show: bool = True  # in the footer
    palette: bool = True
    letter: bool = False  # a printable key: inactive while the command line has focus
    rank: int = 5  # the footer drops keys of the highest rank first when it runs out of room
    #: handled before the key reaches the focused widget, so keys typed right after it (a fast typist, a
    #: paste) already go to the widget it focuses; the screen turns it off where it would eat typing
    priority: bool = False


PLAY_KEYS: list[KeyAction] = [
    KeyAction("command-line", "colon", "focus_command", "Command",
              "Type a kubectl, curl or sim command, or a k9s view (:pods :deploy :svc :ns NAME :q)", rank=0,
              priority=True),
    KeyAction("filter", "slash", "filter_log", "Filter", "Filter the event log", letter=True, rank=8),
    KeyAction("help", "question_mark", "help", "Help", "Show every key", letter=True, rank=0),
    KeyAction("back", "escape", "back", "Back",
              "Leave the command line, close the output or the side panel, or go home (free play is kept)",
              show=False, palette=False),
    KeyAction("left", "left", "move(-1,0)", "Left", "Select the node to the left", show=False, palette=False),
    KeyAction("right", "right", "move(1,0)", "Right", "Select the node to the right", show=False, palette=False),
    KeyAction("up", "up,k", "move(0,-1)", "Up", "Select the pod above, or the node drawn above", show=False,
              palette=False, letter=True),
    KeyAction("down", "down,j", "move(0,1)", "Down", "Select the pod below, or the node drawn below", show=False,
              palette=False, letter=True),
    KeyAction("describe", "d", "describe", "Describe", "Describe the selected object beside the map",
              "kubectl describe KIND NAME", letter=True, rank=3),
    KeyAction("yaml", "y", "yaml", "YAML", "Show the selected object as YAML", "kubectl get KIND NAME -o yaml",
              letter=True, rank=7),
    KeyAction("logs", "l", "logs", "Logs", "Show the selected pod's logs beside the map", "kubectl logs POD",
              letter=True, rank=6),
    KeyAction("shell", "s", "shell_or_scale", "Shell/Scale",
              "On a pod: a shell prompt, each line run in the pod; on a deployment row: scale it",
              "kubectl exec POD -- CMD / kubectl scale deploy NAME --replicas=N", letter=True, rank=4),
    KeyAction("scale-up", "plus", "scale_by(1)", "+1 replica", "Add a replica to the selected pod's deployment",
              "kubectl scale deployment NAME --replicas=N", show=False, letter=True),
    KeyAction("scale-down", "minus", "scale_by(-1)", "-1 replica",
              "Remove a replica from the selected pod's deployment", "kubectl scale deployment NAME --replicas=N",
              show=False, letter=True),
    KeyAction("edit", "e", "edit", "Edit", "Edit the selected object as YAML (with YAML in the output open: "
              "edit that and apply it)", "kubectl edit KIND NAME", show=False, letter=True),
    KeyAction("delete", "ctrl+d", "delete", "Delete", "Delete the selected object (asks first)",
              "kubectl delete KIND NAME", rank=5),
    KeyAction("cordon", "c", "cordon", "Cordon", "Mark the selected node unschedulable", "kubectl cordon NODE",
              show=False, letter=True),
    KeyAction("uncordon", "u", "uncordon", "Uncordon", "Mark the selected node schedulable again",
              "kubectl uncordon NODE", show=False, letter=True),
    KeyAction("drain", "r", "drain", "Drain", "Evict the pods from the selected node",
              "kubectl drain NODE --ignore-daemonsets", show=False, letter=True),
    KeyAction("fail-node", "x", "fail_node", "Fail node", "Stop the selected node's machine (again: recover it)",
              "sim node fail NODE", letter=True, rank=2),
    KeyAction("zoom", "z,enter", "zoom", "Zoom", "Show the selected node up close beside the map",
              show=False, letter=True),
    KeyAction("namespace", "N", "namespace", "Namespace", "Pick the namespace commands work in",
              "kubectl config set-context --current --namespace=NAME", show=False, letter=True),
    KeyAction("trace", "T", "trace", "Trace", "Show or hide the last request's path, hop by hop", "sim trace",
              show=False, letter=True),
    KeyAction("why", "w", "why", "Why", "Show why the selected object (or log line) is as it is, beside the map",
              "sim why KIND/NAME", show=False, letter=True),  # the footer is full: help, palette and README list it
    KeyAction("undo", "ctrl+z", "undo", "Undo", "Put the cluster back as it was before your last command",
              "sim undo", show=False),
    KeyAction("redo", "ctrl+y", "redo", "Redo", "Bring back the command you undid", "sim redo", show=False),
    KeyAction("output", "o", "toggle_output", "Output", "Show or hide the commands you ran and their output",
              letter=True, rank=2),
    KeyAction("chaos", "exclamation_mark", "chaos", "Chaos", "Open the chaos menu", letter=True, rank=1),
    KeyAction("pause", "space", "pause", "Pause", "Pause or resume simulated time", "sim pause / sim resume",
              letter=True, rank=1),
    KeyAction("slower", "less_than_sign", "speed(-1)", "Slower", "Slow time down: 60×, 10×, 1×, paused",
              "sim speed N", show=False, letter=True),
    KeyAction("faster", "greater_than_sign", "speed(1)", "Faster", "Speed time up: paused, 1×, 10×, 60×",
              "sim speed N", show=False, letter=True),
    KeyAction("resources-next", "right_square_bracket", "cycle_kind(1)", "Next kind",
              "Show the next kind in the resources pane", show=False, letter=True),
    KeyAction("resources-prev", "left_square_bracket", "cycle_kind(-1)", "Previous kind",
              "Show the previous kind in the resources pane", show=False, letter=True),
]
# The lesson screen's own keys, on top of free play's. Not `h` (left, in vim and k9s habits), and not
# ctrl+h, which many terminals send for backspace.
LESSON_KEYS: list[KeyAction] = [
    KeyAction("hint", "t", "hint", "Hint", "Show the next hint of this step (tip)", letter=True, rank=1),
    KeyAction("next-step", "n", "next_step", "Next", "Go on to the next step once this one is done (or skip it)",
              letter=True, rank=1),
    KeyAction("previous-step", "b", "previous_step", "Back", "Go back to the previous step, as it began",
              show=False, letter=True),
    KeyAction("restart-step", "ctrl+r", "restart_step", "Restart step",
              "Put the cluster back as it was when this step began", show=False),
    KeyAction("restart-lesson", "R", "restart_lesson", "Restart lesson",
              "Start the lesson over from step 1 on a fresh cluster (asks first)", show=False, letter=True),
    KeyAction("lesson-down", "pagedown", "scroll_lesson(1)", "Text ↓", "Scroll the step's text down a page",
              show=False),
    KeyAction("lesson-up", "pageup", "scroll_lesson(-1)", "Text ↑", "Scroll the step's text up a page",
              show=False),
    KeyAction("solution", "ctrl+o", "show_solution", "Solution",
              "Show this step's solution (asks first; the step then counts as assisted)", show=False),
]

LETTER_ACTIONS = frozenset(k.action.split("(")[0] for k in [*PLAY_KEYS, *LESSON_KEYS] if k.letter)
RANKS = {k.action: k.rank for k in [*PLAY_KEYS, *LESSON_KEYS]}  # by action: the footer knows a key by its action


def bindings(keys: list[KeyAction]) -> list[BindingType]:
    # Tooltips are read as markup: escaped, so a help text is shown as written.
    return [Binding(k.key, k.action, k.description, show=k.show, tooltip=escape(k.help), id=k.id,
                    priority=k.priority) for k in keys]


def display_key(key: str) -> str:
    """The key as the help screen prints it (`colon` → `:`)."""
    names = {"colon": ":", "slash": "/", "question_mark": "?", "escape": "esc", "exclamation_mark": "!",
             "space": "space", "less_than_sign": "<", "greater_than_sign": ">", "left": "←", "right": "→",
             "up": "↑", "down": "↓", "right_square_bracket": "]", "left_square_bracket": "[", "enter": "enter",
             "plus": "+", "minus": "-", "pagedown": "pgdn", "pageup": "pgup"}
    return " ".join(names.get(part, part) for part in key.split(","))
