"""The plural rules this project checks and writes catalogs with: CLDR 49, as gettext expressions.

The project owns this table so that nothing it checks depends on which Babel is installed: Babel
2.19 moved Spanish, French, Italian and Portuguese to CLDR's three forms, older releases give two.
Each entry maps languages (and the few regions whose rule differs from their language's) to
``(nplurals, plural)``. It was generated once from CLDR 49's plural rules (the integer operand
``n`` only, as gettext evaluates them) and is changed only on purpose, with the catalogs migrated
in the same commit (see docs/translating.md, "Plural forms").
"""

from __future__ import annotations

CLDR_VERSION = "49"

_GROUPS: tuple[tuple[int, str, str], ...] = (
    (
        2,
        "(n != 1)",
        (
            "aa ab ady af agq an ann apc arn ary asa ast az ba bal bas bem bew bez bg bgc bgn blt bqi brh brx "
            "bss bua byn cad cch ccp ce cgg cho chr cic ckb co cop cu da dav de dje dua dv dyo ebu ee el en "
            "eo et eu ewo fi fo frr fur fy gaa gez gl gn gsw guz ha haw hrx ht hu ia ie io isv jgo jmc ka kaa "
            "kaj kam kbd kcg kek ken kgp khq ki kk kkj kl kln kpe ks ksb ksf ku kxv ky la lb lg lij lmo lrc "
            "ltg lu luo luy lzz mai mas mdf mer mfe mgh mgo mhn mi mic ml mn mni moh mr mrh mua mus mww myv "
            "mzn nb nd nds ne nl nmg nn nnh no nr nus nv ny nyn oc oka om or os pap pi pis pms ps qu quc raj "
            "rhg rif rm rn rof rw rwk sa saq sbp sc sd sdh seh shn sid skr sn so sq ss ssy st sus suz sv sw "
            "syr szl ta te teo tg tig tk tn tok tr trv trw ts tt twq tyv ug ur uz vai ve vmw vo vun wae wal "
            "wbp xdq xh xnr xog yav yi yrl za zgh"
        ),
    ),
    (
        1,
        "0",
        (
            "bm bo dz hnj id ig ii ja jbo jv kde kea km ko lkt lo ms my nqo osa sah ses sg su th to tpi vi wo "
            "yo yue zh"
        ),
    ),
    (
        2,
        "(n > 1)",
        "ak am as bho bn csw doi fa ff gu hi hy kab kn kok ln mg nso pa pcm si ti wa zu",
    ),
    (
        3,
        "(n == 1 ? 0 : n == 2 ? 1 : 2)",
        "he iu naq sat se sma smj smn sms",
    ),
    (
        3,
        "(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2)",
        "ca es it lld scn vec",
    ),
    (
        3,
        "n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? 1 : 2",
        "be bs hr ru sr uk",
    ),
    (
        3,
        "(n == 0 ? 0 : n == 1 ? 1 : 2)",
        "blo cv ksh lag",
    ),
    (
        4,
        "n % 100 == 1 ? 0 : n % 100 == 2 ? 1 : (n % 100 == 3 || n % 100 == 4) ? 2 : 3",
        "dsb hsb sl",
    ),
    (
        2,
        "(n % 10 != 1 || n % 100 == 11)",
        "is mk",
    ),
    (
        2,
        "n != 1 && n != 2 && n != 3 && (n % 10 == 4 || n % 10 == 6 || n % 10 == 9)",
        "ceb fil",
    ),
    (
        3,
        "(n % 10 == 0 || n % 100 >= 11 && n % 100 <= 19 ? 0 : n % 10 == 1 && n % 100 != 11 ? 1 : 2)",
        "lv prg",
    ),
    (
        3,
        "(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2",
        "fr pt",
    ),
    (
        3,
        "(n == 1 ? 0 : n >= 2 && n <= 4 ? 1 : 2)",
        "cs sk",
    ),
    (
        2,
        "n >= 2 && (n < 11 || n > 99)",
        "tzm",
    ),
    (
        3,
        "(n == 0 || n == 1 ? 0 : n >= 2 && n <= 10 ? 1 : 2)",
        "shi",
    ),
    (
        3,
        "(n == 1 ? 0 : n == 0 || n != 1 && n % 100 >= 1 && n % 100 <= 19 ? 1 : 2)",
        "ro",
    ),
    (
        3,
        "n % 10 == 1 && (n % 100 < 11 || n % 100 > 19) ? 0 : n % 10 >= 2 && n % 10 <= 9 && (n % 100 < 11 || n % 100 > 19) ? 1 : 2",
        "lt",
    ),
    (
        3,
        "n == 1 ? 0 : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? 1 : 2",
        "pl",
    ),
    (
        4,
        "(n == 1 || n == 11) ? 0 : (n == 2 || n == 12) ? 1 : (n >= 3 && n <= 10 || n >= 13 && n <= 19) ? 2 : 3",
        "gd",
    ),
    (
        4,
        "n % 10 == 1 && n % 100 != 11 ? 0 : n == 2 ? 1 : n != 2 && n % 10 >= 2 && n % 10 <= 9 && (n % 100 < 11 || n % 100 > 19) ? 2 : 3",
        "sgs",
    ),
    (
        4,
        "n % 10 == 1 ? 0 : n % 10 == 2 ? 1 : (n % 100 == 0 || n % 100 == 20 || n % 100 == 40 || n % 100 == 60 || n % 100 == 80) ? 2 : 3",
        "gv",
    ),
    (
        5,
        "(n == 1 ? 0 : n == 2 ? 1 : n == 0 || n % 100 >= 3 && n % 100 <= 10 ? 2 : n % 100 >= 11 && n % 100 <= 19 ? 3 : 4)",
        "mt",
    ),
    (
        5,
        "(n == 1 ? 0 : n == 2 ? 1 : n >= 3 && n <= 6 ? 2 : n >= 7 && n <= 10 ? 3 : 4)",
        "ga",
    ),
    (
        5,
        "n % 10 == 1 && n % 100 != 11 && n % 100 != 71 && n % 100 != 91 ? 0 : n % 10 == 2 && n % 100 != 12 && n % 100 != 72 && n % 100 != 92 ? 1 : ((n % 10 == 3 || n % 10 == 4) || n % 10 == 9) && (n % 100 < 10 || n % 100 > 19) && (n % 100 < 70 || n % 100 > 79) && (n % 100 < 90 || n % 100 > 99) ? 2 : n != 0 && n % 1000000 == 0 ? 3 : 4",
        "br",
    ),
    (
        6,
        "(n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : n % 100 >= 3 && n % 100 <= 10 ? 3 : n % 100 >= 11 && n % 100 <= 99 ? 4 : 5)",
        "ar",
    ),
    (
        6,
        "(n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : n == 3 ? 3 : n == 6 ? 4 : 5)",
        "cy",
    ),
    (
        6,
        "n == 0 ? 0 : n == 1 ? 1 : (n % 100 == 2 || n % 100 == 22 || n % 100 == 42 || n % 100 == 62 || n % 100 == 82) || n % 1000 == 0 && (n % 100000 >= 1000 && n % 100000 <= 20000 || n % 100000 == 40000 || n % 100000 == 60000 || n % 100000 == 80000) || n != 0 && n % 1000000 == 100000 ? 2 : (n % 100 == 3 || n % 100 == 23 || n % 100 == 43 || n % 100 == 63 || n % 100 == 83) ? 3 : n != 1 && (n % 100 == 1 || n % 100 == 21 || n % 100 == 41 || n % 100 == 61 || n % 100 == 81) ? 4 : 5",
        "kw",
    ),
)
_REGIONAL: dict[str, tuple[int, str]] = {
    "pt_PT": (3, "(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2)"),
}


PLURAL_RULES: dict[str, tuple[int, str]] = {
    **{language: (nplurals, plural) for nplurals, plural, names in _GROUPS for language in names.split()},
    **_REGIONAL,
}
"""Language (or ``language_REGION``) -> ``(nplurals, plural expression)``."""


def plural_rule(locale: str) -> tuple[int, str] | None:
    """The rule for a normalised locale (``pt_PT``, then ``pt``), or None when the table has none."""
    parts = locale.split("_")
    for end in range(len(parts), 0, -1):
        found = PLURAL_RULES.get("_".join(parts[:end]))
        if found is not None:
            return found
    return None
