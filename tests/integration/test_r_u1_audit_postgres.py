"""R-U1 on the cluster (issue 21): with ``GONGWEN_AUDIT_DB=postgresql://…`` the portal writes its
audit entries into PostgreSQL — a transition's entry is there when the transaction commits and
the 安全审计员's 审计日志 lists it; the verification is queued and shown from the store; a
PostgreSQL that cannot take the entry fails the commit, so the action is not done either.
"""

import pytest
import transaction
from plone import api

from collective.gongwen.audit import chain
from collective.gongwen.audit import record
from collective.gongwen.audit import store
from collective.gongwen.audit import tasks
from tests.integration.test_routing_outgoing import do
from tests.support.audit_records import audit_postgres
from tests.support.audit_records import fresh_store_url
from tests.support.outgoing import draft_outgoing
from tests.support.views import post_as
from tests.support.views import render_as


@pytest.fixture(scope="module")
def pg_url(tmp_path_factory):
    """The portal's audit store in a private PostgreSQL (the application's role) for this
    module; the test run's SQLite store again afterwards."""
    key_file = tmp_path_factory.mktemp("audit-key") / "checkpoint.key"
    with audit_postgres() as port, pytest.MonkeyPatch.context() as patch:
        url = fresh_store_url(port, app_role=True)
        patch.setenv("GONGWEN_AUDIT_DB", url)
        patch.setenv("GONGWEN_AUDIT_KEY_FILE", str(key_file))
        patch.delenv("GONGWEN_AUDIT_KEY", raising=False)
        try:
            yield url
        finally:
            audit = record._stores.pop(url, None)
            if audit is not None:
                audit.close()


@pytest.fixture
def auditor(functional_portal, pg_url):
    if api.user.get(username="t_pg_auditor") is None:
        api.user.create(
            email="pg-aud@example.org", username="t_pg_auditor", password="Gw-Audit-2026!"
        )
        api.user.grant_roles(username="t_pg_auditor", roles=["GongwenAuditor"])
        transaction.commit()
    return "t_pg_auditor"


def test_r_u1_postgres_a_transition_is_written_and_listed_on_the_audit_log(
    functional_portal, pg_url, auditor
):
    audit = record.audit_store()
    assert type(audit).__name__ == "PgAuditStore" and audit.path == pg_url
    document = draft_outgoing(functional_portal, title="集群审计测试通知")
    transaction.commit()
    do(document, "cy_eng_staff", "submit")
    transaction.commit()
    rows, total = audit.search(store.Filters(object_uids=(document.UID(),)), 0, 10)
    assert [row["action"] for row in reversed(rows)] == ["create", "transition"]
    assert rows[0]["actor"] == "cy_eng_staff" and rows[0]["to_state"] == "dept_review"
    assert rows[0]["unit"] == "长垣河务局"
    _view, html = render_as(functional_portal, "gongwen-audit-log", auditor, actor="cy_eng_staff")
    assert "集群审计测试通知" in html and "流转" in html
    # the document's own 审计记录 (whoever may see the document) reads the same store
    view, html = render_as(document, "gongwen-audit-trail", "cy_eng_staff")
    assert view.total == 2 and "流转" in html


def test_r_u1_postgres_verification_queued_and_shown(functional_portal, pg_url, auditor):
    audit = record.audit_store()
    _view, html = post_as(
        functional_portal, "gongwen-audit-verify", auditor, **{"form.verify": "1"}
    )
    assert "已交后台校验" in html
    assert tasks.read_status(pg_url)["state"] == "queued"
    transaction.commit()  # the audit_verify entry
    tasks.verify_now(pg_url, requested_by=auditor)
    audit.checkpoint(chain.checkpoint_key(pg_url))
    view, html = render_as(functional_portal, "gongwen-audit-verify", auditor)
    assert "gongwen-audit-verify-ok" in html
    assert view.entry_count == audit.count() and len(view.checkpoints) == 1


def test_r_u1_postgres_that_cannot_take_the_entry_fails_the_action(
    functional_portal, pg_url, monkeypatch
):
    """The audit store's PostgreSQL is away when the request commits: the vote fails, the
    transaction is aborted — no 发文 without its entry."""
    monkeypatch.setenv("GONGWEN_AUDIT_DB", "postgresql://gongwen_app@127.0.0.1:1/gongwen_audit")
    try:
        draft_outgoing(functional_portal, title="审计库不可用时")
        with pytest.raises(Exception, match="127.0.0.1|Connection refused|connect"):
            transaction.commit()
    finally:
        transaction.abort()
        record._stores.pop("postgresql://gongwen_app@127.0.0.1:1/gongwen_audit", None)
    monkeypatch.setenv("GONGWEN_AUDIT_DB", pg_url)
    assert not api.content.find(portal_type="gongwen_outgoing", Title="审计库不可用时")
    found = record.audit_store().search(store.Filters(actions=("create",)), 0, 50)[0]
    assert "审计库不可用时" not in " ".join(row["summary"] for row in found)
