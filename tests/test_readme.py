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


def test_readme_example_rows_are_the_real_rows():
    rows = [line for block in README.split("```csv")[1:] for line in block.split("```", 1)[0].strip().splitlines()]
    assert len(rows) == 3
    data_lines = [line for path in paths.DATA_DIR.glob("*.csv")
                  for line in path.read_text(encoding="utf-8").splitlines()]
    for row in rows:
        prefix = row.split("…", 1)[0]
        assert any(line.startswith(prefix) for line in data_lines), f"README row not in data/: {row[:60]}"
