"""A validation problem as a value (docs/architecture.md, 'Values travel as values'): where in the
record, the value as given, a code and its parameters, from pydantic's `errors()` to the edge.
Words are made only where a problem is shown: `reason` (a field's message on a page, in the
language of the run) and `line` (the command line's standard error, a row of an import report:
`path = value: reason`). Nothing parses a message back.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from igg4rd.language.formats import date_text, number
from igg4rd.language.i18n import N_, _
from igg4rd.language.words import SITE_LABELS
from igg4rd.rules.labs import LABS, plausibility_problem


class _NoValue:
    def __repr__(self) -> str:
        return "NO_VALUE"


NO_VALUE: Any = _NoValue()  # a problem of the record as a whole, or of a value not given
WHOLE = "{…}"  # how a line shows a value that is a whole object (a visit, the baseline)

# pydantic's problems a form or a file commonly has, in a clinician's words; igg4rd's own codes
# (raised as `invalid(code, **params)`) beside them; a code with no words keeps pydantic's
REASONS: dict[str, str] = {
    "missing": N_("required"),
    "greater_than": N_("must be more than {gt}"),
    "greater_than_equal": N_("must be at least {ge}"),
    "less_than": N_("must be less than {lt}"),
    "less_than_equal": N_("must be at most {le}"),
    "string_pattern_mismatch": N_("String should match pattern '{pattern}'"),
    "enum": N_("Input should be {expected}"),
    "literal_error": N_("Input should be {expected}"),
    "int_type": N_("Input should be a valid integer"),
    "int_from_float": N_("Input should be a valid integer, got a number with a fractional part"),
    "float_type": N_("Input should be a valid number"),
    "finite_number": N_("Input should be a finite number"),
    "bool_type": N_("Input should be a valid boolean"),
    "string_type": N_("Input should be a valid string"),
    "list_type": N_("Input should be a valid list"),
    "dict_type": N_("Input should be a valid dictionary"),
    "model_type": N_("Input should be a valid dictionary or instance of {class_name}"),
    "extra_forbidden": N_("unknown field (check its spelling)"),
    "id_rule": N_("letters A–Z, digits, '.', '_' and '-' only, at most 100 (a pseudonym, never "
                  "the patient's name)"),
    "not_a_date": N_("not a date in YYYY-MM-DD form"),
    "far_future": N_("more than a year in the future: check the year"),
    "ri_differs_from_form": N_("ri = {ri} differs from its breakdown's total {total}"),
    "immunosuppressants_on_gc": N_("regimen = 'gc' (GC monotherapy) but immunosuppressants = "
                                   "{immunosuppressants}; use regimen 'gc+im'"),
    "relapse_sites_without_relapse": N_("relapse sites ({sites}) are given but no relapse is "
                                        "recorded (relapse = false)"),
    "sites_twice": N_("sites listed twice: {sites}"),
    "synthetic_record_number": N_("a synthetic (demo) record never holds a hospital record "
                                  "number"),
    "visit_before_start": N_("visits[{index}].date = {day} is before treatment.start_date = "
                             "{start}"),
    "visit_twice": N_("visits[{index}].date = {day} is recorded twice"),
    "empty_lab_entry": N_("a laboratory-only entry holds at least one value"),
    "lab_entry_twice": N_("lab_results[{index}].date = {day} is recorded twice"),
    "above_form": N_("above {maximum}, the most the 2012 form can give for {count} recorded "
                     "site(s) and 'other' (each up to 4, doubled when urgent, plus the IgG4 "
                     "item)"),
    "already_used": N_("already used by another patient"),
    "grade_every_item": N_("grade every item of the form (not yet: {items}), or type the total"),
    "not_json": N_("not valid JSON: {error}"),
    "unknown_ri_items": N_("unknown RI items {items} (the 2012 form grades the involved sites and "
                           "'other')"),
    "unreadable": "{reason}",  # a typed value `rules.parsing` could not read: its own words
}
# codes whose words are a whole sentence naming the field: a line is the reason alone
NAMES_ITS_FIELD = ("visit_before_start", "visit_twice", "lab_entry_twice")
NAMES_ITS_VALUE = ("implausible_lab",)  # words that name the value: said alone at the field
VISIT_DATE_CODES = ("visit_before_start", "visit_twice")  # found on the record: a visit's date


@dataclass(frozen=True)
class Problem:
    """What is wrong, and where: `path` in the record (('visits', 2, 'ri'); () for the record as
    a whole), the `value` as given, a `code` and its `params`; `message`: pydantic's own words,
    for a code igg4rd has none for."""

    path: tuple[str | int, ...]
    code: str
    value: Any = NO_VALUE
    params: Mapping[str, Any] = field(default_factory=dict)
    message: str = ""

    @property
    def where(self) -> str:
        """The path as the record writes it: 'visits[2].ri'."""
        text = ""
        for part in self.path:
            text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else part
        return text

    @property
    def visit(self) -> tuple[int, str | None] | None:
        """(the visit's index, its field or None) for a problem of a visit, else None."""
        path = (("visits", self.params["index"], "date") if self.code in VISIT_DATE_CODES
                else self.path)
        if len(path) >= 2 and path[0] == "visits" and isinstance(path[1], int):
            return path[1], str(path[2]) if len(path) > 2 else None
        return None

    def about_nothing_given(self) -> bool:
        """Whether it is only that nothing was given (a required field left empty)."""
        return self.code == "missing" or self.value in (None, "")


def invalid(code: str, **params: Any) -> PydanticCustomError:
    """The error a validator raises for igg4rd's own `code` (its words: `REASONS`)."""
    return PydanticCustomError(code, REASONS[code], params)


def from_validation(error: ValidationError) -> list[Problem]:
    """pydantic's errors as problems (no words made)."""
    problems = []
    for item in error.errors(include_url=False):
        path = tuple(part for part in item["loc"] if not str(part).startswith("function-"))
        code, value = item["type"], item.get("input", NO_VALUE)
        params = {k: v for k, v in item.get("ctx", {}).items() if k != "error"}
        if code == "string_pattern_mismatch" and path == ("id",):
            code = "id_rule" if value else "missing"
        elif code in ("greater_than_equal", "less_than_equal") and path and path[-1] in LABS:
            code, params = "implausible_lab", {"lab": path[-1]}
        problems.append(Problem(path, code, value, params,
                                item["msg"].removeprefix("Value error, ")))
    return problems


def _bound(value: Any) -> Any:
    """A limit as the language of the run writes numbers (0, not 0.0); anything else as is."""
    return number(value) if isinstance(value, int | float) and not isinstance(value, bool) \
        else value


def _dates(params: Mapping[str, Any]) -> dict[str, Any]:
    return {k: date_text(date.fromisoformat(v)) if k in ("day", "start") else _bound(v)
            for k, v in params.items()}


WORDED_PARAMS: dict[str, Callable[[Mapping[str, Any]], Mapping[str, Any]]] = {
    "relapse_sites_without_relapse": lambda p: {
        "sites": _(", ").join(SITE_LABELS[site] for site in p["sites"])},
    "visit_before_start": _dates, "visit_twice": _dates, "lab_entry_twice": _dates,
}


def reason(problem: Problem) -> str:
    """Why, in the language of the run."""
    if problem.code == "implausible_lab":
        return plausibility_problem(problem.params["lab"], problem.value) or problem.message
    template = REASONS.get(problem.code)
    if template is None:
        return problem.message
    worded = WORDED_PARAMS.get(problem.code, lambda p: {k: _bound(v) for k, v in p.items()})
    try:
        return _(template).format(**worded(problem.params))
    except (KeyError, IndexError, ValueError):
        return problem.message


def shown_value(problem: Problem) -> str:
    """The value as a line shows it: JSON (a text in quotes), a whole object as '{…}'."""
    if isinstance(problem.value, dict):
        return WHOLE
    value = None if problem.value is NO_VALUE else problem.value
    return json.dumps(value, default=str, ensure_ascii=False)


def line(problem: Problem) -> str:
    """One problem in a line: `path = value: reason` (the reason alone where it names its
    field, or for the record as a whole)."""
    words = reason(problem)
    if not problem.path or problem.code in NAMES_ITS_FIELD or words.startswith(problem.where):
        return words
    return f"{problem.where} = {shown_value(problem)}: {words}"


def at_field(label: str, problem: Problem) -> str:
    """A problem as shown at its field: the reason alone where it names the value (a lab's
    plausibility) or nothing was given ('required'), else '{label} {value}: {reason}' ('Age
    (years) 200: must be at most 120')."""
    words = reason(problem)
    whole = problem.value is NO_VALUE or isinstance(problem.value, dict)
    if whole or problem.about_nothing_given() or problem.code in NAMES_ITS_VALUE:
        return words
    value = problem.value
    typed = value if isinstance(value, str) else str(_bound(value)) if isinstance(
        value, int | float) else shown_value(problem)
    if re.search(rf"(?<![\w.]){re.escape(typed)}(?![\w.])", words):
        return words
    shown = json.dumps(typed, ensure_ascii=False) if isinstance(value, str) else typed
    return _("{field} {value}: {reason}").format(field=label, value=shown, reason=words)


def lines(problems: Iterable[Problem]) -> list[str]:
    return [line(problem) for problem in problems]
