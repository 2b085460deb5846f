"""Intake: draft rows from a source document, for a person to review and merge.

* :mod:`.source` - reading a plain-text or HTML document as the text a reader sees;
* :mod:`.numbers` - the numbers a text prints, and what they are worth in a series' unit;
* :mod:`.catalogue` - the series of ``series.csv`` and the terms that name them;
* :mod:`.readings` - one printed number read as one series' value, or why not;
* :mod:`.observed` - a communiqué, work report or bulletin to ``observed.csv`` rows;
* :mod:`.merge` - the accepted rows into ``observed.csv`` in one step;
* :mod:`.plan_table`, :mod:`.plan_register`, :mod:`.plan` - an outline's table of main
  indicators and its register of quantified targets;
* :mod:`.steps` - the steps of ``shanxi intake`` (arguments checked, files read and written);
* :mod:`.measure` - how well intake reproduces what people transcribed by hand.

Intake proposes and ``shanxi validate`` checks, with the same reading rules (:mod:`..reading`,
:mod:`..provenance`): a draft the validator would refuse is never written.
"""
