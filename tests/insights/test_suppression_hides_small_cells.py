"""Small cells are hidden, and so are enough others that no hidden count follows from the totals."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from peerwork.insights.suppression import extend, suppress


def determined_cells(table: list[list[int]], hidden: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """Hidden cells of the extended table that the shown values and the sum equations pin down."""
    n_rows, n_cols = len(table), len(table[0])
    unknown = sorted(hidden)
    position = {cell: k for k, cell in enumerate(unknown)}
    equations = []
    lines = [[(i, j) for j in range(n_cols - 1)] + [(i, n_cols - 1)] for i in range(n_rows)]
    lines += [[(i, j) for i in range(n_rows - 1)] + [(n_rows - 1, j)] for j in range(n_cols)]
    for line in lines:
        *parts, total = line
        row = np.zeros(len(unknown))
        for cell in parts:
            if cell in position:
                row[position[cell]] += 1
        if total in position:
            row[position[total]] -= 1
        equations.append(row)
    matrix = np.array(equations)
    rank = np.linalg.matrix_rank(matrix) if unknown else 0
    found = []
    for cell, k in position.items():
        probe = np.zeros(len(unknown))
        probe[k] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, probe])) == rank:
            found.append(cell)
    return found


def test_a_small_cell_alone_in_its_row_takes_a_partner_with_it():
    result = suppress([[3, 20, 15], [12, 30, 9], [30, 22, 40]], 5)
    assert (0, 0) in result.hidden
    assert len([c for c in result.hidden if c[0] == 0]) >= 2
    assert len([c for c in result.hidden if c[1] == 0]) >= 2
    assert determined_cells(extend(result.cells), set(result.hidden)) == []


def test_zero_is_shown_and_big_tables_hide_nothing_when_no_cell_is_small():
    result = suppress([[0, 20], [12, 30]], 5)
    assert result.hidden == frozenset()


def test_a_one_cell_table_hides_its_totals_too():
    result = suppress([[4]], 5)
    assert result.hidden == frozenset({(0, 0), (0, 1), (1, 0), (1, 1)})


def test_a_small_total_is_hidden_even_when_its_cells_are_zero_or_hidden():
    result = suppress([[2, 0], [0, 0]], 5)
    assert (0, 2) in result.hidden and (2, 2) in result.hidden


tables = st.integers(min_value=1, max_value=4).flatmap(
    lambda rows: st.integers(min_value=1, max_value=4).flatmap(
        lambda cols: st.lists(
            st.lists(st.integers(min_value=0, max_value=40), min_size=cols, max_size=cols),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(max_examples=300, deadline=None)
@given(cells=tables, threshold=st.integers(min_value=1, max_value=10))
def test_no_hidden_cell_can_be_recovered_from_the_totals(cells, threshold):
    result = suppress(cells, threshold)
    table = extend(cells)
    for i, row in enumerate(table):
        for j, value in enumerate(row):
            if 1 <= value <= threshold:
                assert (i, j) in result.hidden, "every small count is hidden"
    assert determined_cells(table, set(result.hidden)) == []
    # Every hidden count is at least 1, so moving 1 around its cycle keeps all counts non-negative:
    # not even "counts are never negative" pins a hidden cell down.
    assert all(table[i][j] >= 1 for i, j in result.hidden)
    assert result.extended == table


def test_zero_cells_are_never_used_as_partners():
    # Row 2 is all zeros: hiding its cells would tell nothing, since its total 0 shows they are 0.
    result = suppress([[6, 20], [3, 40], [0, 0]], 5)
    assert all(extend([[6, 20], [3, 40], [0, 0]])[i][j] > 0 for i, j in result.hidden)
    assert (1, 0) in result.hidden
