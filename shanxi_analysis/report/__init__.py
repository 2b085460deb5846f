"""The presentation layer: the message catalogue (``messages``), charts, narrative, the notebook
helpers, the what-if widgets, the notebook runner and the dashboard.  Translates the models'
codes into words; imports every layer below."""
