"""Planning a run: the parameters checked (unknown language, impossible year, unknown indicator or
scenario: the valid choices listed) and the notebook runs listed, before anything executes.

Which parameters a notebook takes is read from the notebook itself (its cell tagged
``parameters``, through :func:`papermill.inspect_notebook`): papermill injects only those."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from ...core.errors import ShanxiError, unknown_choice
from ...core.paths import PROJECT_DIR
from ...core.stamps import file_stamp
from ..notebook import NOTEBOOKS, check_params

NOTEBOOK_DIR = PROJECT_DIR / "notebooks"
LANG_CHOICES = ("zh", "en", "both")
REVIEW = "1_review_13th_plan"  # the page that reviews the previous plan's printed outcomes
WHAT_IF = "4_what_if_scenarios"
# the notebooks that forecast: they run last, after the runner has fitted their models once
FORECASTING = ("3_forecasts", "5_briefing")


class NotebookFailed(ShanxiError):
    pass


@dataclass
class Job:
    """One notebook in one language.  ``params``: the run's values (papermill injects those the
    notebook declares, :func:`declared_params`)."""

    notebook: str
    lang: str
    params: dict

    @property
    def label(self) -> str:
        return f"{self.notebook} ({self.lang})"


def select_notebooks(only=None) -> list[str]:
    """The suite's notebooks, or those ``only`` names (by number, full name or the name without
    its number), in the suite's order."""
    names = list(NOTEBOOKS)
    if not only:
        return names
    wanted = []
    for item in only:
        match = [n for n in names if item in (n, *n.split("_", 1))]
        if not match:
            raise unknown_choice("notebook", item, names)
        wanted += [m for m in match if m not in wanted]
    return [n for n in names if n in wanted]


def plan_jobs(
    as_of=None, lang="both", only=None, indicators=None, scenario="baseline", indicator=None, plan=None
) -> list[Job]:
    """Validate the parameters and list the notebook runs; nothing is executed.  The review page
    is left out of a full run for a plan without a previous plan judged on its outcomes; the
    what-if page shows ``indicator``, by default the plan's first one a scenario can project."""
    if lang not in LANG_CHOICES:
        raise unknown_choice("language", lang, LANG_CHOICES)
    names = select_notebooks(only)
    checked = check_params(
        as_of_year=as_of, lang="en", indicators=indicators, scenario=scenario, indicator=indicator, plan=plan
    )
    if REVIEW in names:
        try:
            check_params(lang="en", plan=checked["plan"], review=True)
        except ShanxiError:
            if only:  # asked for by name: say why it cannot be
                raise
            names.remove(REVIEW)
    if indicator is None and WHAT_IF in names:
        from ...models.scenario import ScenarioModel, open_as_of

        indicator = ScenarioModel(checked["plan"], open_as_of(checked["as_of"], checked["plan"])).indicators()[0]
    from ...models.forecast import DEFAULT_SEED, HINDSIGHT_YEAR

    # one source for the values the runner injects (warm_forecasts fits exactly these)
    values = {
        "as_of_year": checked["as_of"],
        "indicators": indicators,
        "scenario": scenario,
        "indicator": None if indicator is None else str(indicator),
        "interactive": False,
        "hindsight_year": HINDSIGHT_YEAR,
        "seed": DEFAULT_SEED,
        "plan": checked["plan"],
    }
    langs = ("zh", "en") if lang == "both" else (lang,)
    return [Job(name, code, {**values, "lang": code}) for name in names for code in langs]


def declared_params(notebook: str, notebook_dir: Path | None = None) -> tuple[str, ...]:
    """The parameters ``notebook`` declares, in its order (papermill's reading of its
    ``parameters`` cell); none for a notebook that cannot be read (running it reports why)."""
    path = Path(notebook_dir or NOTEBOOK_DIR) / f"{notebook}.ipynb"
    return _declared(file_stamp(path))


@functools.lru_cache(maxsize=64)
def _declared(stamp) -> tuple[str, ...]:
    import papermill

    try:
        return tuple(papermill.inspect_notebook(stamp[0]))
    except Exception:  # a missing or broken notebook: papermill says what is wrong when it runs it
        return ()


def injected(job: Job, notebook_dir: Path | None = None) -> dict:
    """The values papermill injects into ``job``'s notebook: those it declares."""
    return {k: job.params[k] for k in declared_params(job.notebook, notebook_dir) if k in job.params}
