"""Pipeline stages. Each is `def name(doc: Doc, ctx: Context) -> Doc`, declared with `@stage`
saying which findings it needs and which it sets; `pipeline.STAGES` lists them in order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc

StageFunc = Callable[[Doc, "Context"], Doc]  # noqa: F821


@dataclass(frozen=True)
class Stage:
    name: str
    func: StageFunc
    needs: tuple[str, ...]
    sets: tuple[str, ...]

    def __call__(self, doc: Doc, ctx) -> Doc:
        return self.func(doc, ctx)


def stage(name: str, *, needs: tuple[str, ...] = (), sets: tuple[str, ...] = ()):
    """Declare a function as a pipeline stage."""

    def wrap(func: StageFunc) -> Stage:
        return Stage(name=name, func=func, needs=needs, sets=sets)

    return wrap
