"""pyproject.toml and environment.yml ask for the same packages with the same lower bounds."""

from __future__ import annotations

import re
import tomllib

import yaml

from analysis import paths


def _requirement(text: str) -> tuple[str, str]:
    name, bound = re.match(r"^\s*([A-Za-z0-9_.-]+)\s*(.*)$", text).groups()
    return name.lower().replace("_", "-"), bound.replace(" ", "")


def test_conda_environment_matches_pyproject():
    project = tomllib.loads((paths.REPO_DIR / "pyproject.toml").read_text())["project"]
    wanted = project["dependencies"] + [d for extra in project["optional-dependencies"].values() for d in extra]
    env = yaml.safe_load((paths.REPO_DIR / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str) and not d.startswith(("python", "pip"))]
    assert dict(map(_requirement, conda)) == dict(map(_requirement, wanted))
    assert _requirement(project["requires-python"].join(["python", ""]))[1] == dict(
        map(_requirement, [d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python")]))["python"]
