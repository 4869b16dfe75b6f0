"""The module name the custom steps present to the outside: ``core.prepare.transformers``.

skops writes each object's type into a model file as ``type(obj).__module__`` plus its name,
and builds only the names on the allow-list when reading the file back. If those names
followed the file a class sits in, moving a class between modules of this package would
break every model file written before. So each public class and function says it lives in
the package (as NumPy's ``set_module`` does for ``numpy``), and the internal layout stays
free to change.
"""

from __future__ import annotations

from typing import TypeVar

_T = TypeVar("_T")


def set_module(obj: _T, module: str) -> _T:
    """Give ``obj`` the public ``module`` as its ``__module__``, remembering the real one.

    Parameters
    ----------
    obj : class or function
        A public name of the package.
    module : str
        The module path model files and pickles record, e.g. ``"core.prepare.transformers"``.

    Returns
    -------
    class or function
        ``obj`` itself, changed in place.
    """
    # The defining module stays reachable as _module_source (NumPy's attribute name), for the
    # script exporter, which copies an object's source from the file that defines it.
    obj._module_source = obj.__module__  # type: ignore[attr-defined]
    obj.__module__ = module
    return obj
