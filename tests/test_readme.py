"""The README stays true: its tables name every table, qualifier rule and command the code has."""

from __future__ import annotations

from analysis import cli, paths, quantities, schema

README = (paths.REPO_DIR / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands():
    first_block = README.split("```sh", 1)[1].split("```", 1)[0]
    assert "make report" in first_block and "make test" in first_block


def test_readme_lists_every_qualifier_rule_as_the_code_has_it():
    for qualifier, rule in quantities.QUALIFIER_RULES.items():
        assert f"| {qualifier} | {rule.description} |" in README, qualifier


def test_readme_names_every_table_and_command():
    for table in schema.TABLES.values():
        assert f"`{table.path}`" in README, table.path
    for command in cli.COMMANDS:
        assert f"python -m analysis {command}" in README, command
