from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parent.parent


def _find_seeds() -> Path:
    """The source documents: $MATRANK_SEEDS, else ``shared/seeds`` beside the checkout or
    beside one of its parents (a clone made elsewhere on the project's machine), else the
    project's workspace."""
    import os
    if os.environ.get("MATRANK_SEEDS"):
        return Path(os.environ["MATRANK_SEEDS"])
    for parent in REPO.parents:
        if (parent / "shared" / "seeds").is_dir():
            return parent / "shared" / "seeds"
    return Path("/work/shared/seeds")


SEEDS = _find_seeds()


@pytest.fixture
def mini_case_path() -> Path:
    return DATA / "mini.yaml"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: str):
    """Run the CLI in-process; stderr is kept apart from stdout."""
    from matrank.cli import cli
    return runner.invoke(cli, list(args), catch_exceptions=False)


def error_line(result, exit_code: int, *fragments: str) -> str:
    """The command failed with ``exit_code``, printed no traceback, and said what went wrong
    on one line that holds every fragment (the file, the place, what was found…)."""
    text = (result.stdout or "") + (result.stderr or "")
    assert result.exit_code == exit_code, (result.exit_code, text)
    assert "Traceback" not in text, text
    message = result.stderr.split("Error: ", 1)[-1].rstrip("\n")
    assert "\n" not in message, f"not one line: {message!r}"
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    return message
