"""Small-cell suppression for tables published with their row and column totals.

The rule
--------
1. **Primary suppression.** Every count from 1 up to the organisation's threshold is hidden —
   interior cells and totals alike. Zero may show.
2. **Complementary suppression.** A hidden cell must not be recoverable from what is shown.
   Write the table with its totals as an (R+1) x (C+1) "extended" table; every line of it
   (each row with its row total, each column with its column total, the total row and total
   column with the grand total) is one linear equation. Picture a graph whose nodes are the
   R+1 row lines and C+1 column lines, and whose edges are the hidden cells (a cell joins its
   row and its column). The hidden values can change together, with every equation still
   true, exactly along cycles of that graph (add 1, subtract 1, alternately around the cycle).
   So a hidden cell can be worked out exactly **if and only if it lies on no cycle** — if it
   is a *bridge* of the graph. (A cell alone in its line is the simplest bridge.)
3. **Repair.** While some hidden cell (r, c) is a bridge, hide the three other corners of the
   cheapest rectangle (r, c), (r, c'), (r', c), (r', c'): the cell then lies on a 4-cycle.
   Cost = the sum of the newly hidden values (cells already hidden cost nothing), so as little
   information as possible is lost; ties go to the rectangle that hides fewer new cells, then
   to the first in reading order, so the result is deterministic. Each repair adds cells and
   never removes any, so the loop ends.
4. **No zero partners.** Counts cannot be negative, so a hidden zero in a row whose total is 0
   is known to be 0 and protects nothing. Rectangles are chosen only from non-zero cells; one
   always exists, because the row total, the column total and the grand total of a non-zero
   cell are non-zero. Then every hidden cell is at least 1 and lies on a cycle of hidden cells
   that are all at least 1, so adding and subtracting 1 around it gives another table of
   non-negative counts with the same shown values: the hidden count cannot be pinned down,
   even using the fact that counts are never negative.

``tests/insights/test_suppression_hides_small_cells.py`` checks with Hypothesis that no hidden
cell is determined by the linear system of shown values and totals.

Across queries: rounding
------------------------
Suppression inside one table is not enough: a user can run the same figures for all sites and
then for one site, or for a period and the same period less one day, and subtract. So every
count Peerwork publishes (report cells and totals, dashboard figures and stage splits, the API)
goes through ``published_count``:

5. counts from 1 to the threshold are hidden, zero shows as 0;
6. every other count is **rounded to the nearest multiple of 5** (halves up). Rounding depends
   only on the true value, so the same figure always shows the same way and repeating or
   re-slicing a query cannot average it out. Any difference of two published counts is then off
   by up to 4 from the true difference, so a small count cannot be worked out from a
   difference: "all sites 15, this site 10" says the rest is somewhere from 1 to 9.
7. hours follow rules 5 and 6 like counts. A mean, percentage or index over 1 to threshold
   people (its denominator), or with a small numerator, is hidden (``published``); otherwise only
   the rate is shown (whole percents, two decimals), never its numerator and denominator, which
   together with an exact rate would give the exact counts back.

``tests/insights/test_reports_cannot_be_differenced.py`` runs those differencing attacks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from peerwork.core.smallcells import published_count as published_count  # one rule for every app
from peerwork.core.smallcells import small

Cell = tuple[int, int]
HIDDEN = "*"


@dataclass(frozen=True)
class Suppressed:
    """A table with totals and the cells of its extended table that must be hidden."""

    cells: list[list[int]]
    row_totals: list[int]
    column_totals: list[int]
    grand_total: int
    hidden: frozenset[Cell]  # coordinates in the extended table; row R / column C are totals
    primary: frozenset[Cell]

    def is_hidden(self, row: int, column: int) -> bool:
        return (row, column) in self.hidden

    @property
    def extended(self) -> list[list[int]]:
        rows = [[*row, total] for row, total in zip(self.cells, self.row_totals, strict=True)]
        return [*rows, [*self.column_totals, self.grand_total]]


def extend(cells: Sequence[Sequence[int]]) -> list[list[int]]:
    """The table with a total column and a total row added."""
    rows = [list(map(int, row)) for row in cells]
    columns = len(rows[0]) if rows else 0
    with_totals = [[*row, sum(row)] for row in rows]
    totals = [sum(row[j] for row in with_totals) for j in range(columns + 1)]
    return [*with_totals, totals]


def _bridge(hidden: set[Cell], n_rows: int, n_cols: int) -> Cell | None:
    """A hidden cell that lies on no cycle of the row–column graph, or None."""
    adjacency: dict[tuple[str, int], list[tuple[tuple[str, int], Cell]]] = {}
    for r, c in hidden:
        adjacency.setdefault(("r", r), []).append((("c", c), (r, c)))
        adjacency.setdefault(("c", c), []).append((("r", r), (r, c)))
    for edge in sorted(hidden):
        start, goal = ("r", edge[0]), ("c", edge[1])
        seen = {start}
        stack = [start]
        reached = False
        while stack and not reached:
            node = stack.pop()
            for other, via in adjacency.get(node, []):
                if via == edge or other in seen:
                    continue
                if other == goal:
                    reached = True
                    break
                seen.add(other)
                stack.append(other)
        if not reached:
            return edge
    return None


def _cheapest_rectangle(table: list[list[int]], hidden: set[Cell], cell: Cell) -> list[Cell]:
    r, c = cell
    best: tuple[int, int, int, int] | None = None
    choice: list[Cell] = []
    for r2 in range(len(table)):
        if r2 == r:
            continue
        for c2 in range(len(table[0])):
            if c2 == c:
                continue
            corners = [(r, c2), (r2, c), (r2, c2)]
            if any(table[x[0]][x[1]] == 0 for x in corners):
                continue  # a hidden zero protects nothing: counts cannot go below zero
            new = [x for x in corners if x not in hidden]
            key = (sum(table[x[0]][x[1]] for x in new), len(new), r2, c2)
            if best is None or key < best:
                best, choice = key, new
    return choice


def suppress(cells: Sequence[Sequence[int]], threshold: int) -> Suppressed:
    """Hide small counts and enough other cells that no hidden count can be worked out."""
    table = extend(cells)
    n_rows, n_cols = len(table), len(table[0])
    primary = {(i, j) for i in range(n_rows) for j in range(n_cols) if 1 <= table[i][j] <= threshold}
    hidden = set(primary)
    while (bridge := _bridge(hidden, n_rows, n_cols)) is not None:
        hidden.update(_cheapest_rectangle(table, hidden, bridge))
    interior = [row[:-1] for row in table[:-1]]
    return Suppressed(
        cells=interior,
        row_totals=[row[-1] for row in table[:-1]],
        column_totals=table[-1][:-1],
        grand_total=table[-1][-1],
        hidden=frozenset(hidden),
        primary=frozenset(primary),
    )


@dataclass(frozen=True)
class Published:
    """One figure as it may be shown; ``hidden`` when the rules above withhold it."""

    value: float | None
    numerator: float | None
    denominator: float | None
    hidden: bool


def published(
    unit: str, value: float | None, numerator: float | None, denominator: float | None, threshold: int
) -> Published:
    """Apply rules 5-7 to a figure of ``unit`` (the registry's COUNT, HOURS, PERCENT, MEAN, INDEX)."""
    if unit in {"count", "hours"}:
        count = published_count(value, threshold)
        return Published(count, count, None, value is not None and count is None)
    if small(denominator, threshold) or (unit != "index" and small(numerator, threshold)):
        return Published(None, None, None, True)
    # A rate shown exactly beside its rounded parts would give the parts back (7/13 is 53.8%):
    # only the rate is shown, to whole percents or two decimals.
    if value is not None:
        value = float(round(value)) if unit == "percent" else round(value, 2)
    return Published(value, None, None, False)


def suppression_note(threshold: int) -> str:
    """The rule in plain words, shown under every figure, report and API answer that applies it."""
    return _(
        "Counts and hours are rounded to the nearest 5, totals from the unrounded figures. "
        "* hidden: counts from 1 to %(n)s, rates and means over 1 to %(n)s people, and other cells "
        "hidden so that a hidden count cannot be worked out from the totals or from another report."
    ) % {"n": threshold}
