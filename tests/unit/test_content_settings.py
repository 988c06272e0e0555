"""content reads 公文设置 by record name (content/settings.py); org owns the schema. The names
and the upload default are the schema's, so no stored value moves (R-SEC2, R-SEC5)."""

from collective.gongwen.content import settings
from collective.gongwen.content.bounding import CONFIGURABLE
from collective.gongwen.content.limits import DEFAULT_UPLOAD_MAX_MB
from collective.gongwen.org.settings import IGongwenSettings


def test_r_sec5_the_records_content_reads_are_the_schemas():
    assert IGongwenSettings.__identifier__ == settings.SETTINGS_PREFIX
    assert {*CONFIGURABLE, "upload_max_mb"} <= set(IGongwenSettings.names())
    assert IGongwenSettings["upload_max_mb"].default == DEFAULT_UPLOAD_MAX_MB


def test_r_sec5_settings_text_fields_are_bounded_by_org():
    # bound_fields(IGongwenSettings) runs where the schema is defined (org.settings).
    from collective.gongwen.content.bounding import BoundConstraint

    text_fields = [
        IGongwenSettings[name]
        for name in IGongwenSettings.names()
        if getattr(IGongwenSettings[name], "_type", None) is str
    ]
    assert text_fields
    assert all(isinstance(field.constraint, BoundConstraint) for field in text_fields)
