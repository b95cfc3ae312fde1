"""A text column left in its Parquet file and read only for the rows a page actually shows."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
from pandas.api.extensions import ExtensionArray, ExtensionDtype, take

# A row's position in the file, or -1 - k for the k-th text held in memory (a user's row).
MISSING = np.iinfo(np.int64).min


class Column:
    """Where the texts live: one column of one Parquet file, opened when the data loaded."""

    def __init__(self, path: Path, name: str):
        from civdash.data.store import RowReader

        self.path, self.name = Path(path), name
        self._reader = RowReader(self.path, name)

    def read(self, rows: np.ndarray) -> np.ndarray:
        if rows.size == 0:
            return np.empty(0, dtype=object)
        return self._reader.read(rows).to_numpy(dtype=object)


class LazyTextDtype(ExtensionDtype):
    name = "lazy_text"
    type = str
    na_value = pd.NA

    @classmethod
    def construct_array_type(cls) -> type[LazyTextArray]:
        return LazyTextArray

    def _get_common_dtype(self, dtypes):
        # Concatenating with plain text (a user's rows) keeps the column lazy: the new texts
        # are held in memory, the stored ones stay in the file.
        if all(
            isinstance(dtype, LazyTextDtype) or pd.api.types.is_string_dtype(dtype)
            for dtype in dtypes
        ):
            return self
        return None


class LazyTextArray(ExtensionArray):
    """Texts addressed by row; slicing, filtering and sorting move row numbers, not text.

    Reading the values (astype, to_numpy, iteration, Arrow conversion) fetches only the
    row groups that hold the selected rows.
    """

    def __init__(self, column: Column | None, rows: np.ndarray, held: np.ndarray | None = None):
        self._column = column
        self._rows = np.asarray(rows, dtype=np.int64)
        self._held = held if held is not None else np.empty(0, dtype=object)

    # --- construction --------------------------------------------------------------------

    @classmethod
    def stored(cls, path: Path, name: str, count: int) -> LazyTextArray:
        """Every row of column `name` in the Parquet file at `path`."""
        return cls(Column(Path(path), name), np.arange(count, dtype=np.int64))

    @classmethod
    def _from_sequence(cls, scalars, *, dtype=None, copy=False) -> LazyTextArray:
        if isinstance(scalars, LazyTextArray):
            return scalars.copy() if copy else scalars
        values = np.asarray(pd.array(scalars, dtype=object).to_numpy(), dtype=object)
        missing = pd.isna(values)
        rows = np.where(missing, MISSING, -1 - np.arange(len(values), dtype=np.int64))
        return cls(None, rows, values)

    @classmethod
    def _from_factorized(cls, values, original) -> LazyTextArray:
        return cls._from_sequence(values)

    @classmethod
    def _concat_same_type(cls, to_concat) -> LazyTextArray:
        columns = {array._column for array in to_concat if array._column is not None}
        if len(columns) > 1:
            return cls._from_sequence(np.concatenate([array.texts() for array in to_concat]))
        rows, held, offset = [], [], 0
        for array in to_concat:
            shifted = array._rows.copy()
            in_memory = (shifted < 0) & (shifted != MISSING)
            shifted[in_memory] -= offset
            rows.append(shifted)
            held.append(array._held)
            offset += len(array._held)
        return cls(
            next(iter(columns), None),
            np.concatenate(rows) if rows else np.empty(0, dtype=np.int64),
            np.concatenate(held) if held else None,
        )

    def __reduce__(self):
        # A copy sent to another process (a worker) carries its texts, not an open file.
        return (type(self)._from_sequence, (self.texts(),))

    # --- the values ----------------------------------------------------------------------

    def texts(self) -> np.ndarray:
        """The texts of every row as an object array (missing as None)."""
        result = np.full(len(self._rows), None, dtype=object)
        stored = self._rows >= 0
        if stored.any():
            wanted = self._rows[stored]
            distinct, inverse = np.unique(wanted, return_inverse=True)
            result[stored] = self._column.read(distinct)[inverse]
        in_memory = (self._rows < 0) & (self._rows != MISSING)
        if in_memory.any():
            result[in_memory] = self._held[-1 - self._rows[in_memory]]
        return result

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        return self.texts() if dtype is None else self.texts().astype(dtype)

    def __arrow_array__(self, type=None):
        return pa.array(self.texts(), type=type or pa.string(), from_pandas=True)

    def astype(self, dtype, copy: bool = True):
        dtype = pd.api.types.pandas_dtype(dtype)
        if isinstance(dtype, LazyTextDtype):
            return self.copy() if copy else self
        values = self.texts()
        if dtype == np.dtype(object):
            return values
        return pd.array(values, dtype=object).astype(dtype)

    def __iter__(self):
        return iter(self.texts())

    def _values_for_factorize(self):
        return self.texts(), None

    def _values_for_argsort(self) -> np.ndarray:
        return self.texts().astype(str)

    def __eq__(self, other):
        other = other.texts() if isinstance(other, LazyTextArray) else other
        return np.asarray(self.texts() == other, dtype=bool)

    # --- the ExtensionArray interface ----------------------------------------------------

    @property
    def dtype(self) -> LazyTextDtype:
        return LazyTextDtype()

    @property
    def nbytes(self) -> int:
        return int(self._rows.nbytes) + sum(len(str(text)) for text in self._held)

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, item):
        if isinstance(item, (int, np.integer)):
            return self._scalar(self._rows[item])
        item = pd.api.indexers.check_array_indexer(self, item)
        return type(self)(self._column, self._rows[item], self._held)

    def _scalar(self, row: int):
        if row == MISSING:
            return pd.NA
        if row < 0:
            return self._held[-1 - row]
        return self._column.read(np.array([row]))[0]

    def isna(self) -> np.ndarray:
        return self._rows == MISSING

    def take(self, indices, allow_fill: bool = False, fill_value=None) -> LazyTextArray:
        if allow_fill and fill_value is not None and not pd.isna(fill_value):
            return self._from_sequence(self.texts()).take(indices, allow_fill, fill_value)
        rows = take(self._rows, indices, allow_fill=allow_fill, fill_value=MISSING)
        return type(self)(self._column, rows, self._held)

    def copy(self) -> LazyTextArray:
        return type(self)(self._column, self._rows.copy(), self._held)

    def fillna(self, value=None, limit=None, copy: bool = True):
        missing = self.isna()
        if not missing.any():
            return self.copy() if copy else self
        rows = self._rows.copy()
        rows[missing] = -1 - len(self._held)
        return type(self)(self._column, rows, np.append(self._held, np.array([value], object)))
