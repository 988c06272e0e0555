"""Who a 发文 is delivered to, in plain Python (R-O10); no Zope imports."""

MAIN = "main"
CC = "cc"


def clean_names(names):
    """Recipient names without blanks and surrounding spaces, in order, each once."""
    seen, result = set(), []
    for name in names or ():
        name = (name or "").strip()
        if name and name not in seen:
            seen.add(name)
            result.append(name)
    return result


def delivery_plan(main_recipients, cc_recipients):
    """``[(name, MAIN or CC), …]``: 主送 first, then 抄送; a 主送 recipient is not also copied."""
    main = clean_names(main_recipients)
    cc = [name for name in clean_names(cc_recipients) if name not in main]
    return [(name, MAIN) for name in main] + [(name, CC) for name in cc]


def has_main_recipient(document):
    """True when ``document`` names at least one 主送机关 (R-O10: it can be sent)."""
    return bool(clean_names(getattr(document, "main_recipients", None)))
