"""newsevents: international-affairs news in, coded political events out.

The one public API object is :class:`Coder`::

    from newsevents import Coder
    for event in Coder().code("Japan's foreign minister met her Indonesian counterpart on Tuesday."):
        print(event.cameo, event.source and event.source.code, event.target and event.target.code)
"""

from newsevents.models import Actor, Article, Event, Location

__all__ = ["Actor", "Article", "Coder", "Event", "Location"]
__version__ = "0.1.0"


def __getattr__(name: str):
    # Import the coder lazily: `newsevents --help` must not pay for loading spaCy.
    if name == "Coder":
        from newsevents.coder import Coder

        return Coder
    raise AttributeError(name)
