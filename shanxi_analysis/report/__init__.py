"""The presentation layer: the words (``messages``, the interface to the message catalogue;
``words``; ``colours``), charts, narrative, terminal tables, the notebook helpers, the what-if
widgets, the notebook runner and the dashboard.  Translates the models' codes into words and
pictures; imports every layer below."""
