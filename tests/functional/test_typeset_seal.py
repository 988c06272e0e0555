"""R-T1 over real HTTP: the unit's electronic seal and signature stamp are not for staff to take.

The images are pressed on the 正式文件; anyone who could download them could
forge one. Only administrators see them (field read permission).
"""

import io

import pytest
import requests
import transaction
from PIL import Image
from plone import api
from plone.namedfile.file import NamedBlobImage

from tests.functional.test_incoming_downloads import PASSWORD


def _png():
    image = Image.new("RGBA", (300, 300), (220, 0, 0, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def sealed_unit(functional, functional_portal, portal_url):
    unit = functional_portal["changyuan"]
    with api.env.adopt_roles(["Manager"]):
        unit.seal_image = NamedBlobImage(_png(), filename="seal.png")
        unit.signature_stamp = NamedBlobImage(_png(), filename="stamp.png")
    transaction.commit()
    yield f"{portal_url}/changyuan"
    with api.env.adopt_roles(["Manager"]):
        unit.seal_image = unit.signature_stamp = None
    transaction.commit()


@pytest.mark.parametrize(
    "path",
    [
        "@@images/seal_image",
        "@@images/seal_image/preview",
        "@@download/seal_image",
        "@@display-file/seal_image",
        "@@images/signature_stamp",
        "@@download/signature_stamp",
    ],
)
def test_r_t1_staff_cannot_fetch_the_seal(sealed_unit, path):
    for auth in (("cy_eng_staff", PASSWORD), ("cy_secretary1", PASSWORD), None):
        response = requests.get(
            f"{sealed_unit}/{path}", auth=auth, allow_redirects=False, timeout=30
        )
        assert response.status_code in (302, 401, 403, 404), (auth, response.status_code)
        assert not response.content.startswith(b"\x89PNG")


def test_r_t1_the_administrator_sees_the_seal(sealed_unit):
    response = requests.get(
        f"{sealed_unit}/@@images/seal_image", auth=("admin", "secret"), timeout=30
    )
    assert response.status_code == 200
    assert response.content.startswith(b"\x89PNG")
