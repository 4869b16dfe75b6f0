"""Evaluate & improve's shared helpers: the trained model, its runs and their jobs, the views of
metrics, diagnosis and comparisons, and the playground's settings.

Import from the module that holds a name (``from ui.evaluate.evaluation import current_model``):
this package re-exports nothing, so importing one helper does not load the others.
"""
