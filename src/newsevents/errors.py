"""Named exceptions a caller can handle."""


class NewsEventsError(Exception):
    """Base class of every error newsevents raises on purpose."""


class IngestError(NewsEventsError):
    """An input item could not be read (the run goes on; the item is reported)."""


class StoreError(NewsEventsError):
    """The event store could not be opened or written."""


class StoreLocked(StoreError):
    """Another process holds the database's write lock."""


class LexiconError(NewsEventsError):
    """A lexicon or dictionary file is malformed (message names file and line)."""


class CodingError(NewsEventsError):
    """Coding one article failed (a bug or an input the stages cannot handle)."""
