"""Numbers in words: amounts (HK$150m, 1.5億港元), and a parameter's value with its unit."""

from __future__ import annotations

from webapp.wording.text import LANGUAGE, _, ngettext

CHINESE_UNITS = {"zh-Hant": ((10**8, "億"), (10**4, "萬")), "zh-Hans": ((10**8, "亿"), (10**4, "万"))}


def format_hkd(amount, exact: bool = False) -> str:
    """HK$150m, HK$2.8m, HK$250,000 (1.5億港元 in Chinese); with exact=True every digit (HK$150,000,000)."""
    if amount is None:
        return ""
    amount = round(amount)
    lang = LANGUAGE.get()
    if lang in CHINESE_UNITS:
        return _chinese_hkd(amount, exact, CHINESE_UNITS[lang])
    if not exact:
        for size, suffix in ((10**9, "bn"), (10**6, "m")):
            if abs(amount) >= size:
                short = amount / size
                if round(short, 2) * size == amount:
                    return f"HK${short:,.2f}".rstrip("0").rstrip(".") + suffix
    return f"HK${amount:,}"


def _chinese_hkd(amount: int, exact: bool, units) -> str:
    if not exact:
        for size, unit in units:
            if abs(amount) >= size:
                return f"{amount / size:,.2f}".rstrip("0").rstrip(".") + unit + "港元"
    return f"{amount:,}港元"


def format_plain(amount) -> str:
    """An amount as it would be typed into the form: 150,000,000."""
    return f"{round(amount):,}"


def format_value(unit: str, value) -> str:
    """A parameter's value in words, by its unit: HK$150m, 40%, "1:2 (government : company)", 2 years, 1,000."""
    if unit == "hkd":
        return format_hkd(value)
    if unit == "percent":
        return f"{value:g}%"
    if unit == "ratio":
        return _("%(ratio)s (government : company)", ratio=value)
    if unit == "years":
        return ngettext("%(num)s year", "%(num)s years", value)
    return f"{value:,}"


def about_hkd(amount) -> str:
    """An amount as people say it, for sentences: HK$133m, HK$1.2m, HK$250,000 (約4,667萬港元 in Chinese: 4,667萬港元)."""
    if amount is None:
        return ""
    amount = float(amount)
    lang = LANGUAGE.get()
    if lang in CHINESE_UNITS:
        (yi, yi_unit), (wan, wan_unit) = CHINESE_UNITS[lang]
        # Rounded first, so that 99,999,999 is 1億 and not 10,000萬.
        if abs(round(amount / wan)) >= yi // wan:
            return f"{amount / yi:,.1f}".rstrip("0").rstrip(".") + yi_unit + "港元"
        if abs(round(amount)) >= wan:
            return f"{round(amount / wan):,}" + wan_unit + "港元"
        return f"{round(amount):,}港元"
    if abs(round(amount / 10**8)) >= 10:  # 999,999,999 is HK$1bn, not HK$1,000m
        return f"HK${amount / 10**9:,.1f}".rstrip("0").rstrip(".") + "bn"
    if abs(round(amount / 10**5)) >= 1000:  # 99,999,999 is HK$100m
        return f"HK${round(amount / 10**6):,}m"
    if abs(round(amount, -4)) >= 10**6:  # 999,999 is HK$1m, not HK$1,000,000
        return f"HK${amount / 10**6:,.1f}".rstrip("0").rstrip(".") + "m"
    if abs(amount) >= 10**4:
        return f"HK${round(amount, -3):,.0f}"
    return f"HK${round(amount):,}"
