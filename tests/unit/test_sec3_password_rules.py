"""R-SEC3 password policy rules: classes, length, history by salted hash, expiry dates."""

from collective.gongwen.accounts import password as rules

DEFAULTS = rules.Policy()


def test_r_sec3_defaults_are_length_10_three_classes_history_5_expiry_90():
    assert rules.Policy(min_length=10, classes=3, history=5, expiry_days=90) == DEFAULTS


def test_r_sec3_digits_only_is_refused_for_length_and_classes():
    found = rules.weaknesses("12345678", DEFAULTS)
    assert found["too_short"] == 2
    assert found["missing_classes"] == ["upper", "lower", "symbol"]
    assert found["classes_needed"] == 2


def test_r_sec3_classes_are_counted_with_chinese_as_symbols():
    assert rules.classes_in("Ab1-") == {"upper", "lower", "digit", "symbol"}
    assert rules.classes_in("密码abc") == {"symbol", "lower"}
    assert rules.weaknesses("gongwen2026", DEFAULTS) == {
        "missing_classes": ["upper", "symbol"],
        "classes_needed": 1,
    }
    assert rules.weaknesses("Gongwen2026", DEFAULTS) == {}
    assert rules.weaknesses("gongwen-2026", DEFAULTS) == {}


def test_r_sec3_history_keeps_salted_hashes_only_and_the_last_n():
    policy = rules.Policy(history=2)
    history = ()
    for password in ("First-pass-1", "Second-pass-2", "Third-pass-3"):
        history = rules.remembered(history, password, policy)
    assert len(history) == 2
    assert not any("pass" in stored for stored in history)
    assert rules.reused("Third-pass-3", history, policy)
    assert rules.reused("Second-pass-2", history, policy)
    assert not rules.reused("First-pass-1", history, policy)
    # the same password hashed twice gives two different records (salted)
    assert rules.hash_password("x") != rules.hash_password("x")


def test_r_sec3_history_zero_checks_nothing():
    policy = rules.Policy(history=0)
    assert rules.remembered(("a$b",), "Some-pass-1", policy) == ()
    assert not rules.reused("Some-pass-1", (rules.hash_password("Some-pass-1"),), policy)


def test_r_sec3_a_broken_history_record_matches_nothing():
    assert not rules.matches("x", "not-hex$abc")


def test_r_sec3_expiry_counts_from_when_the_password_was_set():
    set_at = 1_700_000_000.0
    assert rules.expires_at(set_at, DEFAULTS) == set_at + 90 * rules.DAY
    assert not rules.is_expired(set_at, set_at + 90 * rules.DAY - 1, DEFAULTS)
    assert rules.is_expired(set_at, set_at + 90 * rules.DAY, DEFAULTS)


def test_r_sec3_unknown_date_or_expiry_zero_never_expires():
    assert not rules.is_expired(None, 2_000_000_000.0, DEFAULTS)
    assert not rules.is_expired(0.0, 2_000_000_000.0, rules.Policy(expiry_days=0))


def test_r_sec3_an_expired_password_opens_only_the_change_form_and_resources():
    from collective.gongwen.accounts.subscribers import allowed_when_expired

    site = "http://host/plone"
    assert allowed_when_expired(f"{site}/@@change-password")
    assert allowed_when_expired(f"{site}/logout")
    assert allowed_when_expired(f"{site}/++plone++static/plone.js")
    assert allowed_when_expired(f"{site}/@users/someone/reset-password")
    # what the 修改密码 page itself loads: the widgets' translations, an uploaded logo
    assert allowed_when_expired(f"{site}/plonejsi18n?domain=widgets&language=zh-cn")
    assert allowed_when_expired(f"{site}/@@site-logo/徽标.png")
    assert not allowed_when_expired(f"{site}/cy/site-logo/../documents")
    assert not allowed_when_expired(f"{site}/@@gongwen-login-activity")
    assert not allowed_when_expired(f"{site}/++api++/@search")
    assert not allowed_when_expired(f"{site}/@users/someone")
    assert not allowed_when_expired(f"{site}/cy/documents?x=change-password")
