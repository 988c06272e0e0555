"""The 主送/抄送 picker (R-D7, org/browser/static/addressbook-picker.js) as a person uses it."""

import re

from playwright.sync_api import expect


def picker(page, field):
    """The picker of ``field`` (``main_recipients``/``cc_recipients``), once the script built it."""
    root = page.locator(f"#formfield-form-widgets-{field} .gongwen-picker")
    expect(root.locator(".gongwen-picker-input")).to_be_visible()
    return root


def pick(page, field, name):
    """Type ``name`` into ``field``'s picker and click its option (the book's, or the free one)."""
    root = picker(page, field)
    root.locator(".gongwen-picker-input").fill(name)
    root.locator(f".gongwen-picker-option[data-name='{name}']").click()
    expect(root.locator(f".gongwen-picker-chip[data-name='{name}']")).to_have_count(1)


def set_recipients(page, field, names):
    """Make ``field`` hold exactly ``names``: remove the chosen ones, then pick each.

    Where the picker cannot read the book (a form outside any unit the user may view),
    the textarea stays, one name a line, and is filled as before.
    """
    # The script marks the textarea once it has read the book, or could not.
    textarea = page.locator(f"#form-widgets-{field}")
    expect(textarea).to_have_attribute("data-gongwen-picker", re.compile(".+"))
    if textarea.get_attribute("data-gongwen-picker") == "unavailable":
        page.fill(f"#form-widgets-{field}", "\n".join(names))
        return
    root = picker(page, field)
    chips = root.locator(".gongwen-picker-remove")
    while chips.count():
        chips.first.click()
    for name in names:
        pick(page, field, name)
