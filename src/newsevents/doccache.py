"""Per-Doc derived data (token arrays, sentence bounds, parse walks), built once per article.

Articles are coded one at a time, so each cache keeps only the latest Doc's value: memory
stays flat however many articles a run codes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from spacy.tokens import Doc

T = TypeVar("T")


class LatestDoc(Generic[T]):
    """Call as ``cache(doc)``: ``factory(doc)`` for a new Doc, the stored value for the same Doc.

    Args:
        factory: builds the derived data from a Doc.
    """

    def __init__(self, factory: Callable[[Doc], T]) -> None:
        self.factory = factory
        self._doc: Doc | None = None
        self._value: T | None = None

    def __call__(self, doc: Doc) -> T:
        if self._doc is not doc:
            self._value = self.factory(doc)
            self._doc = doc
        return self._value  # type: ignore[return-value]

    def clear(self) -> None:
        """Forget the stored Doc (benchmarks time cold runs)."""
        self._doc = self._value = None
