"""收文 pages: the 「办理」 panel (R-I2 … R-I5). Its 催办 is ``steps.browser.remind``'s (shared
with 发文), the overdue statistics ``portal.browser.overdue``'s."""
