"""Installer for collective.gongwen.

The GenericSetup profiles live in the top-level ``profiles/`` folder; the
package reaches them through the ``src/collective/gongwen/profiles`` link, so
an editable checkout and a built wheel resolve ``profiles/default`` alike.
"""

from pathlib import Path

from setuptools import find_namespace_packages
from setuptools import setup

HERE = Path(__file__).parent

setup(
    name="collective.gongwen",
    version="1.0.0.dev0",
    description="电子公文管理: official-document management for Chinese bureaus on Plone 6.2",
    long_description=(HERE / "README.rst").read_text(encoding="utf-8"),
    long_description_content_type="text/x-rst",
    classifiers=[
        "Environment :: Web Environment",
        "Framework :: Plone",
        "Framework :: Plone :: 6.2",
        "Framework :: Plone :: Addon",
        "Natural Language :: Chinese (Simplified)",
        "Programming Language :: Python :: 3.11",
    ],
    keywords="Plone 公文 gongwen official documents workflow",
    license="GPL-2.0-only",
    package_dir={"": "src"},
    packages=find_namespace_packages(where="src", include=["collective.gongwen*"]),
    include_package_data=False,
    package_data={
        "collective.gongwen": [
            "**/*.zcml",
            "**/*.pt",
            "**/*.js",
            "**/*.css",
            "**/*.po",
            "**/*.pot",
            "**/*.xml",
            "**/*.txt",
            "**/*.json",
            "**/*.png",
            "**/*.svg",
            "**/*.cfg",
        ],
    },
    zip_safe=False,
    python_requires=">=3.11",
    install_requires=[
        "Plone",
        "plone.api",
        "plone.restapi",
        "collective.documentviewer",
        # repoze.catalog (used by collective.documentviewer) imports six
        # without declaring it.
        "six",
        # Background conversion (R-A1): the queue, its Redis backend for
        # scale-out, and the workers' HTTP client.
        "huey",
        "redis",
        "requests",
        # The GB/T 9704 official PDF and processing slips (R-T1, R-T2).
        "weasyprint",
        # WeasyPrint's fonts embedded as compact subsets (typeset/compact_fonts.py): HarfBuzz's
        # subsetter through cffi, the font tables read with fontTools
        "cffi",
        "fonttools",
        # the attachments' pages placed into the official PDF (R-T1)
        "pypdf",
        # the words a long title may break between (GB/T 9704 7.3.1, R-T1); also
        # measured against the search's bigrams in bench/search_quality.py
        "jieba",
        # uploads typed by content (R-SEC5): libmagic1, the Debian package
        "python-magic",
        # SM3 for the audit chain where the bureau asks for 国密 (R-U1)
        "gmssl",
        # the audit log's XLSX export (R-U1)
        "openpyxl",
    ],
    extras_require={
        "test": [
            "plone.app.testing",
            "plone.testing",
            "pytest",
            "pytest-plone",
            "zope.pytestlayer",
            "playwright",
            # a real SMTP server on 127.0.0.1 in the notification tests (SPEC §15)
            "aiosmtpd",
            # reads the typeset PDFs in the layout conformance tests
            "pdfplumber",
            "build",
            "i18ndude",
            "ruff",
            # runs the suite on two cores (CI's time bound)
            "pytest-xdist",
            # the suites' second run on RelStorage/PostgreSQL (SPEC §1, scale-out)
            "RelStorage",
            "psycopg2-binary",
        ],
        # several instances on one database: `make start-cluster` (docs/deployment.rst)
        "cluster": [
            "RelStorage",
            "psycopg2-binary",
        ],
    },
    entry_points={
        "z3c.autoinclude.plugin": ["target = plone"],
        "console_scripts": [
            "gongwen-worker = collective.gongwen.conversion.cli:worker_main",
            "gongwen-convert-all = collective.gongwen.conversion.cli:convert_all_main",
            "gongwen-audit = collective.gongwen.audit.cli:main",
        ],
    },
)
