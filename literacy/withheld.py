"""Study examples withheld from study use by a rule from above.

An app above literacy can put a study example to graded use: investigations
asks, on the pre-test and post-test, about posts whose pictures are study
examples of the pack. Shown in the library, a practice quiz or a lesson with
its label, such a picture would give a graded answer away. The app registers
a source of example keys here when Django starts (its AppConfig.ready);
`ExampleQuerySet.study()` and the library leave those examples out. A source
takes nothing and returns a set of example keys."""

from __future__ import annotations

from collections.abc import Callable

Source = Callable[[], set[str]]

_sources: list[Source] = []


def register(source: Source) -> Source:
    if source not in _sources:
        _sources.append(source)
    return source


def keys() -> set[str]:
    """Every key a registered source withholds now."""
    withheld: set[str] = set()
    for source in _sources:
        withheld |= source()
    return withheld
