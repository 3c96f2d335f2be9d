"""Every number in the crisis data, checked with libphonenumber (the ``phonenumbers`` package).

Emergency numbers must be emergency numbers for their region; service numbers valid numbers or
valid short numbers for theirs; a freephone number that cannot be dialled in its E.164 form needs
the ``dial`` form a phone in the region uses. A number libphonenumber does not know is kept only
with a recorded waiver (the reason, naming the sources that confirm it). Used by ``crisis-check``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from distress_tolerance.models import ContactMode, CrisisService, EmergencyNumbers

_DIALLED = (ContactMode.CALL, ContactMode.TEXT)


class NumberProblem(NamedTuple):
    """A number that fails the check: where it is (a service id or a region) and why."""

    where: str
    number: str
    problem: str


class NumberCheck(NamedTuple):
    """What was checked: problems, the waivers that kept a number libphonenumber rejects, and
    waivers a newer libphonenumber no longer needs (information: the waiver can go)."""

    checked: int
    waived: int
    problems: tuple[NumberProblem, ...]
    needless: tuple[NumberProblem, ...] = ()


def libphonenumber_version() -> str | None:
    """The installed ``phonenumbers`` version, or None when it is not installed."""
    try:
        import phonenumbers
    except ImportError:
        return None
    return str(phonenumbers.__version__)


def check_numbers(
    services: tuple[CrisisService, ...], emergency: tuple[EmergencyNumbers, ...]
) -> NumberCheck:
    """Check every emergency number and every call or text number. Needs ``phonenumbers``."""
    checked = waived = 0
    problems: list[NumberProblem] = []
    needless: list[NumberProblem] = []
    for entry in emergency:
        waivers = {w.number for w in entry.waivers}
        for number in entry.numbers:
            checked += 1
            problem = _emergency_problem(number.number, entry.region)
            if problem and number.number in waivers:
                waived += 1
            elif problem:
                problems.append(NumberProblem(f"emergency {entry.region}", number.number, problem))
            elif number.number in waivers:
                needless.append(NumberProblem(f"emergency {entry.region}", number.number, _NEEDLESS))
    for service in services:
        for contact in service.contacts:
            if contact.mode not in _DIALLED:
                continue
            checked += 1
            found = list(_service_problems(contact.value, contact.dial, service.region))
            if found and contact.waiver and not any(p.startswith(_FREEPHONE) for p in found):
                waived += 1
            elif found:
                problems += [NumberProblem(service.id, contact.value, p) for p in found]
            elif contact.waiver:
                needless.append(NumberProblem(service.id, contact.value, _NEEDLESS))
    return NumberCheck(checked, waived, tuple(problems), tuple(needless))


_NEEDLESS = "has a waiver but libphonenumber accepts it: remove the waiver"
_FREEPHONE = "a freephone number"


def _emergency_problem(number: str, region: str) -> str | None:
    from phonenumbers import shortnumberinfo

    if shortnumberinfo.is_emergency_number(number, region):
        return None
    return f"libphonenumber does not know it as an emergency number for {region} (add a waiver with sources)"


def _service_problems(value: str, dial: str | None, region: str) -> Iterator[str]:
    import phonenumbers
    from phonenumbers import shortnumberinfo

    for number in filter(None, (value, dial)):
        digits = number.replace("-", "")
        try:
            parsed = phonenumbers.parse(digits, region)
        except phonenumbers.NumberParseException as exc:
            yield f"{number!r} is not a phone number for {region}: {exc}"
            continue
        if phonenumbers.is_valid_number(parsed):
            if (
                number == value
                and dial is None
                and digits.startswith("+")
                and phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.TOLL_FREE
                and not phonenumbers.can_be_internationally_dialled(parsed)
            ):
                national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
                dial_form = "".join(ch for ch in national if ch.isdigit())
                yield f'{_FREEPHONE} that does not dial in its E.164 form: add dial: "{dial_form}"'

            continue
        if shortnumberinfo.is_valid_short_number_for_region(parsed, region):
            continue
        yield f"libphonenumber knows {number!r} neither as a number nor as a short number for {region}"
