"""The constraint rows of a sparse integer program, added block by block (the solver's)."""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.optimize import LinearConstraint
from scipy.sparse import coo_array


class Rows:
    """The constraint rows of a sparse program, added block by block."""

    def __init__(self) -> None:
        self.rows: list[np.ndarray] = []
        self.cols: list[np.ndarray] = []
        self.vals: list[np.ndarray] = []
        self.lo: list[float] = []
        self.hi: list[float] = []
        self.count = 0

    def add(self, r: np.ndarray, c: np.ndarray, v: np.ndarray, lb: Any, ub: Any) -> None:
        self.rows.append(r + self.count)
        self.cols.append(c)
        self.vals.append(v)
        self.lo.extend(lb)
        self.hi.extend(ub)
        self.count += len(lb)

    def constraint(self, total: int) -> LinearConstraint:
        matrix = coo_array(
            (np.concatenate(self.vals), (np.concatenate(self.rows), np.concatenate(self.cols))),
            shape=(self.count, total),
        ).tocsr()
        return LinearConstraint(matrix, np.array(self.lo, float), np.array(self.hi, float))
