"""The ``shanxi`` command line.  Every subcommand prints to stdout; errors caused by input go to
stderr as one clear message (no traceback) with a non-zero exit."""

from __future__ import annotations

import argparse
import contextlib
import contextvars
import errno
import sys

from .core.csvsafe import neutralise_formulas
from .core.errors import LISTED_CHOICES, DataError, ShanxiError

FORMATS = ("table", "csv", "json")
LANGS = ("en", "zh")

EXIT_CODES = """exit codes:
  0    done
  1    a data file failed its checks, or a file could not be read or written (the message names it)
  2    nothing computed: a wrong option or value, or a request the data cannot answer
       (no observation, no trend for a preset); one line on stderr says why
  130  interrupted (Ctrl-C)"""

PLAN_HELP = (
    "a plan id such as shanxi-14 or china-14, or a shorthand (14); `shanxi plans` lists them (default: the current "
    "plan)"
)
REGION_HELP = "with a plan number: the plan's region (regions.csv); default: the default region"

EXIT_SHORT = "exit codes: 0 done, 1 a data file problem, 2 nothing computed (one line says why), 130 interrupted"


class _Help(argparse.RawDescriptionHelpFormatter):
    """Help with the epilog's examples kept as written."""


# argparse's own messages (its gettext ids) and their keys in the catalogue (cli.argparse.*): under
# ``--lang zh`` "usage:", "error: argument ...", "the following arguments are required" ... are
# worded from the catalogue like every other message
_ARGPARSE_KEYS = {
    "usage: ": "usage",
    "positional arguments": "positional",
    "options": "options",
    "show this help message and exit": "help",
    "argument %(argument_name)s: %(message)s": "argument",
    "%(prog)s: error: %(message)s\n": "error",
    "the following arguments are required: %s": "required",
    "unrecognized arguments: %s": "unrecognized",
    "not allowed with argument %s": "not_allowed_with",
    "ignored explicit argument %r": "ignored_explicit",
    "one of the arguments %s is required": "one_required",
    "expected one argument": "expected_one",
    "expected at most one argument": "expected_at_most_one",
    "expected at least one argument": "expected_at_least_one",
    "expected %s argument": "expected_n",
    "expected %s arguments": "expected_n",
    "ambiguous option: %(option)s could match %(matches)s": "ambiguous",
    "invalid %(type)s value: %(value)r": "invalid_value",
    "unexpected option string: %s": "unexpected_option",
}
_LANG = contextvars.ContextVar("cli_lang", default="en")  # the --lang of the command being parsed


def _argv_lang(argv: list[str]) -> str:
    """The ``--lang`` the command line asks for (before argparse has read it: its own messages
    are then in that language too); ``en`` when none or an unknown one."""
    for i, arg in enumerate(argv):
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        elif arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        else:
            continue
        return value if value in LANGS else "en"
    return "en"


@contextlib.contextmanager
def _argparse_words(lang: str):
    """argparse's messages from the catalogue while a parser is built and used in ``lang``."""
    from .data.catalogue import say

    def gettext(message: str) -> str:
        key = _ARGPARSE_KEYS.get(message)
        return say(f"cli.argparse.{key}", lang) if key else message

    saved = argparse._, argparse.ngettext
    argparse._ = gettext
    argparse.ngettext = lambda one, many, n: gettext(one if n == 1 else many)
    token = _LANG.set(lang)
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved
        _LANG.reset(token)


class _Parser(argparse.ArgumentParser):
    """argparse, with the closest valid choice suggested for a mistyped command or option value
    ("invalid choice: 'asess' ... did you mean 'assess'?"), in the command's language."""

    def _check_value(self, action, value):
        if action.choices is None or value in action.choices:
            return
        from .core.errors import closest
        from .data.catalogue import say

        lang, choices = _LANG.get(), [str(c) for c in action.choices]
        near = closest(value, choices, n=2)
        names = say("cli.error.or", lang).join(say("cli.error.quoted", lang, name=c) for c in near)
        message = say(
            "cli.argparse.invalid_choice",
            lang,
            value=say("cli.error.quoted", lang, name=value),
            choices=", ".join(say("cli.error.quoted", lang, name=c) for c in choices),
            hint=say("cli.error.did_you_mean", lang, names=names) if near else "",
        )
        raise argparse.ArgumentError(action, message)


def _version() -> str:
    """The installed package's version, else the source tree's."""
    try:
        from importlib.metadata import PackageNotFoundError, version

        return version("shanxi_analysis")
    except PackageNotFoundError:  # a source tree on PYTHONPATH: the package's own (already imported) __version__
        return getattr(sys.modules.get(__package__ or ""), "__version__", "unknown")


def emit(df, fmt: str, out=None) -> None:
    """Write a frame as CSV or JSON records (every column, for scripts)."""
    out = out or sys.stdout
    if fmt == "csv":
        # text cells starting with = + - @ get a leading ' (formula injection; core.csvsafe)
        neutralise_formulas(df).to_csv(out, index=False, lineterminator="\n")
    else:
        out.write(df.to_json(orient="records", force_ascii=False, indent=1, double_precision=10))
        out.write("\n")


def _lines(lines) -> None:
    sys.stdout.write("\n".join(lines) + "\n")


def _show(df, args, compact) -> None:
    """``--format csv|json`` as before; the table format compact (``compact(df)`` gives its
    lines) or, with ``--wide``, every column."""
    if args.format != "table":
        emit(df, args.format)
        return
    from .report.terminal import wide

    _lines(wide(df, args.lang) if args.wide else compact(df))


def _add_output(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table (default: compact, fits 100 columns), or csv / json with every column, for scripts",
    )
    p.add_argument(
        "--lang",
        choices=LANGS,
        default="en",
        help="language of the words: en (default) or zh (the table; in csv and json, the explanation column)",
    )
    p.add_argument(
        "--wide", action="store_true", help="table with every column (named as in --format csv), not cut to 100 columns"
    )


def _int(what: str):
    """A strict integer argument (``5_0`` is not 50, :func:`.models.params.parse_int`); argparse
    reports a refused one, in the command's language."""

    def convert(text: str) -> int:
        from .models.params import parse_int

        try:
            return parse_int(text, what)
        except ShanxiError as exc:
            raise argparse.ArgumentTypeError(_error_body(exc, _LANG.get())) from None

    convert.__name__ = what  # argparse names the type in some messages
    return convert


def _sub(sub, name: str, help: str, examples: str) -> argparse.ArgumentParser:
    return sub.add_parser(
        name,
        help=help,
        description=help[0].upper() + help[1:] + ".",
        formatter_class=_Help,
        epilog="examples:\n" + examples + "\n\n" + EXIT_SHORT,
    )


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="shanxi",
        formatter_class=_Help,
        description="Shanxi five-year-plan tracker: data, assessment, forecasts, briefings.",
        epilog="examples:\n  shanxi plans\n  shanxi assess --as-of 2023\n  shanxi assess --plan 13 --lang zh\n"
        "  shanxi assess --plan china-14 --as-of 2022 --format csv\n"
        "  shanxi targets --format csv > targets.csv\n"
        "  shanxi <command> --help       options and examples of one command\n"
        "  shanxi glossary               what the statuses, methods and forecast terms mean (also the reports'\n"
        "                                html/glossary.en.html, html/glossary.zh.html)\n\n" + EXIT_CODES,
    )
    parser.add_argument(
        "--version", action="version", version=f"shanxi {_version()}", help="print the version and exit"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", help="one of:")

    _sub(sub, "build", "rebuild data/processed/ from data/raw/ and report counts", "  shanxi build")
    p = _sub(
        sub,
        "validate",
        "check every raw file (schema, codes, duplicates, provenance, plausibility, fingerprints)",
        "  shanxi validate\n"
        '  shanxi validate --update-manifest --reason "2025 GDP growth added from the 2026 communique"',
    )
    p.add_argument(
        "--update-manifest",
        action="store_true",
        help="after every other check passes, record the raw files' new row counts and checksums in "
        "data/raw/manifest.csv and log each change in data/raw/changelog.csv (needs --reason)",
    )
    p.add_argument("--reason", default="", help="what changed and why, for the data set's change log")

    p = _sub(
        sub,
        "plans",
        "every plan of the registry: id, region, period, source and its grade, and counts of targets, linked "
        "series and observations",
        "  shanxi plans\n  shanxi plans --lang zh\n  shanxi plans --format csv",
    )
    _add_output(p)

    p = _sub(
        sub,
        "targets",
        "a plan's indicator table (the outline's table of main indicators)",
        "  shanxi targets                    the current plan, compact\n"
        "  shanxi targets --plan 13 --lang zh\n"
        "  shanxi targets --plan china-15\n"
        "  shanxi targets --format csv > targets.csv",
    )
    p.add_argument(
        "--plan",
        help=PLAN_HELP,
    )
    p.add_argument("--region", help=REGION_HELP)
    _add_output(p)

    p = _sub(
        sub,
        "text-targets",
        "the register of quantified targets in the body text",
        "  shanxi text-targets\n  shanxi text-targets --lang zh --wide",
    )
    p.add_argument(
        "--plan",
        help=PLAN_HELP,
    )
    p.add_argument("--region", help=REGION_HELP)
    _add_output(p)

    p = _sub(
        sub,
        "observed",
        "observed statistics, each with its source",
        "  shanxi observed --series gdp_real_growth\n  shanxi observed --region china --format csv",
    )
    p.add_argument("--series", help="a series id, e.g. gdp_real_growth (default: all)")
    p.add_argument("--region", help="a region of regions.csv, or all (default: the default region)")
    p.add_argument(
        "--vintage",
        default="latest",
        help="latest (default: the latest value of each year), all, preliminary, revised or unknown",
    )
    _add_output(p)

    p = _sub(
        sub,
        "assess",
        "verdict per indicator: a finished plan's outcomes, or the current plan as of a year",
        "  shanxi assess --as-of 2023\n  shanxi assess --plan 13 --lang zh\n"
        "  shanxi assess --plan china-14 --as-of 2022 --format csv\n"
        "  shanxi assess --as-of 2024 --indicator 1 --indicator 2 --wide\n  shanxi assess --text-targets --as-of 2024\n"
        "  shanxi glossary                   what each status and method means",
    )
    p.add_argument(
        "--plan",
        help=PLAN_HELP + "; a finished plan (13) is judged on its printed outcomes",
    )
    p.add_argument(
        "--as-of",
        type=_int("--as-of"),
        dest="as_of",
        help="use only what was known up to this year (plans judged from observed data)",
    )
    p.add_argument("--region", help=REGION_HELP)
    p.add_argument("--method", default="eurostat", help="eurostat (default) or escap (plans judged from observed data)")
    p.add_argument("--indicator", action="append", help="restrict to an indicator, e.g. 1 or 8b (repeatable)")
    p.add_argument(
        "--text-targets",
        action="store_true",
        dest="text_targets",
        help="assess the body-text targets linked to a series (data/raw/text_target_series.csv) instead of the table",
    )
    _add_output(p)

    p = _sub(
        sub,
        "close",
        "a finished plan's final evaluation, and what would close it: per open row the value still needed and "
        "where it is normally published",
        "  shanxi close                           the current plan, as of its target year or later\n"
        "  shanxi close --plan 14 --lang zh --format csv\n"
        "  shanxi close --template > missing.csv  rows in observed.csv's columns, to fill and add",
    )
    p.add_argument(
        "--plan", help="plan number (default: the current plan); a finished plan (13) is judged on its outcomes"
    )
    p.add_argument(
        "--as-of",
        type=_int("--as-of"),
        dest="as_of",
        help="use only what was known up to this year (the plan's target year or later; default: the latest)",
    )
    p.add_argument("--region", help=REGION_HELP)
    p.add_argument(
        "--template",
        action="store_true",
        help="print the values still needed as CSV rows in observed.csv's columns (value and evidence to fill)",
    )
    _add_output(p)

    p = _sub(
        sub,
        "forecast",
        "forecast a series to a year, model chosen by backtest",
        "  shanxi forecast --series gdp_real_growth\n"
        "  shanxi forecast --series urbanization_rate --to 2025 --as-of 2023 --lang zh",
    )
    p.add_argument("--series", required=True, help="the series id (shanxi observed lists them), e.g. gdp_real_growth")
    p.add_argument(
        "--to",
        type=_int("--to"),
        help="last year to forecast (default: the linked target year; at most 15 years ahead)",
    )
    p.add_argument(
        "--as-of", type=_int("--as-of"), dest="as_of", help="use only data up to this year (a year assess accepts)"
    )
    p.add_argument("--seed", type=_int("--seed"), default=None, help="simulation seed (0 .. 2**32-1)")
    p.add_argument(
        "--plan",
        help=PLAN_HELP + "; its region's values are forecast, to its linked target",
    )
    _add_output(p)

    p = _sub(
        sub,
        "scenario",
        "what-if path for one indicator, or a preset for all",
        "  shanxi scenario --as-of 2023                       the baseline preset for every indicator\n"
        "  shanxi scenario --indicator 1 --preset optimistic --as-of 2023\n"
        "  shanxi scenario --indicator 1 --growth 6,7 --as-of 2023   your own path for 2024 and 2025",
    )
    p.add_argument("--indicator", help="a row of the plan, e.g. 1 or 8b (with it, the path year by year is shown too)")
    p.add_argument("--growth", help="comma-separated steps for the remaining years (growth %%, pp, or the year's rate)")
    p.add_argument("--preset", help="baseline (default), optimistic, pessimistic or required")
    p.add_argument(
        "--as-of",
        type=_int("--as-of"),
        dest="as_of",
        help="start from what was known in this year (default: the latest year with data that leaves a year of the "
        "plan to decide, as on the what-if page)",
    )
    p.add_argument(
        "--plan",
        help=PLAN_HELP,
    )
    p.add_argument("--region", help=REGION_HELP)
    _add_output(p)

    p = _sub(
        sub,
        "run",
        "execute every notebook with papermill and write the HTML briefings",
        "  shanxi run\n  shanxi run --as-of 2023 --lang en --only 2 5_briefing --out /tmp/reports\n"
        "  shanxi run --plan china-14 --as-of 2022 --only 2",
    )
    p.add_argument(
        "--plan",
        help=PLAN_HELP + "; the review page is its previous plan's",
    )
    p.add_argument("--as-of", type=_int("--as-of"), dest="as_of", help="as-of year (default: the latest with data)")
    p.add_argument("--lang", default="both", help="zh, en or both (default)")
    p.add_argument("--only", nargs="+", help="notebook names or numbers, e.g. --only 2 5_briefing")
    p.add_argument("--out", default="reports", help="output folder (default: reports/)")
    p.add_argument(
        "--indicator",
        help="indicator shown in the scenario notebook (default: the plan's first one a scenario projects)",
    )
    p.add_argument("--scenario", default="baseline", help="baseline (default), optimistic, pessimistic or required")
    p.add_argument("--workers", type=_int("--workers"), default=2, help="notebooks run at once (default 2)")
    p.add_argument(
        "--kernels",
        choices=("warm", "fresh"),
        default="warm",
        help="warm: a few pre-warmed kernels reset between notebooks (default, same pages); fresh: one new kernel "
        "per notebook",
    )

    _add_intake(sub)

    p = _sub(
        sub,
        "glossary",
        "what every status, mid-term word, final class, method and forecast term means (the pages' glossary)",
        "  shanxi glossary\n  shanxi glossary --lang zh",
    )
    p.add_argument("--lang", choices=LANGS, default="en", help="en (default) or zh")

    p = _sub(
        sub,
        "dashboard",
        "serve the what-if notebook as a code-free web app (Voila) on localhost",
        "  shanxi dashboard                 http://127.0.0.1:8866/\n"
        "  shanxi dashboard --port 9000 --max-kernels 4 --preheat 1",
    )
    p.add_argument("--port", type=_int("--port"), default=8866, help="port to listen on (default 8866)")
    p.add_argument(
        "--ip",
        default="127.0.0.1",
        help="address to listen on (default: localhost only; any other address needs a token)",
    )
    p.add_argument("--token", help="token readers must give (?token=...); generated when --ip is beyond localhost")
    p.add_argument(
        "--max-kernels",
        type=_int("--max-kernels"),
        default=12,
        dest="max_kernels",
        help="readers served at once, one ~120 MB kernel each; one more gets a busy page, HTTP 503 (default 12)",
    )
    p.add_argument(
        "--preheat",
        type=_int("--preheat"),
        default=2,
        help="kernels started ahead of readers, so a page opens in about a second (default 2; 0: none)",
    )
    p.add_argument(
        "--idle-timeout",
        type=_int("--idle-timeout"),
        default=600,
        dest="idle_timeout",
        help="seconds without activity before an open page's kernel is shut down (default 600); "
        "a closed page's kernel ends at once",
    )
    return parser


def _add_intake(sub) -> None:
    """``shanxi intake observed|plan|merge``: draft rows from a document, review, merge."""
    p = _sub(
        sub,
        "intake",
        "draft rows from a communiqué (observed statistics) or an outline (plan targets), then merge them",
        "  shanxi intake observed communique.html --region jinzhong --year 2024 --format csv > drafts.csv\n"
        "  shanxi intake plan outline.txt --what register --format csv > register.csv\n"
        "  shanxi intake merge drafts.csv\n"
        "  shanxi intake observed --help     options of one step",
    )
    steps = p.add_subparsers(dest="intake_command", required=True, metavar="STEP", help="one of:")
    o = _sub(
        steps,
        "observed",
        "draft observed.csv rows for every catalogue series a communiqué, work report or bulletin prints",
        "  shanxi intake observed communique-2024.txt --region jinzhong --year 2024\n"
        "  shanxi intake observed report.html --region china --year 2024 --format csv > drafts.csv\n"
        "  shanxi intake observed communique-2024.txt --region shanxi --year 2024 --title 'Shanxi 2024 statistical "
        "communique (name it as printed)' --url https://tjj.shanxi.gov.cn/... --review review.html\n\n"
        "Then open drafts.csv: check each row against its snippet (review.html shows them beside the text),\n"
        "fill in source_title and source_url, clear the review cell of each row you accept, delete the rest,\n"
        "and run: shanxi intake merge drafts.csv",
    )
    o.add_argument("file", help="the document: plain text (UTF-8 or GB18030) or an HTML page")
    o.add_argument(
        "--region", required=True, help="the region it reports on, a lower-case pinyin code: shanxi, china, hubei ..."
    )
    o.add_argument(
        "--year", required=True, type=_int("--year"), help="the year it reports on (a 2024 communiqué: 2024)"
    )
    o.add_argument(
        "--vintage",
        default="preliminary",
        choices=("preliminary", "revised", "estimate", "unknown"),
        help="what its figures are: preliminary (default: a communiqué or a work report's first release), revised, ...",
    )
    o.add_argument(
        "--grade",
        default="official",
        choices=("official", "official_reprint", "press", "secondary"),
        help="who published the copy you read (default official)",
    )
    o.add_argument("--title", default="", help="source_title for every row (else fill it in; name the year in it)")
    o.add_argument("--url", default="", help="source_url for every row (else fill it in)")
    o.add_argument("--series", help="read the document as this one series only (its name need not be printed)")
    o.add_argument("--review", metavar="PAGE.html", help="also write the review page: the drafts beside the text")
    _add_output(o)
    m = _sub(
        steps,
        "merge",
        "merge the accepted rows of a draft file into data/raw/observed.csv (sorted, duplicates and conflicts "
        "handled as docs/observed.md says), after validating the result",
        "  shanxi intake merge drafts.csv\n  shanxi intake merge drafts.csv --dry-run     say what would change",
    )
    m.add_argument("file", help="a draft file (shanxi intake observed --format csv), reviewed")
    m.add_argument("--dry-run", action="store_true", dest="dry_run", help="check and report, write nothing")
    m.add_argument(
        "--reason",
        default="",
        help="where the raw files are fingerprinted (data/raw/manifest.csv): record the merge with this reason",
    )
    pl = _sub(
        steps,
        "plan",
        "draft a plan's indicator table rows and its register of quantified targets from the outline's text",
        "  shanxi intake plan data/raw/shanxi_14th_fyp_outline.txt\n"
        "  shanxi intake plan outline.txt --table-out indicators.csv --register-out register.csv\n"
        "  shanxi intake plan outline.txt --what register --format csv > register.csv",
    )
    pl.add_argument("file", help="the outline as plain text (UTF-8), one line per printed line")
    pl.add_argument(
        "--what", choices=("tables", "register", "both"), default="both", help="what to draft (default both)"
    )
    pl.add_argument(
        "--base-year",
        type=_int("--base-year"),
        dest="base_year",
        help="the plan's base year (default: read from the text)",
    )
    pl.add_argument(
        "--target-year",
        type=_int("--target-year"),
        dest="target_year",
        help="the plan's target year (default: read from the text)",
    )
    pl.add_argument("--table-out", dest="table_out", help="write the table rows to this CSV file")
    pl.add_argument("--register-out", dest="register_out", help="write the register rows to this CSV file")
    _add_output(pl)


def _intake(args) -> int:
    steps = {"observed": _intake_observed, "merge": _intake_merge, "plan": _intake_plan}
    return steps[args.intake_command](args)


def _intake_observed(args) -> int:
    from .data.intake import steps

    result = steps.draft_file(
        args.file,
        args.region,
        args.year,
        vintage=args.vintage,
        grade=args.grade,
        title=args.title,
        url=args.url,
        series=args.series,
    )
    if args.review:
        from .report.intake_review import review_page

        steps.write_page(args.review, review_page(result.text, result.drafts, args.file))
    if args.format == "table":
        from .report.intake_review import draft_lines

        _lines(draft_lines(result.drafts))
    else:
        emit(steps.drafts_frame(result.drafts), args.format)
    print(result.summary(), file=sys.stderr)
    return 0


def _intake_merge(args) -> int:
    from .data.intake import steps

    report = steps.merge(args.file, dry_run=args.dry_run, reason=args.reason)
    for line in report.lines(args.file):
        print(line, file=sys.stderr)
    return 0


def _intake_plan(args) -> int:
    from .data.intake import steps

    result = steps.draft_plan_file(args.file, args.what, base_year=args.base_year, target_year=args.target_year)
    for path, frame in ((args.table_out, result.tables), (args.register_out, result.register)):
        if path and frame is not None:
            steps.write_csv(path, frame)
    if args.format == "table":
        from .report.intake_review import plan_lines

        _lines(plan_lines(result.tables, result.register))
    else:
        for i, frame in enumerate(f for f in (result.tables, result.register) if f is not None):
            if i:
                sys.stdout.write("\n")
            emit(frame, args.format)
    print(result.summary(), file=sys.stderr)
    return 0


def _run(args: argparse.Namespace) -> int:
    command = _COMMANDS.get(args.command)
    if command is None:
        raise AssertionError(args.command)
    return command(args)


def _validate(args) -> int:
    from .data.validate import collect_problems

    if args.update_manifest:
        return _update_manifest(args.reason)
    if args.reason:
        raise ShanxiError("--reason goes with --update-manifest", code="reason_alone")
    problems, counts = collect_problems()
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"validate: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    for name, n in counts.items():
        print(f"{name}: {n} rows ok")
    from .data.citations import observed_date_coverage

    in_title, in_address, none = observed_date_coverage()
    print(
        f"observed.csv: {in_title + in_address} of {in_title + in_address + none} citations state a date "
        f"({in_title} in the title, {in_address} in the address only); {none}: date not stated"
    )
    print("validate: all checks passed")
    return 0


def _build(args) -> int:
    from .data.build import build

    for row in build():
        note = f"  ({row['note']})" if row.get("note") else ""
        print(f"{row['table']:<22} in {row['rows_in']:>4}  out {row['rows_out']:>4}{note}")
    return 0


def _plans(args) -> int:
    from .data.registry import plans_table
    from .report.terminal import plans_table as plans_lines

    _show(plans_table(), args, lambda df: plans_lines(df, args.lang))
    return 0


def _targets(args) -> int:
    from .data.plans import get_plan, load_targets
    from .report.messages import pick
    from .report.terminal import targets_table

    plan = get_plan(args.plan, args.region)
    title = pick((plan.title_zh, plan.title_en), args.lang)
    _show(load_targets(args.plan, args.region), args, lambda df: targets_table(df, args.lang, title))
    return 0


def _text_targets(args) -> int:
    from .data.plans import load_text_targets
    from .report.terminal import text_targets_table

    _show(load_text_targets(args.plan, args.region), args, lambda df: text_targets_table(df, args.lang))
    return 0


def _run_notebooks(args) -> int:
    from .report.runner import run

    run(
        args.as_of,
        args.lang,
        args.only,
        args.out,
        plan=args.plan,
        scenario=args.scenario,
        indicator=args.indicator,
        workers=args.workers,
        kernels=args.kernels,
        echo=lambda m: print(m, flush=True),
    )
    return 0


def _dashboard(args) -> int:
    from .report.dashboard import serve

    return serve(
        args.port,
        args.ip,
        max_kernels=args.max_kernels,
        idle_timeout=args.idle_timeout,
        preheat=args.preheat,
        token=args.token,
    )


def _observed(args) -> int:
    from .data.observed import load_observed
    from .report.messages import say
    from .report.terminal import observed_table

    df = load_observed(args.series, region=args.region, vintage=args.vintage)
    if df.empty:  # say why in one line, never an empty frame
        if args.format != "table":
            emit(df, args.format)
        everything = say("cli.all", args.lang)
        raise ShanxiError(
            say(
                "cli.empty.observed",
                args.lang,
                series=args.series or everything,
                region=args.region,
                vintage=args.vintage,
            )
        )
    _show(df, args, lambda d: observed_table(d, args.lang))
    return 0


def _assess(args) -> int:
    from .models.assess import STATUSES_OBSERVED, Assessment
    from .report.messages import with_status_words

    if args.text_targets:
        from .models.text_targets import assess_text_targets

        table = assess_text_targets(args.as_of, args.method, plan=args.plan, region=args.region)
        statuses, plan, as_of, method = STATUSES_OBSERVED, None, _first(table, "as_of"), args.method
    else:
        from .models.params import check_has_observations

        check_has_observations(args.plan, args.region)  # a plan without data: one line, not a table of blanks
        results = Assessment(args.plan, args.as_of, args.method, region=args.region, indicators=args.indicator).fit()
        table, statuses, plan, as_of, method = (
            results.table,
            results.statuses,
            results.plan,
            results.as_of,
            results.method,
        )
    table = with_status_words(table, args.lang)
    if args.format != "table":
        emit(table, args.format)
        return 0
    from .report.terminal import assess_summary, assess_table, wide

    lines = [
        *assess_summary(table, statuses, args.lang, plan=plan, as_of=as_of, method=method, text=args.text_targets),
        "",
    ]
    lines += wide(table, args.lang) if args.wide else assess_table(table, args.lang)
    _lines(lines)
    return 0


def _close(args) -> int:
    from .models.final import FinalEvaluation
    from .models.verdicts import final_sentence, final_words
    from .report.messages import say
    from .report.terminal import close_table, final_summary, publication_words

    final = FinalEvaluation(args.plan, args.as_of, args.region).fit()
    if args.template:
        print(say("cli.close.template_note", args.lang), file=sys.stderr)
        emit(final.template(), "csv")
        return 0
    closing = final.closing()
    if args.format != "table":
        rows = final.table.set_index("no")
        closing = closing.assign(
            years=[" ".join(map(str, ys)) for ys in closing["years"]],
            final_words=[final_words(c, args.lang) for c in closing["final"]],
            published=[publication_words(r, args.lang) for _, r in closing.iterrows()],
            explanation=[final_sentence(rows.loc[no], args.lang) for no in closing["no"]],
        )
        emit(closing, args.format)
        return 0
    _lines([*final_summary(final, args.lang), *(["", *close_table(closing, args.lang)] if len(closing) else [])])
    return 0


def _first(df, column: str):
    return df[column].iloc[0] if len(df) and column in df else None


def _forecast(args) -> int:
    import json

    import pandas as pd

    from .models.forecast import DEFAULT_SEED, SeriesForecast
    from .models.params import check_as_of, check_has_observations, check_seed

    seed = DEFAULT_SEED if args.seed is None else check_seed(args.seed)
    check_has_observations(args.plan)
    as_of = check_as_of(args.as_of, args.plan)  # the years assess accepts
    res = SeriesForecast(args.series, to=args.to, as_of=as_of, seed=seed, plan=args.plan).fit()
    if res.status != "ok":  # nothing computed: the reason in one line, a non-zero exit
        if args.format == "json":
            print(
                json.dumps(
                    {"series_id": res.series_id, "status": res.status, "message": res.message}, ensure_ascii=False
                )
            )
        elif args.format == "csv":
            emit(pd.DataFrame([{"series_id": res.series_id, "status": res.status, "message": res.message}]), "csv")
        raise ShanxiError(_forecast_words(res, args.lang))
    needed = res.needed.get("value")
    table = res.forecast.assign(
        series_id=res.series_id,
        data_up_to=res.last_year,
        selection=res.selection,
        prob_meet=res.prob_meet,
        needed_rate=needed,
        target=res.target.get("text"),
        scale=res.scale,
    )
    if args.format == "json":
        coverage = res.coverage80_backtest
        print(
            json.dumps(
                {
                    "series_id": res.series_id,
                    "status": res.status,
                    "model": res.model,
                    "selection": res.selection,
                    "data_up_to": res.last_year,
                    "scale": res.scale,
                    "seed": res.seed,
                    "target": res.target,
                    "prob_meet": res.prob_meet,
                    "needed": res.needed,
                    "coverage80_stated": 0.8,
                    "coverage80_backtest": coverage if coverage == coverage else None,
                    "coverage_checks": res.coverage_checks,
                    "backtest_errors": res.n_errors,
                    "forecast": json.loads(res.forecast.to_json(orient="records")),
                    "backtest": json.loads(res.backtest.to_json(orient="records")),
                },
                ensure_ascii=False,
                indent=1,
            )
        )
    elif args.format == "csv":
        emit(table, "csv")
    else:
        from .report.terminal import WIDTH, forecast_tables, wide, wrap

        lines = [*wrap(_forecast_words(res, args.lang), WIDTH), ""]
        if args.wide:
            lines += [*wide(res.backtest, args.lang), "", *wide(table, args.lang)]
        else:
            lines += forecast_tables(res, args.lang)
        _lines(lines)
    return 0


def _forecast_words(res, lang: str) -> str:
    from .report.narrative import forecast_summary

    return forecast_summary(res, lang)


def _scenario_model(args):
    from .models.params import check_has_observations
    from .models.scenario import ScenarioModel, open_as_of

    if args.growth is None:  # a preset follows the observed trend: a plan without data has none
        check_has_observations(args.plan, args.region)
    # like the what-if page: once the target year has data there is nothing left to assume, so the
    # default starts from the last year that leaves one open (an explicit --as-of is kept as given)
    as_of = args.as_of if args.as_of is not None else open_as_of(None, args.plan, region=args.region)
    return ScenarioModel(args.plan, as_of, region=args.region)


def _scenario(args) -> int:
    import json

    from .models.params import check_steps
    from .models.scenario import no_scenario_error

    if args.growth is not None and args.preset is not None:
        raise ShanxiError("give either --growth or --preset, not both", code="growth_and_preset")
    model = _scenario_model(args)
    if args.growth is not None:
        if not args.indicator:
            raise ShanxiError("--growth needs --indicator", code="growth_needs_indicator")
        row = model.row(args.indicator)  # an unknown indicator lists the valid ones
        years = model.remaining_years(args.indicator)
        steps = check_steps(args.growth, row, years)
        scenario = model.custom("custom", args.indicator, steps)
    else:
        scenario = model.preset(args.preset or "baseline")
    results = model.run(scenario)
    table = results.table
    if args.indicator:
        model.row(args.indicator)  # an unknown indicator lists the valid ones
        table = table[table["no"] == str(args.indicator)]
    if table.empty:  # say why, never an empty frame
        raise no_scenario_error(model, scenario.name, args.indicator)
    if args.format == "json":
        payload = json.loads(table.to_json(orient="records", force_ascii=False))
        if args.indicator and len(table):
            payload = {
                "summary": payload[0],
                "path": json.loads(results.path(args.indicator).to_json(orient="records")),
            }
        print(json.dumps(payload, ensure_ascii=False, indent=1))
    elif args.format == "csv":
        emit(table, "csv")
    else:
        from .report.messages import say
        from .report.terminal import path_table, scenario_table, wide

        kind = "custom" if args.growth is not None else (args.preset or "baseline")
        lines = [say("cli.scenario.head", args.lang, scenario=say(f"cli.preset.{kind}", args.lang), as_of=model.as_of)]
        lines += (
            wide(table, args.lang) if args.wide else scenario_table(table, model.state, model.target_year, args.lang)
        )
        if args.indicator:
            path = results.path(args.indicator)
            count = str(model.state.loc[str(args.indicator)].get("basis")) == "count"
            lines += [""] + (wide(path, args.lang) if args.wide else path_table(path, args.lang, count))
        _lines(lines)
    return 0


def _update_manifest(reason: str) -> int:
    """``validate --update-manifest``: every other check must pass first; then the new
    fingerprints are recorded with the reason in the data set's change log."""
    from .core.paths import raw_dir
    from .data import manifest
    from .data.validate import collect_problems

    if len(" ".join(reason.split())) < 8:
        raise ShanxiError(
            '--update-manifest needs --reason "what changed and why" (a few words for the change log)',
            code="update_needs_reason",
        )
    problems, _ = collect_problems()
    fingerprint_only = all(p.column == "-" and manifest.UPDATE_HINT in p.message for p in problems)
    if problems and not fingerprint_only:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"validate: {len(problems)} problem(s); the manifest was not updated", file=sys.stderr)
        return 1
    entries = manifest.update_manifest(raw_dir(), reason)
    for e in entries:
        print(f"{e['file']}: {e['rows_before'] or '-'} -> {e['rows_after'] or '-'} rows")
    print(f"manifest: {len(entries)} file(s) updated" if entries else "manifest: nothing changed")
    return 0


# each command's function (the parser's subcommands)
def _glossary(args) -> int:
    from .report.glossary import glossary_text

    _lines([glossary_text(args.lang)])
    return 0


_COMMANDS = {
    "validate": _validate,
    "build": _build,
    "plans": _plans,
    "targets": _targets,
    "text-targets": _text_targets,
    "observed": _observed,
    "assess": _assess,
    "close": _close,
    "run": _run_notebooks,
    "dashboard": _dashboard,
    "forecast": _forecast,
    "scenario": _scenario,
    "intake": _intake,
    "glossary": _glossary,
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        with _argparse_words(_argv_lang(argv)):
            args = _parser().parse_args(argv)
    except KeyboardInterrupt:
        return 130
    try:
        return _run(args)
    except DataError as exc:
        print(f"shanxi {args.command}: {data_error_words(exc, _args_lang(args))}", file=sys.stderr)
        return 1
    except ShanxiError as exc:
        print(f"shanxi {args.command}: {error_words(exc, _args_lang(args))}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `shanxi targets | head`
        return 0
    except KeyboardInterrupt:  # Ctrl-C: workers and kernels are stopped on the way out; no traceback
        _quiet_stderr(f"shanxi {args.command}: interrupted")
        return 130
    except OSError as exc:  # a disk full, a folder not writable: one line, not a traceback
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        _quiet_stderr(f"shanxi {args.command}: error: {exc.strerror or exc}{where}")
        return 1


def _args_lang(args) -> str:
    lang = getattr(args, "lang", "en")
    return lang if lang in LANGS else "en"


def data_error_words(exc: DataError, lang: str) -> str:
    """A data file's problems: the count in the reader's language, then each problem as
    ``file:line: column: message`` (the checks' messages are English)."""
    from .data.catalogue import say

    head = say("cli.error.data_problems", lang, n=len(exc.problems))
    return "\n".join([head, *str(exc).split("\n")[1:]])


def error_words(exc: ShanxiError, lang: str) -> str:
    """A user's error in the reader's language: "error: " and :func:`_error_body`."""
    from .data.catalogue import say

    return f"{say('cli.error.prefix', lang)}: {_error_body(exc, lang)}"


def _error_body(exc: ShanxiError, lang: str) -> str:
    """A coded error (``exc.code``: an unknown choice, a year outside the data ...) worded from the
    catalogue's ``cli.error.<code>`` with its fields (:func:`_field_words`); an error without a code
    keeps its English message."""
    from .data.catalogue import CATALOGUE, say

    key = f"cli.error.{exc.code}"
    if not exc.code or key not in CATALOGUE:
        return str(exc)
    fields = dict(exc.fields)
    if exc.code == "unknown_choice":
        fields["details"] = _choice_words(fields.pop("closest"), fields.pop("choices"), lang)
    return say(key, lang, **_field_words(fields, lang))


def _field_words(fields: dict, lang: str) -> dict:
    """A coded error's fields in the reader's language: ``what`` (cli.error.what.*), a ``cause`` or a
    list of errors (each worded, one a line), a verdict's ``status_code``, any other ``<name>_code``
    (cli.error.<name>.<code>, the ``reason`` last: its words may name the others), an OS error's
    ``errno`` (cli.error.os.<ENAME>, else the system's words), a (zh, en) pair."""
    from .data.catalogue import CATALOGUE, pick, say

    what_key = f"cli.error.what.{str(fields.get('what', '')).replace(' ', '_')}"
    if "what" in fields and what_key in CATALOGUE:
        fields["what"] = say(what_key, lang)
    if "status_code" in fields:
        fields["status"] = say(f"status.{fields.pop('status_code')}", lang)
    name = errno.errorcode.get(fields.pop("errno", None), "")
    if name and f"cli.error.os.{name}" in CATALOGUE:
        fields["reason"] = say(f"cli.error.os.{name}", lang)
    for k in sorted((k for k in fields if k.endswith("_code")), key=lambda k: k == "reason_code"):
        word = k.removesuffix("_code")
        fields[word] = say(f"cli.error.{word}.{fields.pop(k)}", lang, **fields)
    for k, v in fields.items():
        if isinstance(v, ShanxiError):
            fields[k] = _error_body(v, lang)
        elif (
            isinstance(v, list) and v and all(isinstance(e, ShanxiError) for e in v)
        ):  # one a line, or cli.error.sep.<k>
            sep = say(f"cli.error.sep.{k}", lang) if f"cli.error.sep.{k}" in CATALOGUE else "\n"
            fields[k] = sep.join(_error_body(e, lang) for e in v)
        elif isinstance(v, tuple) and len(v) == 2:
            fields[k] = pick(v, lang)
    return fields


def _choice_words(near: list[str], choices: list[str], lang: str) -> str:
    """ "; did you mean 'a' or 'b'?" and the valid choices (all of a few; of many, how many)."""
    from .data.catalogue import say

    names = say("cli.error.or", lang).join(say("cli.error.quoted", lang, name=c) for c in near)
    hint = say("cli.error.did_you_mean", lang, names=names) if near else ""
    if len(choices) <= LISTED_CHOICES:
        return say("cli.error.valid_choices", lang, names=", ".join(choices)) + hint
    count = say("cli.error.n_choices", lang, n=len(choices))
    if near:  # a wall of ids helps no one: the closest, and how many there are
        return hint + count
    return say("cli.error.valid_choices", lang, names=", ".join(choices[:LISTED_CHOICES]) + " …") + count


def _quiet_stderr(message: str) -> None:
    with contextlib.suppress(OSError, ValueError):
        print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
