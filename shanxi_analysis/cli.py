"""The ``shanxi`` command line.  Every subcommand prints to stdout; errors caused by input go to
stderr as one clear message (no traceback) with a non-zero exit."""

from __future__ import annotations

import argparse
import contextlib
import contextvars
import errno
import os
import sys

from .core.csvsafe import neutralise_formulas
from .core.errors import LISTED_CHOICES, DataError, ShanxiError

FORMATS = ("table", "csv", "json")
LANGS = ("en", "zh")
WIDTH = 100  # the terminal the help and the lead lines are worded for (report.terminal's tables too)


def _columns(text: str) -> int:
    """How many terminal columns ``text`` takes (a Chinese character takes two)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns: at spaces, and between Chinese characters
    (a command in backticks is kept whole)."""
    import re

    lines, line = [], ""
    for token in re.findall(r"`[^`]*`|[^\s\u2e80-\uffff]+|\s+|[\u2e80-\uffff]", " ".join(text.split())):
        if line and _columns(line + token.rstrip()) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    return [*lines, line.rstrip()] if line.strip() else lines


class _Help(argparse.RawDescriptionHelpFormatter):
    """Help with the epilog's examples kept as written, and Chinese help wrapped and aligned by
    the columns it takes (argparse counts characters; a Chinese one takes two columns)."""

    def add_argument(self, action):
        if action.help is not argparse.SUPPRESS:
            names = [self._format_action_invocation(a) for a in [action, *self._iter_indented_subactions(action)]]
            self._action_max_length = max(self._action_max_length, max(map(_columns, names)) + self._current_indent)
        super().add_argument(action)

    def _split_lines(self, text, width):
        return _wrap(text, width)

    def _format_usage(self, usage, actions, groups, prefix):
        """The usage line, wrapped narrower while a line takes more columns than the terminal has."""
        width = self._width
        try:
            for _ in range(8):
                text = super()._format_usage(usage, actions, groups, prefix)
                over = max(_columns(line) for line in text.splitlines()) - width
                if over <= 0:
                    break
                self._width -= over
        finally:
            self._width = width
        return text

    def _format_action(self, action):
        text = super()._format_action(action)
        name = self._format_action_invocation(action)
        extra = _columns(name) - len(name)  # the columns argparse did not count
        head = " " * self._current_indent + name
        if not extra or not text.startswith(head) or text.startswith(head + "\n"):
            return text
        rest = text[len(head) :]
        padding = len(rest) - len(rest.lstrip(" "))
        if padding - extra >= 2:
            return head + rest[extra:]
        position = min(self._action_max_length + 2, self._max_help_position)
        return head + "\n" + " " * position + rest.lstrip(" ")


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


def _argv_langs(argv: list[str]) -> list[str]:
    """The values of every ``--lang`` on the command line (the program's, then the command's)."""
    values = []
    for i, arg in enumerate(argv):
        if arg.startswith("--lang="):
            values.append(arg.split("=", 1)[1])
        elif arg == "--lang" and i + 1 < len(argv):
            values.append(argv[i + 1])
    return values


def _argv_lang(argv: list[str]) -> str:
    """The ``--lang`` the command line asks for (before argparse has read it: the parser's help
    and its own messages are then in that language too): the command's own, else the program's
    (``shanxi --lang zh assess``); ``en`` when none or an unknown one."""
    values = _argv_langs(argv)
    return values[-1] if values and values[-1] in LANGS else "en"


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


def _say(key: str, **fields) -> str:
    """The catalogue's words in the language of the command being parsed."""
    from .data.catalogue import say

    return say(key, _LANG.get(), **fields)


def _add_output(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=FORMATS, default="table")
    p.add_argument("--lang", choices=LANGS, default="en")
    p.add_argument("--wide", action="store_true")


def _add_lang(p: argparse.ArgumentParser) -> None:
    """``--lang`` of a command that prints no table: the language of its messages."""
    p.add_argument("--lang", choices=LANGS, default="en", help=_say("cli.help.opt.lang_messages"))


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


def _sub(sub, path: str) -> argparse.ArgumentParser:
    """The (sub)command ``path`` (``assess``, ``intake.merge``): its line, description and examples
    from the catalogue (``cli.help.<path>``, ``cli.help.<path>.examples``)."""
    line = _say(f"cli.help.{path}")
    return sub.add_parser(
        path.rsplit(".", 1)[-1],
        help=line,
        description="\n".join(_wrap(_say("cli.help.sentence", text=line[:1].upper() + line[1:]), WIDTH)),
        formatter_class=_Help,
        epilog=_epilog(path, _say("cli.help.exit_short")),
    )


def _epilog(path: str, tail: str) -> str:
    return f"{_say('cli.help.examples_head')}\n{_say(f'cli.help.{path}.examples')}\n\n{tail}"


def _worded(parser: argparse.ArgumentParser, path: str) -> argparse.ArgumentParser:
    """Every option's help and value name from the catalogue, in the command's language: the help
    ``cli.help.<path>.<dest>`` else the shared ``cli.help.opt.<dest>`` (unless given), the value's
    name ``cli.metavar.<dest>`` (an option with choices shows them instead)."""
    from .data.catalogue import CATALOGUE

    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue  # argparse's own words (cli.argparse.help)
        if isinstance(action, argparse._SubParsersAction):
            action.help = _say("cli.help.one_of")
            for name, sub in action.choices.items():
                _worded(sub, f"{path}.{name}" if path != "program" else name)
        elif action.help is None:
            own = f"cli.help.{path}.{action.dest}"
            action.help = _say(own if own in CATALOGUE else f"cli.help.opt.{action.dest}")
        named = f"cli.metavar.{action.dest}"
        if action.nargs != 0 and named in CATALOGUE and (action.choices is None or action.metavar is not None):
            action.metavar = _say(named)
    return parser


def _parser() -> argparse.ArgumentParser:
    """The command line, worded in the language being parsed (:func:`_argparse_words`)."""
    parser = _Parser(
        prog="shanxi",
        formatter_class=_Help,
        description=_say("cli.help.program"),
        epilog=_epilog("program", _say("cli.help.exit_codes")),
    )
    parser.add_argument(
        "--version", action="version", version=f"shanxi {_version()}", help=_say("cli.help.program.version")
    )
    # the language of every command (a command's own --lang comes first); read before parsing too
    parser.add_argument("--lang", choices=LANGS, dest="top_lang", help=_say("cli.help.program.lang"))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    _add_lang(_sub(sub, "build"))
    p = _sub(sub, "validate")
    p.add_argument("--update-manifest", action="store_true")
    p.add_argument("--reason", default="")
    _add_lang(p)

    _add_output(_sub(sub, "plans"))

    for name in ("targets", "text-targets"):
        p = _sub(sub, name)
        p.add_argument("--plan")
        p.add_argument("--region")
        _add_output(p)

    p = _sub(sub, "observed")
    p.add_argument("--series")
    p.add_argument("--region")
    p.add_argument("--vintage", default="latest")
    _add_output(p)

    p = _sub(sub, "assess")
    p.add_argument("--plan")
    p.add_argument("--as-of", type=_int("--as-of"), dest="as_of")
    p.add_argument("--region")
    p.add_argument("--method", default="eurostat")
    p.add_argument("--indicator", action="append")
    p.add_argument("--text-targets", action="store_true", dest="text_targets")
    _add_output(p)

    p = _sub(sub, "close")
    p.add_argument("--plan")
    p.add_argument("--as-of", type=_int("--as-of"), dest="as_of")
    p.add_argument("--region")
    p.add_argument("--template", action="store_true")
    _add_output(p)

    p = _sub(sub, "forecast")
    p.add_argument("--series", required=True)
    p.add_argument("--to", type=_int("--to"))
    p.add_argument("--as-of", type=_int("--as-of"), dest="as_of")
    p.add_argument("--seed", type=_int("--seed"), default=None)
    p.add_argument("--plan")
    _add_output(p)

    p = _sub(sub, "scenario")
    p.add_argument("--indicator")
    p.add_argument("--growth")
    p.add_argument("--preset")
    p.add_argument("--as-of", type=_int("--as-of"), dest="as_of")
    p.add_argument("--plan")
    p.add_argument("--region")
    _add_output(p)

    p = _sub(sub, "run")
    p.add_argument("--plan")
    p.add_argument("--as-of", type=_int("--as-of"), dest="as_of")
    p.add_argument("--lang", default="both")
    p.add_argument("--only", nargs="+")
    p.add_argument("--out", default="reports")
    p.add_argument("--indicator")
    p.add_argument("--scenario", default="baseline")
    p.add_argument("--workers", type=_int("--workers"), default=2)
    p.add_argument("--kernels", choices=("warm", "fresh"), default="warm")

    _add_intake(sub)

    p = _sub(sub, "glossary")
    p.add_argument("--lang", choices=LANGS, default="en")

    p = _sub(sub, "dashboard")
    p.add_argument("--port", type=_int("--port"), default=8866)
    p.add_argument("--ip", default="127.0.0.1")
    p.add_argument("--token")
    p.add_argument("--max-kernels", type=_int("--max-kernels"), default=12, dest="max_kernels")
    p.add_argument("--preheat", type=_int("--preheat"), default=2)
    p.add_argument("--idle-timeout", type=_int("--idle-timeout"), default=600, dest="idle_timeout")
    _add_lang(p)
    return _worded(parser, "program")


def _add_intake(sub) -> None:
    """``shanxi intake observed|plan|merge``: draft rows from a document, review, merge."""
    steps = _sub(sub, "intake").add_subparsers(dest="intake_command", required=True, metavar="STEP")
    o = _sub(steps, "intake.observed")
    o.add_argument("file")
    o.add_argument("--region", required=True)
    o.add_argument("--year", required=True, type=_int("--year"))
    o.add_argument("--vintage", default="preliminary", choices=("preliminary", "revised", "estimate", "unknown"))
    o.add_argument("--grade", default="official", choices=("official", "official_reprint", "press", "secondary"))
    o.add_argument("--title", default="")
    o.add_argument("--url", default="")
    o.add_argument("--series")
    o.add_argument("--review", metavar="PAGE.html")
    _add_output(o)
    m = _sub(steps, "intake.merge")
    m.add_argument("file")
    m.add_argument("--dry-run", action="store_true", dest="dry_run")
    m.add_argument("--reason", default="")
    _add_lang(m)
    pl = _sub(steps, "intake.plan")
    pl.add_argument("file")
    pl.add_argument("--what", choices=("tables", "register", "both"), default="both")
    pl.add_argument("--base-year", type=_int("--base-year"), dest="base_year")
    pl.add_argument("--target-year", type=_int("--target-year"), dest="target_year")
    pl.add_argument("--table-out", dest="table_out")
    pl.add_argument("--register-out", dest="register_out")
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
    print(result.summary(args.say_lang), file=sys.stderr)
    return 0


def _intake_merge(args) -> int:
    from .data.intake import steps

    report = steps.merge(args.file, dry_run=args.dry_run, reason=args.reason)
    for line in report.lines(args.file, args.say_lang):
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
    print(result.summary(args.say_lang), file=sys.stderr)
    return 0


def _run(args: argparse.Namespace) -> int:
    command = _COMMANDS.get(args.command)
    if command is None:
        raise AssertionError(args.command)
    return command(args)


def _validate(args) -> int:
    from .data.catalogue import say
    from .data.validate import collect_problems

    if args.update_manifest:
        return _update_manifest(args.reason, args.lang)
    if args.reason:
        raise ShanxiError("--reason goes with --update-manifest", code="reason_alone")
    problems, counts = collect_problems()
    if problems:
        _print_problems(problems, args.lang)
        print(say("cli.validate.failed", args.lang, n=len(problems)), file=sys.stderr)
        return 1
    for name, n in counts.items():
        print(say("cli.validate.rows_ok", args.lang, file=name, n=n))
    from .data.citations import observed_date_coverage

    in_title, in_address, none = observed_date_coverage()
    dated = in_title + in_address
    print(
        say("cli.validate.dates", args.lang, dated=dated, n=dated + none, title=in_title, address=in_address, none=none)
    )
    print(say("cli.validate.passed", args.lang))
    return 0


def _print_problems(problems, lang: str) -> None:
    """Each problem on stderr as ``file:line: column: message``, after the lead line a reader of
    another language than the checks' needs (:func:`problem_lines`; the count follows them)."""
    for line in problem_lines(problems, lang)[1:]:
        print(line, file=sys.stderr)


def _build(args) -> int:
    from .data.build import build

    for row in build():
        print(build_line(row, args.say_lang))
    return 0


def build_line(row: dict, lang: str) -> str:
    """One processed table's counts in and out, and its note, in ``lang``."""
    from .data.catalogue import say

    note = say(f"cli.build.note.{row['note_code']}", lang) if row.get("note_code") else ""
    return say("cli.build.row", lang, table=row["table"], rows_in=row["rows_in"], rows_out=row["rows_out"], note=note)


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
        say_lang=args.say_lang,
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
        lang=args.say_lang,
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


def _update_manifest(reason: str, lang: str) -> int:
    """``validate --update-manifest``: every other check must pass first; then the new
    fingerprints are recorded with the reason in the data set's change log."""
    from .core.paths import raw_dir
    from .data import manifest
    from .data.catalogue import say
    from .data.validate import collect_problems

    if len(" ".join(reason.split())) < 8:
        raise ShanxiError(
            '--update-manifest needs --reason "what changed and why" (a few words for the change log)',
            code="update_needs_reason",
        )
    problems, _ = collect_problems()
    fingerprint_only = all(p.column == "-" and manifest.UPDATE_HINT in p.message for p in problems)
    if problems and not fingerprint_only:
        _print_problems(problems, lang)
        print(say("cli.validate.not_updated", lang, n=len(problems)), file=sys.stderr)
        return 1
    entries = manifest.update_manifest(raw_dir(), reason)
    for e in entries:
        print(
            say(
                "cli.validate.rows_changed",
                lang,
                file=e["file"],
                before=e["rows_before"] or "-",
                after=e["rows_after"] or "-",
            )
        )
    print(say("cli.validate.updated", lang, n=len(entries)) if entries else say("cli.validate.unchanged", lang))
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


# commands whose --lang chooses what they write (run: the pages' languages, both by default): the
# program's --lang words only their messages
_OWN_LANG = ("run",)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    lang = _argv_lang(argv)  # the messages' language: the command's --lang, else the program's
    try:
        with _argparse_words(lang):
            args = _parser().parse_args(argv)
    except KeyboardInterrupt:
        return 130
    if args.top_lang and len(_argv_langs(argv)) == 1 and args.command not in _OWN_LANG:
        args.lang = args.top_lang  # shanxi --lang zh COMMAND: the command's words too
    args.say_lang = lang  # the messages' language (run's --lang chooses its pages)
    try:
        return _run(args)
    except DataError as exc:
        print(f"shanxi {args.command}: {data_error_words(exc, lang)}", file=sys.stderr)
        return 1
    except ShanxiError as exc:
        print(f"shanxi {args.command}: {error_words(exc, lang)}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `shanxi targets | head`
        return 0
    except KeyboardInterrupt:  # Ctrl-C: workers and kernels are stopped on the way out; no traceback
        _quiet_stderr(f"shanxi {args.command}: {_say_in(lang, 'cli.error.interrupted')}")
        return 130
    except OSError as exc:  # a disk full, a folder not writable: one line, not a traceback
        _quiet_stderr(f"shanxi {args.command}: {error_words(_os_error(exc), lang)}")
        return 1


def _say_in(lang: str, key: str) -> str:
    from .data.catalogue import say

    return say(key, lang)


def _os_error(exc: OSError) -> ShanxiError:
    """An OSError no command caught, as a coded error (the system's reason, the file when known)."""
    reason = str(exc.strerror or exc)
    path = getattr(exc, "filename", None)
    # the system's reason is worded by its number; a reason a command wrote itself ("...; nothing
    # was replaced") is kept as written
    number = exc.errno if exc.errno and reason == os.strerror(exc.errno) else None
    if path:
        return ShanxiError(f"{reason} ({path})", code="os_error_path", reason=reason, path=str(path), errno=number)
    return ShanxiError(reason, code="os_error", reason=reason, errno=number)


def data_error_words(exc: DataError, lang: str) -> str:
    """A data file's problems: the count in the reader's language, then each problem as
    ``file:line: column: message`` (:func:`problem_lines`)."""
    return "\n".join(problem_lines(exc.problems, lang, shown=str(exc).split("\n")[1:]))


def problem_lines(problems, lang: str, shown: list[str] | None = None) -> list[str]:
    """The count of ``problems`` in ``lang``; where the checks' own (English) words are not the
    reader's, a lead line saying what kind of problem this is and what to do (the catalogue's
    ``cli.error.data_lead.<kind>``, empty in English); then the problems (``shown``: as printed)."""
    from .data.catalogue import say

    lead = say(f"cli.error.data_lead.{_problem_kind(problems)}", lang)
    head = [say("cli.error.data_problems", lang, n=len(problems))]
    if lead:
        head += _wrap(lead + say("cli.error.data_format", lang), WIDTH)
    return [*head, *(shown if shown is not None else map(str, problems))]


def _problem_kind(problems) -> str:
    """What the problems are: the raw files' fingerprints only (``fingerprint``), the merged
    observed.csv of ``intake merge`` (``merged``), files that cannot be read or lack columns
    (``file``), else rows that fail a check (``rows``)."""
    from .data.manifest import UPDATE_HINT

    if problems and all(UPDATE_HINT in p.message for p in problems):
        return "fingerprint"
    if any(p.file.endswith("(merged)") for p in problems):
        return "merged"
    if problems and all(p.line <= 1 and (p.line == 0 or p.column == "-" or "missing" in p.message) for p in problems):
        return "file"
    return "rows"


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
