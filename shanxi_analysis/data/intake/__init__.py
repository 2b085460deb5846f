"""Intake: draft rows from a source document, for a person to review and merge.

* :mod:`.observed` - a statistical communiqué, work report or bulletin to ``observed.csv`` rows;
* :mod:`.source` - reading a plain-text or HTML document as the text a reader sees;
* :mod:`.numbers` - the numbers a text prints, and what they are worth in a series' unit;
* :mod:`.measure` - how well intake reproduces what people transcribed by hand.

Intake proposes and ``shanxi validate`` checks, with the same reading rules (:mod:`..reading`,
:mod:`..provenance`): a draft the validator would refuse is never written.
"""
