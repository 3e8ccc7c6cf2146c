"""datapackage.json is generated from the field dictionary and validates with frictionless."""

from __future__ import annotations

import json

from analysis import paths, schema


def test_committed_datapackage_matches_field_dictionary():
    committed = (paths.DATA_DIR / "datapackage.json").read_text(encoding="utf-8")
    assert committed == schema.render_datapackage(), "run `python -m analysis datapackage` and commit it"


def test_every_field_is_defined_once_and_used():
    used = {column for table in schema.TABLES.values() for column in table.columns}
    assert used == set(schema.FIELDS), f"unused: {set(schema.FIELDS) - used}; undefined: {used - set(schema.FIELDS)}"


def test_frictionless_validates_the_package():
    from frictionless import validate

    report = validate(str(paths.DATA_DIR / "datapackage.json"))
    errors = [error.message for task in report.tasks for error in task.errors]
    assert report.valid, errors[:10]
    assert {r["name"] for r in json.loads(schema.render_datapackage())["resources"]} == set(schema.TABLES)


def test_frictionless_catches_a_broken_foreign_key(editable):
    from frictionless import validate

    editable.set("figures", "an-peacekeepers", "source_id", "no-such-source")
    (editable.folder / "datapackage.json").write_text(schema.render_datapackage(), encoding="utf-8")
    report = validate(str(editable.folder / "datapackage.json"))
    assert not report.valid
    assert any(e.type == "foreign-key" for task in report.tasks for e in task.errors)
