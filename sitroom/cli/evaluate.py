"""`sitroom eval ...`: score the extractors against the gold data sets in ../shared/data."""

from __future__ import annotations

import click


@click.group("eval")
def eval_group() -> None:
    """Score an extractor against a gold data set.

    Example:

        sitroom eval quotes ../shared/data/quotes/polnear/data/dev
    """


from .corpus import eval_html  # noqa: E402  (defined with the corpus commands)

eval_group.add_command(eval_html)
