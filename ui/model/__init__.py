"""Model's shared helpers: the folds and background jobs of the Split, Algorithm and Tune pages,
and the views of their results (leaderboard, learner cards, search results).

Import from the module that holds a name (``from ui.model.modeling import job_outcome``): this
package re-exports nothing, so importing one helper does not load the others.
"""
