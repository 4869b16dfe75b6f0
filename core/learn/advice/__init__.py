"""In your data: the advice a mentor would give on each lifecycle page, from the person's own
data and results.

Each piece of :class:`Advice` names its columns and numbers ("‘cabin’ is 77 % empty: dropping
it is usually better than imputing") and, where the app can do it in one click, carries an
:class:`Action` ("drop ‘cabin’"). :func:`advise` reads whatever the page has — the profile, the
recipe, the split data, a trained model, a learning curve, a diagnosis — and skips the advice
whose inputs are missing, so every page can ask early and get more as the person goes on.

Everything here only reads numbers that were already computed or are cheap to count (class
shares, missing cells, quantiles): pages rerun often, and advice must never slow them down or
fail them.

The rules live in one module per lifecycle step (``problem``, ``data``, ``explore``, ``clean``,
``features``, ``split``, ``algorithm``, ``evaluate`` for tune, evaluate and improve, and
``deliver``); ``steps`` says which rules speak on which step; ``_common`` holds what they share.
"""

from core.learn.advice._common import ACTION_KINDS, SEVERITIES, Action, Advice
from core.learn.advice.steps import advise

__all__ = ["ACTION_KINDS", "SEVERITIES", "Action", "Advice", "advise"]
