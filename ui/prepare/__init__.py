"""Prepare's shared helpers: the cleaning and feature controls, and the split data and fitted
preview that the Clean and Features pages (and every page after them) build on.

Import from the module that holds a name (``from ui.prepare.training_data import
require_training_data``): this package re-exports nothing, so importing one helper does not
load the others.
"""
