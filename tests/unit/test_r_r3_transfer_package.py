"""R-R3 移交: the transfer package's layout, XML, manifest, round trip and every refusal."""

import hashlib
import xml.etree.ElementTree as ET
import zipfile

import pytest

from collective.gongwen.archive import transfer
from collective.gongwen.archive.transfer import PackageError

FONDS = {"fonds_number": "118", "fonds_title": "长垣河务局", "year": 2026, "actor": "cy_archivist"}
PDF = b"%PDF-1.7\n" + b"0" * 2000 + b"\n%%EOF\n"


def _item(number, **extra):
    code = f"118-WS·2026-D10-BGS-{number:04d}"
    item = {
        "archival_code": code,
        "fonds_number": "118",
        "fonds_title": "长垣河务局",
        "category": "WS",
        "year": 2026,
        "retention": "10_years",
        "organ_code": "BGS",
        "organ_title": "办公室",
        "item_number": number,
        "kind": "outgoing",
        "title": f"关于防汛工作的通知（{number}）",
        "number": f"长河〔2026〕{number}号",
        "responsible": "长垣河务局",
        "date": "2026-03-05",
        "doc_kind": "notice",
        "classification": "none",
        "pages": 2,
        "archived_at": "2026-12-01T02:00:00+00:00",
        "archived_by": "cy_archivist",
        "history": [
            {"time": "2026-03-01 09:00", "actor": "张三", "action": "签发", "text": "同意"}
        ],
    }
    item.update(extra)
    return item


def _files(tmp_path, number):
    official = tmp_path / f"official-{number}.pdf"
    official.write_bytes(PDF + str(number).encode())
    old = tmp_path / f"annex-{number}-v1.txt"
    old.write_bytes("附件第一版".encode())
    new = tmp_path / f"annex-{number}.txt"
    new.write_bytes("附件第二版".encode())
    return [
        {
            "role": "typeset",
            "filename": "通知.pdf",
            "content_type": "application/pdf",
            "local_path": str(official),
            "rendition": str(official),
            "sha256": hashlib.sha256(official.read_bytes()).hexdigest(),
        },
        {
            "role": "attachment",
            "filename": "附件.txt",
            "version": 1,
            "content_type": "text/plain",
            "local_path": str(old),
        },
        {
            "role": "attachment",
            "filename": "附件.txt",
            "content_type": "text/plain",
            "local_path": str(new),
        },
    ]


@pytest.fixture
def package(tmp_path):
    path = tmp_path / "transfer.zip"
    writer = transfer.PackageWriter(str(path), FONDS)
    for number in (1, 2):
        writer.add_item(_item(number), _files(tmp_path, number))
    writer.close()
    return path


def _members(path):
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _rewrite(path, members, target=None):
    target = target or path.with_name("tampered.zip")
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return target


def _resign(members):
    """Members with manifest and checksum recomputed (a tamperer who knows the format)."""
    members = dict(members)
    root = ET.fromstring(members[transfer.MANIFEST_NAME])
    for node in root.findall("文件"):
        data = members[node.get("路径")]
        node.set("大小", str(len(data)))
        for digest in node.findall("数字摘要"):
            digest.text = transfer._digests(data=data)[1 if digest.get("算法") == "SHA-256" else 2]
    manifest = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")
    members[transfer.MANIFEST_NAME] = manifest
    members[transfer.CHECKSUM_NAME] = transfer.checksum_text(manifest)
    return members


def _refused(path, tmp_path, code):
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    with pytest.raises(PackageError) as caught:
        transfer.verify_package(str(path), str(work))
    assert caught.value.code == code, caught.value.mapping
    return caught.value


def test_r_r3_layout_index_manifest_and_item_folders(package):
    members = _members(package)
    code = "118-WS·2026-D10-BGS-0001"
    assert {"index.xml", "manifest.xml", "manifest.sum"} <= set(members)
    assert f"{code}/metadata.xml" in members
    assert f"{code}/01-通知.pdf" in members
    assert f"{code}/01-通知.pdf.pdfa.pdf" in members
    assert f"{code}/02-附件-v1.txt" in members
    assert f"{code}/03-附件.txt" in members
    index = ET.fromstring(members["index.xml"])
    assert index.tag == "移交清单" and index.get("全宗号") == "118" and index.get("件数") == "2"
    assert [line.get("档号") for line in index.findall("件")] == [
        code,
        "118-WS·2026-D10-BGS-0002",
    ]
    manifest = ET.fromstring(members["manifest.xml"])
    listed = {node.get("路径") for node in manifest.findall("文件")}
    assert listed == set(members) - {"manifest.xml", "manifest.sum"}
    sha = hashlib.sha256(members["manifest.xml"]).hexdigest()
    assert f"SHA-256 {sha}" in members["manifest.sum"].decode()


def test_r_r3_item_metadata_has_the_da_t_46_elements(package):
    root = ET.fromstring(_members(package)["118-WS·2026-D10-BGS-0001/metadata.xml"])
    assert root.tag == "文书类电子文件元数据"
    assert root.findtext("档号") == "118-WS·2026-D10-BGS-0001"
    parts = root.find("档号构成")
    assert parts.findtext("全宗号") == "118" and parts.findtext("年度") == "2026"
    assert parts.findtext("保管期限") == "定期10年" and parts.findtext("件号") == "1"
    assert parts.find("机构或问题").get("名称") == "办公室"
    content = root.find("内容描述")
    assert content.findtext("题名") == "关于防汛工作的通知（1）"
    assert content.findtext("文号") == "长河〔2026〕1号"
    assert content.findtext("责任者") == "长垣河务局" and content.findtext("密级") == "非密"
    assert content.findtext("文种") == "通知"
    assert root.find("形式特征").findtext("页数") == "2"
    assert root.find("业务实体").findtext("业务行为") == "签发"
    files = root.find("电子文件").findall("文件")
    assert [f.get("类别") for f in files] == ["正式文件", "正式文件", "附件", "附件"]
    assert files[1].get("转换自") == "118-WS·2026-D10-BGS-0001/01-通知.pdf"
    assert "PDF/A-2b" in files[1].findtext("格式信息")
    assert files[2].get("版本") == "1"
    first = files[0]
    assert first.findtext("计算机文件名") == "通知.pdf"
    assert first.findtext("计算机文件大小") == str(len(PDF) + 1)
    digests = {d.get("算法"): d.text for d in first.findall("数字摘要")}
    assert digests["SHA-256"] == hashlib.sha256(PDF + b"1").hexdigest()
    assert len(digests["SM3"]) == 64


def test_r_r3_round_trip_verifies(package, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    verified = transfer.verify_package(str(package), str(work))
    assert verified.package["fonds_number"] == "118" and verified.package["year"] == 2026
    assert [item.code["item_number"] for item in verified.items] == [1, 2]
    item = verified.items[0]
    assert item.metadata["题名"] == "关于防汛工作的通知（1）"
    assert len(item.files) == 4
    with open(item.files[0]["local_path"], "rb") as unpacked:
        assert unpacked.read() == PDF + b"1"
    assert verified.members == 2 * (4 + 1) + 3


def test_r_r3_writer_refuses_a_file_that_is_no_longer_what_was_archived(tmp_path):
    writer = transfer.PackageWriter(str(tmp_path / "p.zip"), FONDS)
    files = _files(tmp_path, 1)
    files[0]["sha256"] = "0" * 64
    with pytest.raises(PackageError) as caught:
        writer.add_item(_item(1), files)
    writer.abort()
    assert caught.value.code == "checksum_mismatch"
    assert caught.value.mapping["name"] == "118-WS·2026-D10-BGS-0001/01-通知.pdf"
    assert not (tmp_path / "p.zip").exists()


def test_r_r3_refuses_a_file_changed_in_the_package(package, tmp_path):
    members = _members(package)
    members["118-WS·2026-D10-BGS-0002/03-附件.txt"] = "改过的附件内容".encode()
    error = _refused(_rewrite(package, members), tmp_path, "size_mismatch")
    assert error.mapping["name"] == "118-WS·2026-D10-BGS-0002/03-附件.txt"
    members["118-WS·2026-D10-BGS-0002/03-附件.txt"] = "附件第二改".encode()  # same size
    error = _refused(_rewrite(package, members), tmp_path, "checksum_mismatch")
    assert error.mapping["name"] == "118-WS·2026-D10-BGS-0002/03-附件.txt"
    message = transfer.refusal_text(error)
    assert "118-WS·2026-D10-BGS-0002/03-附件.txt" in message and "SHA-256" in message


def test_r_r3_refuses_a_changed_file_with_a_recomputed_manifest(package, tmp_path):
    members = _members(package)
    members["118-WS·2026-D10-BGS-0001/01-通知.pdf"] = PDF + b"X"
    error = _refused(_rewrite(package, _resign(members)), tmp_path, "metadata_checksum")
    assert error.mapping["name"] == "118-WS·2026-D10-BGS-0001/01-通知.pdf"


def test_r_r3_refuses_a_manifest_not_matching_its_checksum(package, tmp_path):
    members = _members(package)
    members["manifest.xml"] = members["manifest.xml"].replace(b"\n", b"\n ", 1)
    _refused(_rewrite(package, members), tmp_path, "manifest_checksum")


def test_r_r3_refuses_missing_and_extra_files(package, tmp_path):
    members = _members(package)
    del members["118-WS·2026-D10-BGS-0001/02-附件-v1.txt"]
    error = _refused(_rewrite(package, members), tmp_path, "file_missing")
    assert error.mapping["name"] == "118-WS·2026-D10-BGS-0001/02-附件-v1.txt"
    members = _members(package)
    members["118-WS·2026-D10-BGS-0001/extra.txt"] = b"extra"
    error = _refused(_rewrite(package, members), tmp_path, "member_unlisted")
    assert error.mapping["name"] == "118-WS·2026-D10-BGS-0001/extra.txt"
    members = _members(package)
    members["118-WS·2026-D10-BGS-0001/extra.txt"] = b"extra"
    error = _refused(_rewrite(package, _resign(members)), tmp_path, "member_unlisted")
    assert error.mapping["name"] == "118-WS·2026-D10-BGS-0001/extra.txt"
    members = _members(package)
    del members["manifest.sum"]
    _refused(_rewrite(package, members), tmp_path, "file_missing")


def test_r_r3_refuses_path_traversal_and_symlinks(package, tmp_path):
    members = _members(package)
    members["../evil.txt"] = b"evil"
    error = _refused(_rewrite(package, members), tmp_path, "unsafe_name")
    assert error.mapping["name"] == "../evil.txt"
    target = tmp_path / "link.zip"
    with zipfile.ZipFile(target, "w") as archive:
        info = zipfile.ZipInfo("index.xml")
        info.external_attr = 0o120777 << 16
        archive.writestr(info, "/etc/passwd")
    _refused(target, tmp_path, "symlink")


def test_r_r3_refuses_a_zip_bomb_before_unpacking(package, tmp_path):
    members = _members(package)
    members["118-WS·2026-D10-BGS-0001/bomb.bin"] = b"\0" * (20 * 1024 * 1024)
    error = _refused(_rewrite(package, members), tmp_path, "compression_ratio")
    assert error.mapping["name"] == "118-WS·2026-D10-BGS-0001/bomb.bin"


def test_r_r3_refuses_what_is_no_zip(tmp_path):
    path = tmp_path / "not.zip"
    path.write_bytes(b"hello")
    _refused(path, tmp_path, "not_zip")


def test_r_r3_refuses_malformed_xml_and_doctype(package, tmp_path):
    name = "118-WS·2026-D10-BGS-0002/metadata.xml"
    members = _members(package)
    members[name] = members[name][:-30]
    error = _refused(_rewrite(package, _resign(members)), tmp_path, "bad_xml")
    assert error.mapping["name"] == name
    members = _members(package)
    members[name] = members[name].replace(b"?>\n", b'?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n', 1)
    error = _refused(_rewrite(package, _resign(members)), tmp_path, "xml_doctype")
    assert error.mapping["name"] == name


def test_r_r3_refuses_missing_metadata_elements(package, tmp_path):
    name = "118-WS·2026-D10-BGS-0002/metadata.xml"
    members = _members(package)
    members[name] = members[name].replace("<责任者>长垣河务局</责任者>".encode(), b"")
    error = _refused(_rewrite(package, _resign(members)), tmp_path, "item_element_missing")
    assert error.mapping == {"name": name, "element": "责任者"}


def test_r_r3_refuses_a_wrong_archival_code(package, tmp_path):
    name = "118-WS·2026-D10-BGS-0002/metadata.xml"
    members = _members(package)
    members[name] = members[name].replace("<件号>2</件号>".encode(), "<件号>3</件号>".encode())
    error = _refused(_rewrite(package, _resign(members)), tmp_path, "wrong_code")
    assert error.mapping["expected"] == "118-WS·2026-D10-BGS-0003"
    assert "118-WS·2026-D10-BGS-0002" in transfer.refusal_text(error)
    members = _members(package)
    members[name] = members[name].replace(
        "<档号>118-WS·2026-D10-BGS-0002</档号>".encode(),
        "<档号>118-WS·2026-D30-BGS-0002</档号>".encode(),
    )
    _refused(_rewrite(package, _resign(members)), tmp_path, "wrong_code")


def test_r_r3_refuses_an_item_not_in_the_index(package, tmp_path):
    members = _members(package)
    members["index.xml"] = members["index.xml"].replace('件数="2"'.encode(), '件数="1"'.encode())
    root = ET.fromstring(members["index.xml"])
    root.remove(root.findall("件")[1])
    members["index.xml"] = ET.tostring(root, encoding="utf-8")
    error = _refused(_rewrite(package, _resign(members)), tmp_path, "item_unlisted")
    assert error.mapping["name"].startswith("118-WS·2026-D10-BGS-0002/")


def test_r_r3_every_refusal_code_has_a_chinese_message():
    for code in transfer.MESSAGES:
        text = transfer.refusal_text(PackageError(code, name="甲/乙"))
        assert "移交包" in text or "「" in text, code


def _real_pdf(tmp_path, number):
    from weasyprint import HTML

    path = tmp_path / f"real-{number}.pdf"
    HTML(string=f"<p>关于防汛工作的通知（{number}）</p><p>长河〔2026〕{number}号</p>").write_pdf(
        str(path)
    )
    return path


def test_r_r3_four_checks_run_on_the_verified_package_and_name_a_gap(tmp_path):
    path = tmp_path / "checked.zip"
    writer = transfer.PackageWriter(str(path), FONDS)
    for number in (1, 3):  # 件号 2 is missing
        official = _real_pdf(tmp_path, number)
        slip = _real_pdf(tmp_path, f"slip-{number}")
        files = [
            {
                "role": "typeset",
                "filename": "通知.pdf",
                "content_type": "application/pdf",
                "local_path": str(official),
            },
            {
                "role": "slip",
                "filename": "发文稿纸.pdf",
                "content_type": "application/pdf",
                "local_path": str(slip),
            },
        ]
        writer.add_item(_item(number, history=[]), files)
    writer.close()
    work = tmp_path / "work"
    work.mkdir()
    verified = transfer.verify_package(str(path), str(work))
    results, sequence = transfer.check_package(verified, scan=None)
    assert [result.label for result in results] == [
        "118-WS·2026-D10-BGS-0001",
        "118-WS·2026-D10-BGS-0003",
    ]
    for result in results:
        # no scanner given: the security check says so; the other three pass
        assert {problem.check for problem in result.problems} == {"security"}, [
            problem.text for problem in result.problems
        ]
        assert result.outcomes["authenticity"] and result.outcomes["usability"]
    assert len(sequence) == 1
    assert "118-WS·2026-D10-BGS" in sequence[0].text and "2" in sequence[0].text


def _with_destroyed(tmp_path, destroyed, numbers=(1, 3)):
    """A package of items ``numbers`` whose index.xml names ``destroyed`` (档号s) 已销毁."""
    path = tmp_path / "destroyed.zip"
    gone = [
        {"archival_code": code, "register_number": n, "destroyed_at": "2026-03-02T09:00:00+08:00"}
        for n, code in enumerate(destroyed, start=1)
    ]
    writer = transfer.PackageWriter(str(path), dict(FONDS, destroyed=gone))
    for number in numbers:
        writer.add_item(_item(number), _files(tmp_path, number))
    writer.close()
    return path


def test_r_r3_an_item_destroyed_under_the_register_is_no_gap_at_transfer(tmp_path):
    path = _with_destroyed(tmp_path, ["118-WS·2026-D10-BGS-0002"])
    root = ET.fromstring(_members(path)["index.xml"])
    (line,) = root.findall(transfer.DESTROYED_ELEMENT)
    assert line.get("档号") == "118-WS·2026-D10-BGS-0002" and line.get("件号") == "2"
    assert line.get("销毁清册号") == "1" and line.get("销毁时间").startswith("2026-03-02")
    assert root.get("件数") == "2" and len(root.findall("件")) == 2  # no folder, not counted
    work = tmp_path / "work"
    work.mkdir()
    verified = transfer.verify_package(str(path), str(work))
    assert verified.destroyed == [(("118", 2026, "10_years", "BGS"), 2)]
    _results, sequence = transfer.check_package(verified, scan=None)
    assert sequence == []


def test_r_r3_without_the_destroyed_line_the_gap_is_named(tmp_path):
    path = _with_destroyed(tmp_path, [])
    work = tmp_path / "work"
    work.mkdir()
    verified = transfer.verify_package(str(path), str(work))
    assert verified.destroyed == []
    _results, sequence = transfer.check_package(verified, scan=None)
    assert [problem.check for problem in sequence] == ["integrity"]
    assert "118-WS·2026-D10-BGS" in sequence[0].text and "缺少件号 2" in sequence[0].text


@pytest.mark.parametrize(
    ("code", "refusal"),
    [
        ("不是档号", "bad_value"),
        ("118-WS·2025-D10-BGS-0002", "wrong_code"),  # another 年度
        ("105-WS·2026-D10-BGS-0002", "wrong_code"),  # another 全宗
        ("118-WS·2026-D10-BGS-0001", "duplicate_member"),  # an item of the package
    ],
)
def test_r_r3_a_destroyed_line_that_is_no_gap_of_this_package_is_refused(tmp_path, code, refusal):
    path = _with_destroyed(tmp_path, [code])
    error = _refused(path, tmp_path, refusal)
    assert transfer.refusal_text(error)


def test_r_r3_a_destroyed_line_whose_item_number_is_not_its_codes_is_refused(tmp_path):
    path = _with_destroyed(tmp_path, ["118-WS·2026-D10-BGS-0002"])
    members = _members(path)
    members["index.xml"] = members["index.xml"].replace(
        'BGS-0002" 件号="2"'.encode(), 'BGS-0002" 件号="7"'.encode()
    )
    assert '件号="7"'.encode() in members["index.xml"]
    error = _refused(_rewrite(path, _resign(members)), tmp_path, "bad_value")
    assert "件号" in error.mapping["element"]
    # listed twice
    path = _with_destroyed(tmp_path, ["118-WS·2026-D10-BGS-0002"] * 2)
    _refused(path, tmp_path, "duplicate_member")
