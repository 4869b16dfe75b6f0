"""Deliver's shared helpers: the trained model's files and the model used for predictions.

Import from the module that holds a name (``from ui.deliver.delivery import prediction_model``):
this package re-exports nothing, so importing one helper does not load the others.
"""
