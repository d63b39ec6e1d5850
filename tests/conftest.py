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
