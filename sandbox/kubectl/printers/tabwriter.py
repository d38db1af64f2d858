"""Go's text/tabwriter, which kubectl's table and describe output go through.

Cells end with a tab; the text after a line's last tab is not a column. A column
block is a run of consecutive lines that all have a cell in that column; every
cell in a block is padded to the block's widest cell + padding (at least
minwidth). Emulating the algorithm (not just "pad every column") is what makes
describe's nested sections line up exactly as kubectl's do.
"""

from __future__ import annotations


def tabwrite(text: str, *, minwidth: int = 0, padding: int = 2) -> str:
    lines = [line.split("\t") for line in text.split("\n")]
    out: list[str] = []
    widths: list[int] = []

    def write_lines(line0: int, line1: int) -> None:
        for cells in lines[line0:line1]:
            parts = []
            for j, cell in enumerate(cells):
                if j < len(widths) and j < len(cells) - 1:
                    parts.append(cell.ljust(widths[j]))
                else:
                    parts.append(cell)
            out.append("".join(parts))

    def fmt(line0: int, line1: int) -> None:
        column = len(widths)
        this = line0
        while this < line1:
            if column >= len(lines[this]) - 1:
                this += 1
                continue
            write_lines(line0, this)
            line0 = this
            width = minwidth
            while this < line1 and column < len(lines[this]) - 1:
                width = max(width, len(lines[this][column]) + padding)
                this += 1
            widths.append(width)
            fmt(line0, this)
            widths.pop()
            line0 = this
        write_lines(line0, line1)

    fmt(0, len(lines))
    return "\n".join(out)


def table(rows: list[list[str]]) -> str:
    """kubectl get's writer: minwidth 6, padding 3 (printers.GetNewTabWriter)."""
    return tabwrite("\n".join("\t".join(row) for row in rows), minwidth=6, padding=3)
