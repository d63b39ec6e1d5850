from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"


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
